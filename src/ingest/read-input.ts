// Walks the input folder: finds the files, picks the current roster, reads every form
// against it one workbook at a time, and checks which forms never came back. The caller
// decides which files need reading (the build skips what the database already holds), what
// to do with each reading (load it), and which file is newest (the store's rule).
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Roster } from '../contract/roster.ts';
import type { Scheme } from '../scheme/schema.ts';
import { missingFormProblems, type Claim } from './cross-checks.ts';
import type { Problem } from '../contract/problem.ts';
import { codeFingerprint, fingerprint, sha256File, type Code } from '../base/hash.ts';
import { readingUnits } from './csv-parts.ts';
import {
  readCsvParts,
  readInputFile,
  readOrNull,
  submissionKind,
  type FileReading,
  type InputFile,
} from './read-file.ts';
import { peekMetadata } from './recognise.ts';

export interface InputOptions {
  dir: string;
  scheme: Scheme;
  /** The scheme file's text: part of every reading's context. */
  schemeText: string;
  /** Folders inside the input folder that are never input (the output, the database). */
  skip?: string[];
  /** Where READER_CODE is read from: src/ unless a test points it at a changed copy. */
  codeRoot?: string;
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
  /** Told after each file, read or skipped. */
  progress?(done: number, total: number): void;
}

export interface InputSummary {
  files: InputFile[];
  read: number;
  skipped: number;
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

export async function listInputFiles(dir: string, skip: string[] = []): Promise<string[]> {
  const root = resolve(dir);
  // Only folders inside the input folder are skipped: a database folder that holds input/ is not.
  const skipped = skip.map((s) => resolve(s)).filter((s) => s.startsWith(root + sep));
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !relative(root, p).split(sep).some(isIgnoredName))
    .filter((p) => !skipped.some((s) => p === s || p.startsWith(s + sep)))
    .sort();
}

async function describeFile(path: string, dir: string): Promise<InputFile> {
  const hash = sha256File(path);
  const info = await stat(path);
  return { path, name: relative(dir, path), sha256: hash, size: info.size, mtime: info.mtime };
}

export async function readInput(o: InputOptions, visitor: InputVisitor): Promise<InputSummary> {
  const dir = resolve(o.dir);
  const paths = await listInputFiles(dir, o.skip);
  const problems: Problem[] = [];
  const files: InputFile[] = [];
  const bySha = new Map<string, InputFile>();
  for (const path of paths) {
    const file = await describeFile(path, dir);
    const first = bySha.get(file.sha256);
    if (first) {
      problems.push({ severity: 'warning', file: file.name, message: `与“${first.name}”内容完全相同，只读取一次` });
      continue;
    }
    if (!INPUT_EXTENSIONS.has(extname(path).toLowerCase()) && file.size > 0 && !(await looksLikeWorkbook(file))) {
      problems.push({ severity: 'warning', file: file.name, message: '不是评议表文件，已跳过' });
      continue;
    }
    bySha.set(file.sha256, file);
    files.push(file);
  }

  const rosterPick = await pickRoster(files, o.scheme, visitor);
  problems.push(...rosterPick.problems);
  const rosterReading = rosterPick.reading;
  const roster = rosterReading?.roster?.roster ?? null;
  // With the file's own SHA-256, this is the file's ingest key: equal keys, equal readings.
  const contextHash = fingerprint(
    rosterPick.reading?.file.sha256 ?? null,
    o.schemeText,
    codeFingerprint(READER_CODE, o.codeRoot),
  );

  const claims: Claim[] = [];
  const notRead: InputFile[] = [];
  let read = 0;
  let done = 0;
  for (const unit of readingUnits(files, o.scheme)) {
    // A part of a CSV export is read again when any part of its form changes.
    const hash = unit.length === 1 ? contextHash : fingerprint(contextHash, unit.map((f) => f.sha256).sort());
    let wanted = false;
    for (const file of unit) wanted = (await visitor.shouldRead(file, hash)) || wanted;
    if (wanted) {
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
        const claim = claimOf(reading);
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
  if (roster)
    problems.push(
      ...missingFormProblems(
        claims.filter((c) => c.kind !== 'roster'),
        roster,
      ),
    );
  return {
    files,
    read,
    skipped: notRead.length,
    roster,
    rosterFile: rosterPick.reading?.file.name ?? null,
    contextHash,
    problems,
  };
}

export function claimOf(r: FileReading): Claim | null {
  if (!r.usable || !r.recognition) return null;
  return { name: r.file.name, kind: submissionKind(r), period: r.recognition.period, orgId: r.recognition.orgId };
}

/** Files without an extension we know are read only when they are workbooks in disguise. */
async function looksLikeWorkbook(file: InputFile): Promise<boolean> {
  return (await peekFile(file)) !== null;
}

async function peekFile(file: InputFile) {
  return peekMetadata(readOrNull(file.path) ?? new Uint8Array());
}

/** The newest usable roster in the folder; the others are reported and kept in history. */
async function pickRoster(
  files: InputFile[],
  scheme: Scheme,
  visitor: InputVisitor,
): Promise<{ reading: FileReading | null; problems: Problem[] }> {
  const candidates: FileReading[] = [];
  for (const file of files) {
    const meta = await peekFile(file);
    if (meta && meta.kind !== 'roster') continue;
    if (!meta && !/\.(xls[xmb]?|ods)$/i.test(file.name)) continue;
    const reading = await readInputFile(file, scheme, null);
    if (reading.recognition?.kind === 'roster' && reading.usable) candidates.push(reading);
  }
  if (candidates.length === 0) {
    return {
      reading: null,
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
    candidates.map((r) => ({
      sha256: r.file.sha256,
      path: r.file.name,
      fillDate: r.fields.fillDate,
      mtime: r.file.mtime,
    })),
  );
  return { reading: candidates.find((r) => r.file.sha256 === newest)!, problems: [] };
}
