// What a printed PDF depends on besides its HTML: the browser build and the installed
// fonts. Their fingerprint is part of every document's key, so installing a font or
// upgrading Chromium prints everything again, and nothing else does.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.local/share/fonts'), join(homedir(), '.fonts')];

async function describe(path: string): Promise<string> {
  const s = await stat(path).catch(() => null);
  return s ? `${path}\t${s.size}\t${s.mtimeMs}` : `${path}\tmissing`;
}

async function fontFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
}

export async function printEnvironment(browser: string | null): Promise<string> {
  const hash = createHash('sha256');
  hash.update(browser ? await describe(browser) : 'no browser');
  for (const dir of FONT_DIRS) {
    for (const file of (await fontFiles(dir)).sort()) hash.update(`\n${await describe(file)}`);
  }
  return hash.digest('hex');
}
