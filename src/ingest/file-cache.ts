// What a build learnt about the input files, kept for the next one (issue #21): each file's
// SHA-256 under its stat, so an unchanged file is not read at all; each content's first look
// (its metadata); each roster candidate's check, so the roster is not read again while
// nothing needs it; and the current roster as read, for a build that reads a form against it
// (kept apart, in `<file>.roster`: it is large, and only such a build loads it). A memo of pure
// functions of what it is keyed by: the database it sits beside may be replaced or restored
// without making it wrong.
//
// When the stat cache can be fooled: a file whose content changed while its size, modification
// time, change time (ctime), inode and device all stayed the same. On a local disk the kernel
// sets the change time on every write and no program can set it back, so this needs a clock
// set back, or a file system without a real change time or inode number (FAT and exFAT
// sticks, some network shares) together with a tool that restores modification times (an
// archive extracted, a sync or copy that preserves times) and a new content of the same size.
// A file written within two seconds of being hashed is hashed again next time: two writes
// inside one tick of a coarse clock (FAT keeps times to 2 s) leave the same times. `--force`
// ignores the cache: every file is hashed and read again.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { FormMetadata } from '../contract/form-metadata.ts';
import type { Roster } from '../contract/roster.ts';
import { sha256File } from '../base/hash.ts';

/** Two seconds in nanoseconds: the coarsest file times (FAT) and clock ticks are finer. */
const RACY_NS = 2_000_000_000n;

interface FileEntry {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
  sha256: string;
}

/** What reading a roster candidate found, for picking the current roster and listing missing forms. */
export interface RosterCheck {
  /** A usable roster. */
  roster: boolean;
  /** Its 填报日期, ISO. */
  fillDate: string | null;
  /** Its organizations, for the missing-forms check. */
  orgs: { orgId: string; name: string }[];
}

interface CacheData {
  version: 1;
  files: Record<string, FileEntry>;
  /** By SHA-256: the metadata a first look found, null for none. */
  peeks: Record<string, FormMetadata | null>;
  /** By the key of a reading (content, name, scheme, reader code). */
  rosters: Record<string, RosterCheck>;
}

/** The kept roster's first line starts with this; another format is not read. */
const ROSTER_FORMAT = 'pingyi-roster-1';

const empty = (): CacheData => ({ version: 1, files: {}, peeks: {}, rosters: {} });

export class FileCache {
  private data: CacheData;
  /** What this run used: only that is kept, so the cache never outgrows the folder. */
  private readonly used: CacheData = empty();
  private changed = false;
  /** The roster this run read, to be kept; the kept one is loaded only when asked for. */
  private newRoster: { key: string; roster: Roster } | null = null;

  /**
   * `file`: where it is kept, null for a run that keeps nothing; `fresh`: learn everything
   * again (a forced build), keeping what it learns.
   */
  constructor(
    private readonly file: string | null,
    private readonly fresh = false,
    /** The clock that tells a file written just now (tests move it on). */
    private readonly now: () => number = Date.now,
  ) {
    this.data = file && !fresh ? load(file) : empty();
  }

  /** The file's SHA-256: from the cache when its stat is the one recorded, else hashed now. */
  sha256(path: string): { sha256: string; size: number; mtime: Date } {
    const s = statSync(path, { bigint: true });
    const stat = {
      size: Number(s.size),
      mtimeNs: String(s.mtimeNs),
      ctimeNs: String(s.ctimeNs),
      ino: String(s.ino),
      dev: String(s.dev),
    };
    const known = this.data.files[path];
    const same =
      known &&
      known.size === stat.size &&
      known.mtimeNs === stat.mtimeNs &&
      known.ctimeNs === stat.ctimeNs &&
      known.ino === stat.ino &&
      known.dev === stat.dev;
    const described = { size: stat.size, mtime: new Date(Number(s.mtimeMs)) };
    if (same) {
      this.used.files[path] = known;
      return { sha256: known.sha256, ...described };
    }
    const hashedAt = BigInt(Math.floor(this.now())) * 1_000_000n;
    const sha256 = sha256File(path);
    this.changed = true;
    // Written too recently to be told apart from a write in the same tick: hashed again next time.
    if (s.mtimeNs + RACY_NS < hashedAt && s.ctimeNs + RACY_NS < hashedAt) this.used.files[path] = { ...stat, sha256 };
    return { sha256, ...described };
  }

  /** The metadata a first look at this content found (null for none); undefined when it was never looked at. */
  peek(sha256: string): FormMetadata | null | undefined {
    const meta = this.data.peeks[sha256];
    if (meta !== undefined) this.used.peeks[sha256] = meta;
    return meta;
  }

  setPeek(sha256: string, meta: FormMetadata | null): FormMetadata | null {
    this.used.peeks[sha256] = meta;
    this.changed = true;
    return meta;
  }

  rosterCheck(key: string): RosterCheck | undefined {
    const check = this.data.rosters[key];
    if (check) this.used.rosters[key] = check;
    return check;
  }

  setRosterCheck(key: string, check: RosterCheck): void {
    this.used.rosters[key] = check;
    this.changed = true;
  }

  /**
   * The roster read under this key (the rosterCheck's: content, name, scheme, reader code) by an
   * earlier build, as it read it: v8's serialization gives back the same objects (dates too).
   */
  roster(key: string): Roster | undefined {
    if (!this.file || this.fresh) return undefined;
    try {
      const bytes = readFileSync(`${this.file}.roster`);
      // The key first, on a line of its own: another key's roster (a province's is 26 MB) is not decoded.
      const end = bytes.indexOf(0x0a);
      if (end < 0 || bytes.toString('utf8', 0, end) !== `${ROSTER_FORMAT} ${key}`) return undefined;
      return deserialize(bytes.subarray(end + 1)) as Roster;
    } catch {
      // None yet, or unreadable: the roster is read from its file.
      return undefined;
    }
  }

  setRoster(key: string, roster: Roster): void {
    this.newRoster = { key, roster };
  }

  /** Keeps what this run used, when it learnt anything or left something out. */
  save(): void {
    if (!this.file) return;
    if (this.newRoster) {
      const { key, roster } = this.newRoster;
      writeAtomically(
        `${this.file}.roster`,
        Buffer.concat([Buffer.from(`${ROSTER_FORMAT} ${key}\n`), serialize(roster)]),
      );
      this.newRoster = null;
    }
    const dropped =
      Object.keys(this.data.files).length !== Object.keys(this.used.files).length ||
      Object.keys(this.data.peeks).length !== Object.keys(this.used.peeks).length ||
      Object.keys(this.data.rosters).length !== Object.keys(this.used.rosters).length;
    if (!this.changed && !dropped) return;
    writeAtomically(this.file, JSON.stringify(this.used));
    this.data = this.used;
  }
}

/** Beside and renamed into place: a build killed while writing leaves the old file whole. */
function writeAtomically(file: string, data: string | Buffer): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}

function load(file: string): CacheData {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CacheData;
    return data.version === 1 && data.files && data.peeks && data.rosters ? data : empty();
  } catch {
    // None yet, or unreadable: every file is hashed and the cache written again.
    return empty();
  }
}
