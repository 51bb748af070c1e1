// What a printed PDF depends on besides its HTML: the browser build, the installed fonts
// and the printing code. Their fingerprint is part of every document's key, so installing
// a font or upgrading Chromium prints everything again, and nothing else does.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { codeHash } from '../base/hash.ts';
import { fontFiles } from './fonts/font-files.ts';
import { PRINT_FONT_CODE } from './fonts/print-font.ts';

const PRINT_CODE = codeHash(import.meta.url, './browser.ts', './print-batch.ts', './pdf-split.ts');

async function describe(path: string): Promise<string> {
  const s = await stat(path).catch(() => null);
  return s ? `${path}\t${s.size}\t${s.mtimeMs}` : `${path}\tmissing`;
}

/** `fontsDir`: the user's fonts folder, whose fonts the documents use before the system's. */
export async function printEnvironment(browser: string | null, fontsDir: string | null = null): Promise<string> {
  const hash = createHash('sha256');
  hash.update(browser ? await describe(browser) : 'no browser');
  for (const file of await fontFiles(fontsDir)) hash.update(`\n${await describe(file)}`);
  hash.update(`\n${PRINT_FONT_CODE}`).update(PRINT_CODE);
  return hash.digest('hex');
}
