// Every SHA-256 pingyi computes, and so every skip or reuse decision's key: of bytes and files,
// of values (a view model, export rows, the scheme), and of the code that makes a thing. A key
// that covers the code changes when a fix does, so no format number has to be bumped by hand.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

const CHUNK = 1 << 20;

/**
 * A file's SHA-256, read in 1 MB pieces so a large file is never held whole. Synchronous on
 * purpose: a build hashes every input and output file, and on a busy machine each trip through
 * libuv's thread pool cost more than the read (a district's 123 files: 0.17 s → 0.03 s).
 */
/**
 * A file's size, modification time in nanoseconds, inode and device: the same again, and the
 * file was not written to nor replaced in between, unless a tool set its time back. Not the
 * change time: hard-linking a file, as publishing does, sets it.
 */
export function fileStat(path: string): string {
  const s = statSync(path, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ino}:${s.dev}`;
}

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

// Averages from DuckDB may differ in the last bits from run to run (the order of a parallel
// sum), and a difference of two equal averages may come out as 1e-14 instead of 0. Documents
// show at most three decimals of anything, so fingerprints see numbers to a millionth.
const steady = (_key: string, v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v;

/**
 * A fingerprint of values as JSON, numbers to a millionth. Object keys count in the order they
 * were set: the code that builds a model always builds it the same way.
 */
export function fingerprint(...values: unknown[]): string {
  return sha256(JSON.stringify(values, steady));
}

/** pingyi's own source folder (src/), where the code a key covers is read from. */
export const SOURCE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The code a key covers. */
export interface Code {
  /** Files and folders of pingyi's source, relative to src/; a folder is every file in it. */
  source: readonly string[];
  /** Installed packages whose version shapes the result (their package.json counts). */
  packages?: readonly string[];
}

// The code running is the code loaded when the process started, so a file is hashed once per
// process: a watching build does not read src/ again on every run.
const hashed = new Map<string, string>();
const once = (id: string, make: () => string) => {
  let h = hashed.get(id);
  if (h === undefined) hashed.set(id, (h = make()));
  return h;
};

/**
 * A fingerprint of a file, or of every file in a folder with its name relative to `root` (so
 * a copy of the same files has the same fingerprint), read now.
 */
export function filesHash(root: string, entry: string): string {
  const path = join(root, entry);
  const files = statSync(path).isDirectory()
    ? readdirSync(path, { recursive: true, encoding: 'utf8' })
        .filter((f) => statSync(join(path, f)).isFile())
        .sort()
        .map((f) => join(entry, f))
    : [entry];
  const hash = createHash('sha256');
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(join(root, file)));
  return hash.digest('hex');
}

const sourceHash = (root: string, entry: string) => once(join(root, entry), () => filesHash(root, entry));

const requireHere = createRequire(import.meta.url);

/** A package's package.json, found as Node would find the package (some refuse `pkg/package.json` imports). */
function packageHash(name: string): string {
  return once(`package:${name}`, () => {
    const dir = requireHere.resolve.paths(name)?.find((d) => existsSync(join(d, name, 'package.json')));
    if (!dir) throw new Error(`package ${name} is not installed`);
    return sha256(readFileSync(join(dir, name, 'package.json')));
  });
}

/**
 * A fingerprint of the code that makes a thing. `root` is src/ except in tests, which point it
 * at a changed copy of the source to see which keys change.
 */
export function codeFingerprint(code: Code, root: string = SOURCE_DIR): string {
  return fingerprint(
    code.source.map((entry) => [entry, sourceHash(root, entry)]),
    (code.packages ?? []).map((name) => [name, packageHash(name)]),
  );
}
