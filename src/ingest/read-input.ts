// Walks the input folder: finds the files, picks the current roster, reads every form
// against it one workbook at a time, and checks which forms never came back. The caller
// decides which files need reading (the build skips what the database already holds), what
// to do with each reading (load it), and which file is newest (the store's rule).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Roster } from '../contract/roster.ts';
import type { Scheme } from '../scheme/schema.ts';
import { missingFormProblems, type Claim } from './cross-checks.ts';
import type { Problem } from '../contract/problem.ts';
import { codeFingerprint, fingerprint, type Code } from '../base/hash.ts';
import { readingUnits } from './csv-parts.ts';
import { FileCache, type RosterCheck } from './file-cache.ts';
import type { FormMetadata } from '../contract/form-metadata.ts';
import type { FileReading, InputFile } from './read-file.ts';

// The readers (with SheetJS, papaparse and iconv-lite) and the first look load when a file is
// read or looked at for the first time: a folder where nothing changed needs none of them.
let readersLoading: Promise<typeof import('./read-file.ts')> | undefined;
const readers = () => (readersLoading ??= import('./read-file.ts'));
let recogniseLoading: Promise<typeof import('./recognise.ts')> | undefined;
const recognise = () => (recogniseLoading ??= import('./recognise.ts'));

export interface InputOptions {
  dir: string;
  scheme: Scheme;
  /** The scheme file's text: part of every reading's context. */
  schemeText: string;
  /** Folders inside the input folder that are never input (the output, the database). */
  skip?: string[];
  /** Where READER_CODE is read from: src/ unless a test points it at a changed copy. */
  codeRoot?: string;
  /** What earlier runs learnt of the files (file-cache.ts); without it every file is hashed and looked at. */
  cache?: FileCache;
}

/**
 * The code a reading comes from, part of every reading's context: the readers (ingest/), the
 * form layout and record tables they read against (contract/), the scheme's parsing and
 * periods (scheme/), how ages are counted (a mentee must be young), the CSV parser and decoder,
 * and SheetJS (.xls, .xlsb). A fix to any of them reads every file again.
 */
const READER_CODE: Code = {
  source: ['ingest', 'contract', 'scheme', 'base/age.ts'],
  packages: ['papaparse', 'iconv-lite', '@e965/xlsx'],
};

export interface InputVisitor {
  /** False to skip reading a file this context has read before. */
  shouldRead(file: InputFile, contextHash: string): Promise<boolean>;
  onReading(reading: FileReading, contextHash: string): Promise<void>;
  /** Claims of the files not read this time (the caller knows them from before). */
  knownClaims(files: InputFile[]): Promise<Claim[]>;
  /** The files' sha256s, newest first: the newest usable roster is the current one. */
  newestFirst(files: { sha256: string; path: string; fillDate: Date | null; mtime: Date }[]): Promise<string[]>;
  /** Told once the files are listed (0 done), then after each file, read or skipped. */
  progress?(done: number, total: number): void;
}

export interface InputSummary {
  files: InputFile[];
  read: number;
  skipped: number;
  /** The current roster, when a file was read against it (read now, or as an earlier build read it). */
  roster: Roster | null;
  rosterFile: string | null;
  contextHash: string;
  /** Problems across files; each file's own problems went to the visitor. */
  problems: Problem[];
}

const INPUT_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xlsb', '.csv', '.xls', '.et', '.ods', '.txt']);

/**
 * Never input: Office lock files (~$…), hidden files (LibreOffice's .~lock…#), and files
 * still being saved or downloaded (.tmp, .part, .crdownload, .partial).
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.') || /\.(tmp|part|partial|crdownload)$/i.test(name);
}

/** The input folder's files, and its folders (itself first), leaving out ignored names and `skip`. */
export async function listInput(dir: string, skip: string[] = []): Promise<{ files: string[]; folders: string[] }> {
  const root = resolve(dir);
  // Only folders inside the input folder are skipped: a database folder that holds input/ is not.
  const skipped = skip.map((s) => resolve(s)).filter((s) => s.startsWith(root + sep));
  const entries = (await readdir(root, { withFileTypes: true, recursive: true }))
    .map((e) => ({ e, path: join(e.parentPath, e.name) }))
    .filter(({ path }) => !relative(root, path).split(sep).some(isIgnoredName))
    .filter(({ path }) => !skipped.some((s) => path === s || path.startsWith(s + sep)));
  const paths = (isKind: (e: Dirent) => boolean) =>
    entries
      .filter(({ e }) => isKind(e))
      .map(({ path }) => path)
      .sort();
  return { files: paths((e) => e.isFile()), folders: [root, ...paths((e) => e.isDirectory())] };
}

