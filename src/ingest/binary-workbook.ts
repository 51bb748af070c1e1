// Excel 97-2003 (.xls, BIFF8) and Excel binary (.xlsb) workbooks into a GridBook, through
// SheetJS Community Edition 0.20.3 as published on npm under @e965/xlsx (the `xlsx` package on
// npm stops at 0.18.5, which has the prototype pollution of CVE-2023-30533, fixed in 0.19.3,
// and the ReDoS of CVE-2024-22363, fixed in 0.20.2). SheetJS reads a whole file at once, so the
// limits are checked around it: an .xlsb's zip is inflated under the zip limits before SheetJS
// sees it, rows are cut at MAX_ROWS + 1, and sheets, merged and filled cells are counted after.
// (An .xls holds no compressed data: what SheetJS builds is bounded by the file's size.)
import * as XLSX from '@e965/xlsx';
import type { Scalar } from './cells.ts';
import {
  MAX_CELLS,
  MAX_MERGED_CELLS,
  MAX_ROWS,
  MAX_SHEETS,
  TOO_MANY_CELLS,
  TOO_MANY_MERGED,
  TOO_MANY_ROWS,
  tooManySheets,
} from './limits.ts';
import { GridBook, GridSheet, parseCellRef, type CellRef, type SheetState } from './sheet-book.ts';
import type { XlsxResult } from './xlsx/index.ts';
import { excelDate } from './xlsx/sheet.ts';
import { ZIP_LIMITS, ZipArchive, ZipProblem, type ZipLimits } from './xlsx/zip.ts';

const STATES: SheetState[] = ['visible', 'hidden', 'veryHidden'];

export function readBinaryWorkbook(
  bytes: Uint8Array,
  format: 'xls' | 'xlsb',
  limits: ZipLimits = ZIP_LIMITS,
): XlsxResult {
  if (format === 'xlsb') {
    const zip = ZipArchive.open(bytes, limits);
    const problem = zip instanceof ZipProblem ? zip : zip.checkAll();
    if (problem) return { ok: false, problem };
  }
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellNF: true,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      sheetRows: MAX_ROWS + 1,
    });
  } catch (e) {
    return { ok: false, problem: new ZipProblem('corrupt', String(e)) };
  }
  try {
    return { ok: true, book: toGridBook(wb) };
  } catch (e) {
    if (e instanceof ZipProblem) return { ok: false, problem: e };
    return { ok: false, problem: new ZipProblem('corrupt', String(e)) };
  }
}

function toGridBook(wb: XLSX.WorkBook): GridBook {
  if (wb.SheetNames.length > MAX_SHEETS) throw new ZipProblem('limit', tooManySheets(wb.SheetNames.length));
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const sheets = wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name]!;
    const sheet = new GridSheet(name, STATES[wb.Workbook?.Sheets?.[i]?.Hidden ?? 0] ?? 'visible');
    let cells = 0;
    (ws['!data'] ?? []).forEach((row, r) =>
      row?.forEach((cell, c) => {
        const value = cellValue(cell, date1904);
        if (value === null) return;
        if (r + 1 > MAX_ROWS) throw new ZipProblem('limit', TOO_MANY_ROWS, name);
        if (++cells > MAX_CELLS) throw new ZipProblem('limit', TOO_MANY_CELLS, name);
        sheet.set(r + 1, c + 1, value);
      }),
    );
    let merged = 0;
    for (const m of ws['!merges'] ?? []) {
      if (m.e.r + 1 > MAX_ROWS) throw new ZipProblem('limit', TOO_MANY_ROWS, name);
      merged += (m.e.r - m.s.r + 1) * (m.e.c - m.s.c + 1);
      if (merged > MAX_MERGED_CELLS) throw new ZipProblem('limit', TOO_MANY_MERGED, name);
      sheet.merge(m.s.r + 1, m.s.c + 1, m.e.r + 1, m.e.c + 1);
    }
    return sheet;
  });
  return new GridBook(sheets, definedNames(wb), wb.Props?.Comments ?? null);
}

/** As the xlsx reader gives them: numbers in a date format as dates, errors as empty. */
function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean): Scalar {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n':
      return typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)
        ? excelDate(cell.v as number, date1904)
        : (cell.v as number);
    case 's':
      return String(cell.v);
    case 'b':
      return cell.v === true;
    case 'd':
      return cell.v as Date;
    default:
      return null;
  }
}

/** Workbook-wide names of one absolute cell (`说明!$B$8`). */
function definedNames(wb: XLSX.WorkBook): Map<string, CellRef> {
  const names = new Map<string, CellRef>();
  for (const n of wb.Workbook?.Names ?? []) {
    if (n.Sheet !== undefined || names.has(n.Name) || !/![$][A-Z]+[$]\d+$/.test(n.Ref)) continue;
    const ref = parseCellRef(n.Ref);
    if (ref) names.set(n.Name, ref);
  }
  return names;
}
