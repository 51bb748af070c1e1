// Finds a sheet's table the way people leave it: title rows above the header, headers
// renamed by a known synonym, columns reordered, blank rows in between.
import type { ColumnSpec, SheetSpec } from '../contract/form-layout.ts';
import { toHalfWidth } from './cells.ts';
import type { BookCell, BookSheet, SheetBook } from './sheet-book.ts';

export type TableCell = BookCell;

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
  /** Rows holding only pre-filled cells (an item nobody scored): not data, but a reader may miss them. */
  unfilled: TableRow[];
}

export type TableResult = { ok: true; table: Table } | { ok: false; reason: string };

/** How far down a header may sit under title rows. */
const HEADER_SEARCH_ROWS = 20;

/**
 * Header cells' texts, normalised: every spec looks at the same top rows of every sheet of every
 * file, and the same few dozen texts come back in each (with the search below, a seventh of the
 * reading's time before: district profile).
 */
const NORMALIZED = new Map<string, string>();
const NORMALIZED_MAX = 10_000;
const NORMALIZED_LENGTH_MAX = 200;

export function normalizeHeader(text: string): string {
  // A long text is no header: not kept, so a hostile sheet cannot fill the memory with them.
  if (text.length > NORMALIZED_LENGTH_MAX) return normalize(text);
  let found = NORMALIZED.get(text);
  if (found === undefined) {
    if (NORMALIZED.size >= NORMALIZED_MAX) NORMALIZED.clear();
    NORMALIZED.set(text, (found = normalize(text)));
  }
  return found;
}

function normalize(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s*＊:：]/g, '')
    .replace(/\((必填|选填|[^)]*分[^)]*)\)$/, '')
    .replace(/（(必填|选填|[^）]*分[^）]*)）$/, '')
    .toLowerCase();
}

const BY_NAME = new WeakMap<SheetSpec, Map<string, ColumnSpec[]>>();

/**
 * A spec's columns (formulas left out) by each normalised header and synonym, each list in the
 * spec's order; made once per spec: every header cell is looked up in it.
 */
function columnsByName(spec: SheetSpec): Map<string, ColumnSpec[]> {
  let found = BY_NAME.get(spec);
  if (!found) {
    found = new Map();
    for (const c of spec.columns) {
      if (c.kind === 'formula') continue;
      for (const name of new Set([c.header, ...(c.synonyms ?? [])].map(normalizeHeader))) {
        const list = found.get(name);
        if (list) list.push(c);
        else found.set(name, [c]);
      }
    }
    BY_NAME.set(spec, found);
  }
  return found;
}

export type SheetMap = Map<string, BookSheet>;

/** The least share of a spec's columns a header must show to be taken for it by signature. */
const SIGNATURE_SHARE = 0.4;

/**
 * Which worksheet holds each spec's table: by sheet name first; the rest by header
 * signature (data copied into a fresh workbook, a CSV), each sheet going to the spec
 * whose columns it shows the largest share of.
 */
export function assignSheets(wb: SheetBook, specs: SheetSpec[]): SheetMap {
  const map: SheetMap = new Map();
  const taken = new Set<BookSheet>();
  for (const spec of specs) {
    const wanted = [spec.name, ...(spec.synonyms ?? [])].map(normalizeHeader);
    const ws = wb.sheets.find((w) => !taken.has(w) && wanted.includes(normalizeHeader(w.name)));
    if (ws) {
      map.set(spec.name, ws);
      taken.add(ws);
    }
  }
  const candidates = wb.sheets
    .filter((ws) => ws.state === 'visible' && !taken.has(ws))
    .flatMap((ws) =>
      specs.filter((s) => !map.has(s.name)).map((spec) => ({ ws, spec, share: signatureShare(ws, spec) })),
    )
    .filter((c) => c.share >= SIGNATURE_SHARE)
    .sort((a, b) => b.share - a.share);
  for (const c of candidates) {
    if (map.has(c.spec.name) || taken.has(c.ws)) continue;
    map.set(c.spec.name, c.ws);
    taken.add(c.ws);
  }
  return map;
}

/** Share of the spec's columns the sheet's header shows; 0 when a required one is missing. */
function signatureShare(ws: BookSheet, spec: SheetSpec): number {
  const header = locateHeader(ws, spec);
  if (!header || spec.columns.some((c) => c.required && !header.columns.has(c.key))) return 0;
  return header.columns.size / spec.columns.filter((c) => c.kind !== 'formula').length;
}

function locateHeader(ws: BookSheet, spec: SheetSpec): { row: number; columns: Map<string, number> } | undefined {
  let best: { row: number; columns: Map<string, number> } | undefined;
  const last = Math.min(ws.rowCount, HEADER_SEARCH_ROWS);
  for (let r = 1; r <= last; r++) {
    const columns = matchHeader(ws, r, spec);
    if (columns.size > (best?.columns.size ?? 0)) best = { row: r, columns };
  }
  return best;
}

/** The columns a header row matches, first match per key. */
function matchHeader(ws: BookSheet, row: number, spec: SheetSpec): Map<string, number> {
  const found = new Map<string, number>();
  const byName = columnsByName(spec);
  for (const [col, text] of ws.rowCells(row)) {
    if (typeof text !== 'string') continue;
    // The first column of the spec with this name not found already.
    const c = byName.get(normalizeHeader(text))?.find((c) => !found.has(c.key));
    if (c) found.set(c.key, col);
  }
  return found;
}

export function readTable(ws: BookSheet, spec: SheetSpec): TableResult {
  const best = locateHeader(ws, spec);
  const required = spec.columns.filter((c) => c.required);
  if (!best) return { ok: false, reason: `找不到表头（应包含 ${required.map((c) => c.header).join('、')}）` };
  const missing = required.filter((c) => !best.columns.has(c.key));
  if (missing.length > 0) return { ok: false, reason: `表头缺少必填列：${missing.map((c) => c.header).join('、')}` };

  const { row: headerRow, columns } = best;
  // A row counts only when something beyond the pre-filled columns was typed into it.
  const typed = spec.columns
    .filter((c) => !c.prefilled && c.kind !== 'formula' && columns.has(c.key))
    .map((c) => c.key);
  const dataKeys = typed.length > 0 ? typed : [...columns.keys()];
  const prefilled = spec.columns.filter((c) => c.prefilled && columns.has(c.key)).map((c) => c.key);
  const rows: TableRow[] = [];
  const unfilled: TableRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const get = (key: string): TableCell => {
      const col = columns.get(key);
      return col === undefined ? { value: null, address: '' } : ws.cell(r, col);
    };
    const empty = (k: string) => {
      const v = get(k).value;
      return v === null || (typeof v === 'string' && v.trim() === '');
    };
    if (!dataKeys.every(empty)) rows.push({ row: r, get });
    else if (typed.length > 0 && !prefilled.every(empty)) unfilled.push({ row: r, get });
  }
  return { ok: true, table: { sheet: ws.name, headerRow, columns, rows, unfilled } };
}
