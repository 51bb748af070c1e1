// Every SHA-256 pingyi computes: of files, of bytes, and of the code that makes an output
// (an output's key must change when that code does, not only its data).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** A hash of the files, given relative to `base` (a module's import.meta.url) or absolute. */
export function codeHash(base: string, ...files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(new URL(file, base)));
  return hash.digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const CHUNK = 1 << 20;

/**
 * A file's SHA-256, read in 1 MB pieces so a large file is never held whole. Synchronous on
 * purpose: a build hashes every input and output file, and on a busy machine each trip through
 * libuv's thread pool cost more than the read (a district's 123 files: 0.17 s → 0.03 s).
 */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null))
      hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
