// An exceljs workbook seen as a SheetBook: for workbooks built in memory by the form
// writers (tests hand them straight to the readers) and for checking the xlsx reader
// against exceljs. Files on disk are read by ./xlsx/, never through here.
import type ExcelJS from 'exceljs';
import { cellScalar, type Scalar } from './cells.ts';
import { parseCellRef, type BookCell, type BookSheet, type CellRef, type SheetBook, type SheetState } from './sheet-book.ts';

export type AnyBook = SheetBook | ExcelJS.Workbook;

export function asSheetBook(wb: AnyBook): SheetBook {
  return 'getSheet' in wb ? wb : new ExcelJSBook(wb);
}

class ExcelJSSheet implements BookSheet {
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
