// The sample input (input/) copied, read and scored once; then, for each case, a copy of that
// input and database with one edit, scored again. The cases of test/missing-data.test.ts and
// test/awards.test.ts each start from the sample as it is, so their numbers are the sample's.
import ExcelJS from 'exceljs';
import { copyFileSync, cpSync, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ingest } from '../src/pipeline/ingest.ts';
import { score } from '../src/pipeline/score.ts';
import { loadScheme, parseScheme } from '../src/scheme/load.ts';
import type { Scheme } from '../src/scheme/schema.ts';
import { Store } from '../src/store/db.ts';
import { tempDir } from './helpers.ts';

const { scheme: defaults, text: defaultText } = loadScheme();

export interface Sample {
  input: string;
  db: string;
}

let cases = 0;
const open: Store[] = [];
// Each close writes that database's log into its file: a few seconds for all of them on a busy machine.
afterAll(() => {
  for (const s of open) s.close();
}, 120_000);

/** The sample read and scored into a database of its own. */
export async function scoredSample(): Promise<Sample> {
  const dir = await tempDir('pingyi-sample-');
  const input = join(dir, 'input');
  cpSync('input', input, { recursive: true, preserveTimestamps: true });
  const db = join(dir, 'base.duckdb');
  await Store.using(db, async (store) => {
    await ingest({ store, input, scheme: defaults, schemeText: defaultText });
    await score({ store, scheme: defaults, overrides: [] });
  });
  return { input, db };
}

/**
 * A copy of the sample with `edit` applied to its input folder, read and scored (only the
 * files the edit changed are read again); the scheme is the default one, or its text edited.
 */
export async function editedSample(
  base: Sample,
  edit: (input: string) => Promise<void> = async () => undefined,
  schemeText: string = defaultText,
): Promise<Store> {
  const dir = join(base.input, '..', `case-${++cases}`);
  await mkdir(dir, { recursive: true });
  const input = join(dir, 'input');
  cpSync(base.input, input, { recursive: true, preserveTimestamps: true });
  const db = join(dir, 'case.duckdb');
  copyFileSync(base.db, db);
  if (existsSync(`${base.db}.wal`)) copyFileSync(`${base.db}.wal`, `${db}.wal`);
  await edit(input);
  const scheme: Scheme = schemeText === defaultText ? defaults : parseScheme(schemeText);
  const store = await Store.open(db);
  open.push(store);
  await ingest({ store, input, scheme, schemeText });
  await score({ store, scheme, overrides: [] });
  return store;
}

/** The default scheme's text with edits, each of which must apply. */
export function schemeText(...edits: [string, string][]): string {
  let text = defaultText;
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`the default scheme has no "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

/** Re-saves a workbook of the input after `change` edits one of its sheets, as a branch re-sending its form would. */
export async function editSheet(file: string, sheet: string, change: (ws: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet} in ${file}`);
  change(ws);
  await wb.xlsx.writeFile(file);
}

/** The row of a sheet whose cells in the given columns hold these values (e.g. { A: '党员', B: 'Z02-005' }). */
export function rowWhere(ws: ExcelJS.Worksheet, match: Record<string, string>): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (Object.entries(match).every(([col, v]) => String(row.getCell(col).value ?? '') === v)) return row;
  }
  throw new Error(`no row with ${JSON.stringify(match)} in ${ws.name}`);
}
