import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { Manifest } from '../src/pipeline/manifest.ts';
import { codeFingerprint, fingerprint } from '../src/base/hash.ts';
import { GENERATOR_CODE, generateSample } from '../src/sample/generate.ts';
import { loadScheme } from '../src/scheme/load.ts';
import type { Store, SubmissionInput } from '../src/store/db.ts';
import { RECORD_TABLES } from '../src/contract/tables.ts';

export const scheme = loadScheme().scheme;

let submissions = 0;
/** A present, usable file for tests that load records straight into a Store: each call another file, seen a day later. */
export function testSubmission(kind: string, period: string | null, org: string | null): SubmissionInput {
  submissions += 1;
  return {
    sha256: `sha-${submissions}`,
    path: `${kind}-${period ?? ''}-${org ?? ''}.xlsx`,
    kind,
    period,
    org_id: org,
    recognized_by: 'metadata',
    fill_date: null,
    fill_by: null,
    phone: null,
    file_size: 1,
    file_mtime: new Date(Date.UTC(2011, 6, submissions)),
    context_hash: 'c',
    ingested_at: new Date(),
    present: true,
    usable: true,
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
  };
}

/** A temp folder removed after the test file finishes. */
export async function tempDir(prefix = 'pingyi-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Values of one column below the header row, until the first empty key cell. */
export function columnValues(ws: ExcelJS.Worksheet, header: string, headerRow = 3): unknown[] {
  const col = headerColumn(ws, header, headerRow);
  const out: unknown[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const v = ws.getCell(r, col).value;
    out.push(v);
  }
  return out;
}

export function headerColumn(ws: ExcelJS.Worksheet, header: string, headerRow = 3): number {
  let found = 0;
  ws.getRow(headerRow).eachCell((c, n) => {
    if (c.value === header && !found) found = n;
  });
  if (!found) throw new Error(`no header ${header} in ${ws.name}`);
  return found;
}

let generator: string | undefined;

/**
 * A small input written by the sample generator: the roster, the bureau's form and these
 * organizations' forms. Written once per generator code into the temp folder and copied for
 * each test (the generator writes the same bytes every time; the copies are new files, as written).
 */
export async function smallInput(dir: string, o: { orgs?: string[]; periods?: string[] } = {}): Promise<string> {
  const orgs = o.orgs ?? ['J01', 'X01'];
  generator ??= codeFingerprint(GENERATOR_CODE);
  const cached = join(tmpdir(), 'pingyi-test-inputs', fingerprint(generator, orgs, o.periods ?? null).slice(0, 16));
  if (!existsSync(cached)) {
    // Written aside and renamed: a test file running beside this one finds it whole or not at all.
    const writing = `${cached}.${process.pid}`;
    await generateSample({ scheme, outDir: writing, orgs, ...(o.periods && { periods: o.periods }) });
    try {
      renameSync(writing, cached);
    } catch {
      rmSync(writing, { recursive: true, force: true });
    }
  }
  cpSync(cached, dir, { recursive: true });
  return dir;
}

/** Asserts the output folder holds exactly what its manifest lists, every file intact; returns the manifest. */
export function expectWholeOutput(dir: string): Manifest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const e of manifest.outputs) {
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir, e.path)))
        .digest('hex'),
      e.path,
    ).toBe(e.sha256);
  }
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => relative(dir, join(f.parentPath, f.name)));
  expect(files.sort()).toEqual(
    [...manifest.outputs.map((e) => e.path), 'build.log', 'index.html', 'manifest.json'].sort(),
  );
  return manifest;
}

export interface FileRows {
  path: string;
  usable: boolean;
  present: boolean;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  /** Distinct sheet rows with records in the database. */
  loaded: number;
}

/** Each submission's row counts beside the rows its records were loaded from, by path. */
export async function fileRows(store: Store): Promise<FileRows[]> {
  return store.rows<FileRows>(`
    WITH loaded AS (
      SELECT submission_id, count(DISTINCT sheet || ':' || row_no)::INTEGER AS loaded FROM (
        ${RECORD_TABLES.map((t) => `SELECT submission_id, sheet, row_no FROM ${t}`).join(' UNION ALL ')})
      GROUP BY submission_id)
    SELECT path, usable, present, rows_read, rows_accepted, rows_rejected, coalesce(loaded, 0) AS loaded
    FROM submission LEFT JOIN loaded USING (submission_id) ORDER BY path, submission_id`);
}

/** The reconciliation identity, per file: rows read = accepted + rejected = records loaded + rejected. */
export function expectReconciled(files: FileRows[]): void {
  for (const f of files) {
    expect(f.rows_read, f.path).toBe(f.rows_accepted + f.rows_rejected);
    expect(f.loaded, f.path).toBe(f.rows_accepted);
  }
}

/** Runs the pingyi command as people do, without colour. */
export function pingyi(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/pingyi.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