export async function listInputFiles(dir: string, skip: string[] = []): Promise<string[]> {
  return (await listInput(dir, skip)).files;
}

export async function readInput(o: InputOptions, visitor: InputVisitor): Promise<InputSummary> {
  const dir = resolve(o.dir);
  const cache = o.cache ?? new FileCache(null);
  const paths = await listInputFiles(dir, o.skip);
  const problems: Problem[] = [];
  const files: InputFile[] = [];
  const bySha = new Map<string, InputFile>();
  const readerCode = codeFingerprint(READER_CODE, o.codeRoot);
  for (const path of paths) {
    const file: InputFile = { path, name: relative(dir, path), ...cache.sha256(path) };
    const first = bySha.get(file.sha256);
    if (first) {
      problems.push({ severity: 'warning', file: file.name, message: `与“${first.name}”内容完全相同，只读取一次` });
      continue;
    }
    if (!INPUT_EXTENSIONS.has(extname(path).toLowerCase()) && file.size > 0 && (await peekFile(file, cache)) === null) {
      problems.push({ severity: 'warning', file: file.name, message: '不是评议表文件，已跳过' });
      continue;
    }
    bySha.set(file.sha256, file);
    files.push(file);
  }

  const rosterPick = await pickRoster(files, { ...o, cache, readerCode }, visitor);
  problems.push(...rosterPick.problems);
  // Read only when a file is read against it: an unchanged folder does not read it again, and a
  // roster read by an earlier build under the same key is taken as it read it (a province's
  // 150,000 members: 6 s to read, 0.7 s from the cache). Read from its file, it is kept for later builds.
  const kept = (reading: FileReading | null) => {
    if (reading?.roster && rosterPick.key) cache.setRoster(rosterPick.key, reading.roster.roster);
    return reading;
  };
  let rosterReading = kept(rosterPick.reading);
  let current: Roster | null | undefined;
  const currentRoster = async (): Promise<Roster | null> => {
    if (current !== undefined) return current;
    if (!rosterReading && rosterPick.file) {
      const earlier = cache.roster(rosterPick.key!);
      if (earlier) return (current = earlier);
      rosterReading = kept(await (await readers()).readInputFile(rosterPick.file, o.scheme, null));
    }
    return (current = rosterReading?.roster?.roster ?? null);
  };
  // With the file's own SHA-256, this is the file's ingest key: equal keys, equal readings.
  const contextHash = fingerprint(rosterPick.file?.sha256 ?? null, o.schemeText, readerCode);

  const claims: Claim[] = [];
  const notRead: InputFile[] = [];
  let read = 0;
  let done = 0;
  visitor.progress?.(0, files.length);
  for (const unit of readingUnits(files, o.scheme)) {
    // A part of a CSV export is read again when any part of its form changes.
    const hash = unit.length === 1 ? contextHash : fingerprint(contextHash, unit.map((f) => f.sha256).sort());
    let wanted = false;
    for (const file of unit) wanted = (await visitor.shouldRead(file, hash)) || wanted;
    if (wanted) {
      const roster = await currentRoster();
      const { readCsvParts, readInputFile } = await readers();
      const readings =
        unit.length > 1
          ? await readCsvParts(unit, o.scheme, roster)
          : [
              rosterReading && unit[0] === rosterReading.file
                ? rosterReading
                : await readInputFile(unit[0]!, o.scheme, roster),
            ];
      for (const reading of readings) {
        read += 1;
        await visitor.onReading(reading, hash);
        const claim = claimOf(reading, (await readers()).submissionKind);
        if (claim) claims.push(claim);
        visitor.progress?.(++done, files.length);
      }
    } else {
      notRead.push(...unit);
      done += unit.length;
      visitor.progress?.(done, files.length);
    }
  }
  claims.push(...(await visitor.knownClaims(notRead)));
  if (rosterPick.orgs)
    problems.push(
      ...missingFormProblems(
        claims.filter((c) => c.kind !== 'roster'),
        rosterPick.orgs,
      ),
    );
  return {
    files,
    read,
    skipped: notRead.length,
    roster: current ?? null,
    rosterFile: rosterPick.file?.name ?? null,
    contextHash,
    problems,
  };
}

