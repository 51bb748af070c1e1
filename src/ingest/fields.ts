// The fill-in fields and facts on a form's 说明 sheet.
import { FORM_FIELDS, INSTRUCTIONS_SHEET } from '../contract/form-layout.ts';
import { cleanText, parseDate } from './cells.ts';
import type { ProblemLog } from '../contract/problem.ts';
import { decodeAddress, type BookCell, type BookSheet, type SheetBook } from './sheet-book.ts';

export interface FormFields {
  fillDate: Date | null;
  fillBy: string | null;
  phone: string | null;
}

interface FieldCell extends BookCell {
  sheet: string;
}

function at(ws: BookSheet, row: number, col: number): FieldCell {
  const cell = ws.cell(row, col);
  return { sheet: ws.name, value: cell.value, address: cell.address };
}

/** A value from the 说明 sheet's label/value rows, e.g. 评议期 → 2011年上半年（2011H1）. */
export function fact(wb: SheetBook, label: string): string | null {
  const cell = factCell(wb, label);
  return cell ? cleanText(cell.value) || null : null;
}

function factCell(wb: SheetBook, label: string): FieldCell | null {
  const ws = wb.getSheet(INSTRUCTIONS_SHEET);
  if (!ws) return null;
  for (let r = 1; r <= Math.min(ws.rowCount, 30); r++) {
    if (cleanText(ws.value(r, 1)) === label) return at(ws, r, 2);
  }
  return null;
}

/** The cell a defined name points at (kept by Excel, WPS and LibreOffice), else the labelled cell. */
function fieldCell(wb: SheetBook, field: (typeof FORM_FIELDS)[keyof typeof FORM_FIELDS]): FieldCell | null {
  const ref = wb.definedName(field.definedName);
  const ws = ref && wb.getSheet(ref.sheet);
  return ws ? at(ws, ...decodeAddress(ref.address)) : factCell(wb, field.label);
}

export function readFields(wb: SheetBook, log: ProblemLog): FormFields {
  const value = (f: (typeof FORM_FIELDS)[keyof typeof FORM_FIELDS]) => fieldCell(wb, f)?.value ?? null;
  const dateCell = fieldCell(wb, FORM_FIELDS.fillDate);
  const dateValue = dateCell?.value ?? null;
  const date = parseDate(dateValue);
  if (!date.ok && dateCell)
    log.warn(
      dateCell.sheet,
      dateCell.address,
      cleanText(dateValue),
      `“${FORM_FIELDS.fillDate.label}”${date.reason}，按文件修改时间判断新旧`,
    );
  return {
    fillDate: date.ok ? date.value : null,
    fillBy: cleanText(value(FORM_FIELDS.fillBy)) || null,
    phone: cleanText(value(FORM_FIELDS.phone)) || null,
  };
}
