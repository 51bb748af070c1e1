import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { loadScheme } from '../src/scheme/load.ts';

export const scheme = loadScheme().scheme;

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