function claimOf(r: FileReading, kindOf: (r: FileReading) => string): Claim | null {
  if (!r.usable || !r.recognition) return null;
  return { name: r.file.name, kind: kindOf(r), period: r.recognition.period, orgId: r.recognition.orgId };
}

/** The metadata a first look at the file finds (null for none): files without an extension we know are read only when they are workbooks in disguise. */
async function peekFile(file: InputFile, cache: FileCache): Promise<FormMetadata | null> {
  const known = cache.peek(file.sha256);
  if (known !== undefined) return known;
  const bytes = (await readers()).readOrNull(file.path) ?? new Uint8Array();
  return cache.setPeek(file.sha256, (await recognise()).peekMetadata(bytes));
}

/**
 * The newest usable roster in the folder (the others are reported and kept in history), with
 * its organizations; its reading when it had to be read to know that. A candidate read before
 * under the same scheme and code is not read again (file-cache.ts).
 */
async function pickRoster(
  files: InputFile[],
  o: { scheme: Scheme; schemeText: string; readerCode: string; cache: FileCache },
  visitor: InputVisitor,
): Promise<{
  file: InputFile | null;
  /** The key of its reading (content, name, scheme, reader code): the file cache's. */
  key: string | null;
  reading: FileReading | null;
  orgs: RosterCheck['orgs'] | null;
  problems: Problem[];
}> {
  const candidates: { file: InputFile; key: string; check: RosterCheck; reading?: FileReading }[] = [];
  for (const file of files) {
    const meta = await peekFile(file, o.cache);
    if (meta && meta.kind !== 'roster') continue;
    if (!meta && !/\.(xls[xmb]?|ods)$/i.test(file.name)) continue;
    // The reading's inputs: the roster is read against no roster.
    const key = fingerprint(file.sha256, file.name, o.schemeText, o.readerCode);
    const known = o.cache.rosterCheck(key);
    if (known) {
      if (known.roster) candidates.push({ file, key, check: known });
      continue;
    }
    const reading = await (await readers()).readInputFile(file, o.scheme, null);
    const roster = reading.recognition?.kind === 'roster' && reading.usable ? reading.roster?.roster : undefined;
    const check: RosterCheck = {
      roster: roster !== undefined,
      fillDate: reading.fields.fillDate?.toISOString() ?? null,
      orgs: roster?.orgs.map((org) => ({ orgId: org.orgId, name: org.name })) ?? [],
    };
    o.cache.setRosterCheck(key, check);
    if (check.roster) candidates.push({ file, key, check, reading });
  }
  if (candidates.length === 0) {
    return {
      file: null,
      key: null,
      reading: null,
      orgs: null,
      problems: [
        {
          severity: 'error',
          file: '',
          message:
            'input 文件夹中没有可用的名册（党组织和党员名册），无法核对各表格；请放入名册，可用 pingyi forms --roster-template 生成空白名册',
        },
      ],
    };
  }
  const [newest] = await visitor.newestFirst(
    candidates.map((c) => ({
      sha256: c.file.sha256,
      path: c.file.name,
      fillDate: c.check.fillDate === null ? null : new Date(c.check.fillDate),
      mtime: c.file.mtime,
    })),
  );
  const chosen = candidates.find((c) => c.file.sha256 === newest)!;
  return { file: chosen.file, key: chosen.key, reading: chosen.reading ?? null, orgs: chosen.check.orgs, problems: [] };
}
