// An exceljs workbook seen as a SheetBook: the tests hand workbooks built in memory by the
// form writers straight to the readers through it, and check the xlsx reader against exceljs
// with it. pingyi itself reads files with src/ingest/xlsx/ and never through here.
import type ExcelJS from 'exceljs';
import { NO_CACHED_RESULT, type Scalar } from '../src/ingest/cells.ts';
import { bookMetadata } from '../src/ingest/recognise.ts';
import type { FormMetadata } from '../src/contract/form-metadata.ts';
import {
  parseCellRef,
  type BookCell,
  type BookSheet,
  type CellRef,
  type SheetBook,
  type SheetState,
} from '../src/ingest/sheet-book.ts';

/** Flattens exceljs' cell value shapes (rich text, formulas, hyperlinks, errors) to one scalar. */
export function cellScalar(value: ExcelJS.CellValue | undefined): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date)
    return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) return NO_CACHED_RESULT;
      if (typeof result === 'object' && !(result instanceof Date)) return null;
      return result;
    }
    if ('hyperlink' in value) return (value as ExcelJS.CellHyperlinkValue).text;
    if ('error' in value) return null;
  }
  return null;
}

/** The metadata pingyi finds in a workbook, read the way ingest reads it. */
export const readMetadata = (wb: ExcelJS.Workbook): FormMetadata | null => bookMetadata(new ExcelJSBook(wb));

class ExcelJSSheet implements BookSheet {
  /** exceljs copies a merge's first cell over the others: workbooks built in memory merge only titles. */
  readonly numberMerges: readonly string[] = [];

  constructor(private readonly ws: ExcelJS.Worksheet) {}

  get name(): string {
    return this.ws.name;
  }

  get state(): SheetState {
    return this.ws.state as SheetState;
  }

  get rowCount(): number {
    return this.ws.rowCount;
  }

  value(row: number, col: number): Scalar {
    return cellScalar(this.ws.getCell(row, col).value);
  }

  cell(row: number, col: number): BookCell {
    const cell = this.ws.getCell(row, col);
    return { value: cellScalar(cell.value), address: cell.address };
  }

  rowCells(row: number): [number, Scalar][] {
    const found: [number, Scalar][] = [];
    this.ws.getRow(row).eachCell({ includeEmpty: false }, (cell, col) => {
      const value = cellScalar(cell.value);
      if (value !== null) found.push([col, value]);
    });
    return found;
  }
}

export class ExcelJSBook implements SheetBook {
  readonly sheets: readonly BookSheet[];

  constructor(private readonly wb: ExcelJS.Workbook) {
    this.sheets = wb.worksheets.map((ws) => new ExcelJSSheet(ws));
  }

  getSheet(name: string): BookSheet | undefined {
    const ws = this.wb.getWorksheet(name);
    return ws && new ExcelJSSheet(ws);
  }

  definedName(name: string): CellRef | null {
    const range = this.wb.definedNames.model.find((n) => n.name === name)?.ranges[0];
    return range ? parseCellRef(range) : null;
  }

  get description(): string | null {
    return this.wb.description ?? null;
  }
}
