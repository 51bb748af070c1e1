// The fill-in fields and facts on a form's 说明 sheet.
import type ExcelJS from 'exceljs';
import { FORM_FIELDS, INSTRUCTIONS_SHEET } from '../forms/layout.ts';
import { cellScalar, cleanText, parseDate, type Scalar } from './cells.ts';
import type { ProblemLog } from './problem.ts';

export interface FormFields {
  fillDate: Date | null;
  fillBy: string | null;
  phone: string | null;
}

/** A value from the 说明 sheet's label/value rows, e.g. 评议期 → 2011年上半年（2011H1）. */
export function fact(wb: ExcelJS.Workbook, label: string): string | null {
  const cell = factCell(wb, label);
  return cell ? cleanText(cellScalar(cell.value)) || null : null;
}

function factCell(wb: ExcelJS.Workbook, label: string): ExcelJS.Cell | null {
  const ws = wb.getWorksheet(INSTRUCTIONS_SHEET);
  if (!ws) return null;
  for (let r = 1; r <= Math.min(ws.rowCount, 30); r++) {
    if (cleanText(cellScalar(ws.getCell(r, 1).value)) === label) return ws.getCell(r, 2);
  }
  return null;
}

/** The cell a defined name points at (kept by Excel, WPS and LibreOffice), else the labelled cell. */
function fieldCell(wb: ExcelJS.Workbook, field: (typeof FORM_FIELDS)[keyof typeof FORM_FIELDS]): ExcelJS.Cell | null {
  const range = wb.definedNames.model.find((n) => n.name === field.definedName)?.ranges[0];
  const m = range && /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(range);
  const ws = m && wb.getWorksheet(m[1]);
  return ws ? ws.getCell(`${m[2]}${m[3]}`) : factCell(wb, field.label);
}

export function readFields(wb: ExcelJS.Workbook, log: ProblemLog): FormFields {
  const value = (f: (typeof FORM_FIELDS)[keyof typeof FORM_FIELDS]): [Scalar, ExcelJS.Cell | null] => {
    const cell = fieldCell(wb, f);
    return [cell ? cellScalar(cell.value) : null, cell];
  };
  const [dateValue, dateCell] = value(FORM_FIELDS.fillDate);
  const date = parseDate(dateValue);
  if (!date.ok && dateCell) log.warn(dateCell.worksheet.name, dateCell.address, cleanText(dateValue), `“${FORM_FIELDS.fillDate.label}”${date.reason}，按文件修改时间判断新旧`);
  return {
    fillDate: date.ok ? date.value : null,
    fillBy: cleanText(value(FORM_FIELDS.fillBy)[0]) || null,
    phone: cleanText(value(FORM_FIELDS.phone)[0]) || null,
  };
}
