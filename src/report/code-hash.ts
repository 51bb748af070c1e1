// Output keys must change when the code that makes the outputs does, not only their data.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A hash of the files, given relative to `base` (a module's import.meta.url) or absolute. */
export function codeHash(base: string, ...files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(new URL(file, base)));
  return hash.digest('hex');
}
