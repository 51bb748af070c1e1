// The workbook as the readers see it: named sheets of plain cell values (the Scalars of
// cells.ts), whoever produced them — the xlsx reader or a CSV file (and, in the tests, an
// exceljs workbook built in memory). Everything in src/ingest reads through this alone.
import { MergedOver, type Scalar } from './cells.ts';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface BookCell {
  value: Scalar;
  /** A1-style, e.g. "C12". */
  address: string;
}

export interface BookSheet {
  readonly name: string;
  readonly state: SheetState;
  /** The last row in use, counted as exceljs does: rows present in the file and merged ranges. */
  readonly rowCount: number;
  /**
   * 1-based; null when empty. A cell covered by a merged range keeps its own value; without one
   * it shows the range's first cell when that is text, and a MergedOver when it is a number.
   */
  value(row: number, col: number): Scalar;
  cell(row: number, col: number): BookCell;
  /** Column and value of each non-empty cell of a row, left to right. */
  rowCells(row: number): [number, Scalar][];
  /** Merged ranges (`D5:E5`) over numbers that every covered cell still holds: read, and reported. */
  readonly numberMerges: readonly string[];
}

export interface CellRef {
  sheet: string;
  address: string;
}

export interface SheetBook {
  /** In the workbook's tab order. */
  readonly sheets: readonly BookSheet[];
  getSheet(name: string): BookSheet | undefined;
  /** The cell a defined name points at; null when it is absent or names a range. */
  definedName(name: string): CellRef | null;
  /** The document description (docProps/core.xml), where pingyi keeps its form metadata. */
  readonly description: string | null;
}

const LETTERS: string[] = [];

export function columnLetters(col: number): string {
  let letters = LETTERS[col];
  if (letters === undefined) {
    letters = '';
    for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    LETTERS[col] = letters;
  }
  return letters;
}

export function cellAddress(row: number, col: number): string {
  return columnLetters(col) + row;
}

/** The address is spelled out only when asked for: most cells read are never reported. */
class GridCell implements BookCell {
  constructor(
    readonly value: Scalar,
    private readonly row: number,
    private readonly col: number,
  ) {}

  get address(): string {
    return cellAddress(this.row, this.col);
  }
}

/** A sheet held as arrays of values, one per row: what the xlsx and CSV readers fill. */
export class GridSheet implements BookSheet {
  rowCount = 0;
  readonly numberMerges: string[] = [];
  private readonly rows: (Scalar[] | undefined)[] = [];

  constructor(
    readonly name: string,
    readonly state: SheetState = 'visible',
  ) {}

  set(row: number, col: number, value: Scalar): void {
    this.touch(row);
    const cells = (this.rows[row] ??= []);
    if (value === null) delete cells[col];
    else cells[col] = value;
  }

  /** The row exists (in the file, or in a merged range) even when it holds nothing. */
  touch(row: number): void {
    if (row > this.rowCount) this.rowCount = row;
  }

  value(row: number, col: number): Scalar {
    return this.rows[row]?.[col] ?? null;
  }

  /**
   * A merged range, as office software keeps it: every covered cell still holds what it held
   * before the merge (Excel, WPS and LibreOffice all save it, and LibreOffice's own sums count
   * it). A covered cell with nothing of its own shows the first cell's text, so a title or a
   * header drawn over several cells reads in each; never its number, which would be invented.
   */
  merge(top: number, left: number, bottom: number, right: number): void {
    const first = this.value(top, left);
    const range = `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
    let numbers = typeof first === 'number';
    let emptied = false;
    for (let r = top; r <= bottom; r++) {
      this.touch(r);
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        const own = this.value(r, c);
        if (own !== null) numbers ||= typeof own === 'number';
        else if (typeof first === 'string') this.set(r, c, first);
        else if (first !== null) {
          this.set(r, c, new MergedOver(range));
          emptied = true;
        }
      }
    }
    if (numbers && !emptied) this.numberMerges.push(range);
  }

  cell(row: number, col: number): BookCell {
    return new GridCell(this.value(row, col), row, col);
  }

  rowCells(row: number): [number, Scalar][] {
    const found: [number, Scalar][] = [];
    // forEach skips the holes of a sparse row.
    this.rows[row]?.forEach((value, col) => found.push([col, value]));
    return found;
  }
}

export class GridBook implements SheetBook {
  constructor(
    readonly sheets: readonly GridSheet[],
    private readonly names: ReadonlyMap<string, CellRef> = new Map(),
    readonly description: string | null = null,
  ) {}

  getSheet(name: string): BookSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  definedName(name: string): CellRef | null {
    return this.names.get(name) ?? null;
  }
}

/** `'说明'!$B$5` → 说明, B5: a reference to one cell, as Excel, WPS and LibreOffice write it. */
export function parseCellRef(range: string): CellRef | null {
  const m = /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(range);
  return m ? { sheet: m[1]!, address: `${m[2]}${m[3]}` } : null;
}

/** The column of an A1 address, from its leading letters: "C12" → 3. */
export function columnOf(address: string): number {
  let col = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

/** "C12" → [12, 3]. */
export function decodeAddress(address: string): [number, number] {
  return [Number(address.slice(address.search(/\d/))), columnOf(address)];
}
