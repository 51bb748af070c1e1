// Finds a sheet's table the way people leave it: title rows above the header, headers
// renamed by a known synonym, columns reordered, blank rows in between.
import type ExcelJS from 'exceljs';
import type { ColumnSpec, SheetSpec } from '../forms/layout.ts';
import { cellScalar, toHalfWidth, type Scalar } from './cells.ts';

export interface TableCell {
  value: Scalar;
  address: string;
}

export interface TableRow {
  row: number;
  get(key: string): TableCell;
}

export interface Table {
  sheet: string;
  headerRow: number;
  /** Column number (1-based) of each spec key found. */
  columns: Map<string, number>;
  rows: TableRow[];
}

export type TableResult = { ok: true; table: Table } | { ok: false; reason: string };

/** How far down a header may sit under title rows. */
const HEADER_SEARCH_ROWS = 20;

export function normalizeHeader(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s*＊:：]/g, '')
    .replace(/\((必填|选填|[^)]*分[^)]*)\)$/, '')
    .replace(/（(必填|选填|[^）]*分[^）]*)）$/, '')
    .toLowerCase();
}

function names(c: ColumnSpec): string[] {
  return [c.header, ...(c.synonyms ?? [])].map(normalizeHeader);
}

export function findSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet | undefined {
  const wanted = [spec.name, ...(spec.synonyms ?? [])].map(normalizeHeader);
  return wb.worksheets.find((ws) => wanted.includes(normalizeHeader(ws.name)));
}

/** The columns a header row matches, first match per key. */
function matchHeader(row: ExcelJS.Row, spec: SheetSpec): Map<string, number> {
  const found = new Map<string, number>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellScalar(cell.value);
    if (typeof text !== 'string') return;
    const h = normalizeHeader(text);
    const c = spec.columns.find((c) => c.kind !== 'formula' && !found.has(c.key) && names(c).includes(h));
    if (c) found.set(c.key, col);
  });
  return found;
}

export function readTable(ws: ExcelJS.Worksheet, spec: SheetSpec): TableResult {
  let best: { row: number; columns: Map<string, number> } | undefined;
  const last = Math.min(ws.rowCount, HEADER_SEARCH_ROWS);
  for (let r = 1; r <= last; r++) {
    const columns = matchHeader(ws.getRow(r), spec);
    if (columns.size > (best?.columns.size ?? 0)) best = { row: r, columns };
  }
  const required = spec.columns.filter((c) => c.required);
  if (!best) return { ok: false, reason: `找不到表头（应包含 ${required.map((c) => c.header).join('、')}）` };
  const missing = required.filter((c) => !best.columns.has(c.key));
  if (missing.length > 0) return { ok: false, reason: `表头缺少必填列：${missing.map((c) => c.header).join('、')}` };

  const { row: headerRow, columns } = best;
  const rows: TableRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (key: string): TableCell => {
      const col = columns.get(key);
      if (col === undefined) return { value: null, address: '' };
      const cell = row.getCell(col);
      return { value: cellScalar(cell.value), address: cell.address };
    };
    const blank = [...columns.keys()].every((k) => {
      const v = get(k).value;
      return v === null || (typeof v === 'string' && v.trim() === '');
    });
    if (!blank) rows.push({ row: r, get });
  }
  return { ok: true, table: { sheet: ws.name, headerRow, columns, rows } };
}
