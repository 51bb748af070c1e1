// Where fontconfig finds fonts on Debian: the system folders and the user's own.
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const FONT_DIRS = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  join(homedir(), '.local/share/fonts'),
  join(homedir(), '.fonts'),
];

/** Every file in the font folders (and `extra`, the user's fonts folder), folder by folder, sorted. */
export async function fontFiles(extra: string | null = null): Promise<string[]> {
  const files: string[] = [];
  for (const dir of extra ? [...FONT_DIRS, extra] : FONT_DIRS) {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    files.push(
      ...entries
        .filter((e) => !e.isDirectory())
        .map((e) => join(e.parentPath, e.name))
        .sort(),
    );
  }
  return files;
}
