// Reads the data rows of one sheet through a per-row reader. Every failure is reported
// at its cell; a row with an error is dropped, the rest kept; and the rows are counted
// so that, per file, rows read = rows accepted + rows rejected.
import type { SheetSpec } from '../contract/form-layout.ts';
import { cleanText, type Parsed, type Scalar } from './cells.ts';
import type { ProblemLog } from '../contract/problem.ts';
import { readTable, type SheetMap, type TableRow } from './table.ts';

export interface RowCounts {
  read: number;
  accepted: number;
  rejected: number;
}

export const emptyCounts = (): RowCounts => ({ read: 0, accepted: 0, rejected: 0 });

/** Checks one row's cells, reporting each failure at its cell; remembers whether any failed. */
export class RowCheck {
  failed = false;
  constructor(
    readonly row: TableRow,
    readonly sheet: string,
    private readonly spec: SheetSpec,
    private readonly log: ProblemLog,
  ) {}

  /** The parsed value, or undefined after reporting why the cell is unusable. */
  take<V>(key: string, parsed: Parsed<V>): V | undefined {
    if (parsed.ok) return parsed.value;
    this.reject(key, `${this.header(key)}${parsed.reason}`);
    return undefined;
  }

  /** An error about this row found by a rule across cells; the row is dropped. */
  reject(key: string, message: string): void {
    this.failed = true;
    const cell = this.row.get(key);
    this.log.error(this.sheet, cell.address || String(this.row.row), cleanText(cell.value), message);
  }

  /** A warning: the row is kept and the problem shown in the report. */
  warn(key: string, message: string): void {
    const cell = this.row.get(key);
    this.log.warn(this.sheet, cell.address || String(this.row.row), cleanText(cell.value), message);
  }

  value(key: string): Scalar {
    return this.row.get(key).value;
  }

  text(key: string): string {
    return cleanText(this.row.get(key).value);
  }

  header(key: string): string {
    return `“${this.spec.columns.find((c) => c.key === key)?.header ?? key}”`;
  }
}

export interface SheetRows<T> {
  /** Null when the sheet is absent or has no usable header (already reported). */
  sheet: string | null;
  rows: { value: T; row: TableRow }[];
  /** Rows with only their pre-filled cells (see Table.unfilled). */
  unfilled: TableRow[];
  /** Filled rows found, accepted or not: 0 on a sheet left blank. */
  read: number;
}

/**
 * Reads every filled row of a sheet. `read` returns undefined for a row it rejects
 * without a cell error (it must then have called reject).
 */
export function readSheetRows<T>(
  sheets: SheetMap,
  spec: SheetSpec,
  log: ProblemLog,
  counts: RowCounts,
  missing: 'error' | 'warning' | 'ignore',
  read: (c: RowCheck) => T | undefined,
): SheetRows<T> {
  const ws = sheets.get(spec.name);
  if (!ws) {
    if (missing !== 'ignore') log.add(missing, undefined, undefined, undefined, `找不到“${spec.name}”工作表`);
    return { sheet: null, rows: [], unfilled: [], read: 0 };
  }
  const t = readTable(ws, spec);
  if (!t.ok) {
    log.error(ws.name, undefined, undefined, t.reason);
    return { sheet: null, rows: [], unfilled: [], read: 0 };
  }
  const rows: { value: T; row: TableRow }[] = [];
  for (const row of t.table.rows) {
    counts.read += 1;
    const check = new RowCheck(row, ws.name, spec, log);
    const value = read(check);
    if (check.failed || value === undefined) {
      counts.rejected += 1;
    } else {
      counts.accepted += 1;
      rows.push({ value, row });
    }
  }
  return { sheet: ws.name, rows, unfilled: t.table.unfilled, read: t.table.rows.length };
}

/** A sheet that is there but was left blank: one warning naming it and what is missing. */
export function warnIfBlank(result: SheetRows<unknown>, log: ProblemLog, what: string): boolean {
  if (result.sheet === null || result.read > 0) return false;
  log.warn(result.sheet, undefined, undefined, `“${result.sheet}”工作表没有填写，本期没有${what}`);
  return true;
}
