// The 说明 sheet every form opens on: who it is for, the fill-in fields (date, person,
// phone) under defined names, numbered steps, and the criteria from the source document.
import type ExcelJS from 'exceljs';
import type { Scheme } from '../scheme/schema.ts';
import { FORM_FIELDS, INSTRUCTIONS_SHEET } from '../contract/form-layout.ts';
import { FONT } from './sheet-writer.ts';

export type FieldKey = keyof typeof FORM_FIELDS;
export type FieldValues = Partial<Record<FieldKey, string | Date>>;

export interface InstructionsOptions {
  scheme: Scheme;
  title: string;
  facts: [string, string][];
  /** Fill-in fields to offer; their values when the form is pre-filled. */
  fields?: FieldValues;
  steps: string[];
  criteria: ('org' | 'member')[];
}

const LABEL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } };

export function addInstructionsSheet(wb: ExcelJS.Workbook, o: InstructionsOptions): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 90;
  ws.mergeCells('A1:B1');
  const title = ws.getCell('A1');
  title.value = o.title;
  title.font = { name: FONT, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;

  let r = 3;
  const line = (label: string, value: string | Date | undefined, style: 'fact' | 'input' = 'fact') => {
    const a = ws.getCell(r, 1);
    const b = ws.getCell(r, 2);
    a.value = label;
    a.font = { name: FONT, bold: true };
    a.fill = LABEL_FILL;
    if (value !== undefined && value !== '') b.value = value;
    b.font = { name: FONT };
    b.alignment = { wrapText: true, vertical: 'top' };
    if (style === 'input') {
      b.fill = INPUT_FILL;
      b.protection = { locked: false };
    }
    r += 1;
    return b;
  };

  for (const [label, value] of o.facts) line(label, value);
  if (o.fields) {
    for (const key of Object.keys(FORM_FIELDS) as FieldKey[]) {
      const field = FORM_FIELDS[key];
      const cell = line(field.label, o.fields[key], 'input');
      if (key === 'fillDate') {
        cell.numFmt = 'yyyy-mm-dd';
        cell.dataValidation = {
          type: 'date',
          operator: 'greaterThan',
          allowBlank: true,
          formulae: [new Date(Date.UTC(1900, 0, 1))],
          showInputMessage: true,
          promptTitle: field.label,
          prompt: '如 2011-06-30',
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: '输入有误',
          error: '请填写日期，如 2011-06-30',
        };
      }
      wb.definedNames.add(`'${INSTRUCTIONS_SHEET}'!$B$${cell.row}`, field.definedName);
    }
  }

  r += 1;
  section(ws, r++, '填写说明');
  o.steps.forEach((step, i) => {
    const cell = ws.getCell(r, 2);
    ws.getCell(r, 1).value = `${i + 1}.`;
    ws.getCell(r, 1).alignment = { horizontal: 'right', vertical: 'top' };
    cell.value = step;
    cell.font = { name: FONT };
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(r).height = Math.max(18, 16 * Math.ceil(step.length / 42));
    r += 1;
  });

  for (const which of o.criteria) {
    r += 1;
    const dims = which === 'org' ? o.scheme.org.dimensions : o.scheme.member.dimensions;
    section(ws, r++, which === 'org' ? '先进基层党组织“五个好”标准' : '优秀共产党员“五个模范”标准');
    for (const d of dims) {
      const a = ws.getCell(r, 1);
      const b = ws.getCell(r, 2);
      a.value = d.label;
      a.font = { name: FONT, bold: true };
      a.alignment = { vertical: 'top' };
      b.value = which === 'org' ? `${d.meaning}（${d.points} 分）` : d.meaning;
      b.font = { name: FONT };
      b.alignment = { wrapText: true, vertical: 'top' };
      ws.getRow(r).height = Math.max(18, 16 * Math.ceil(String(b.value).length / 42));
      r += 1;
    }
  }
  return ws;
}

function section(ws: ExcelJS.Worksheet, row: number, text: string): void {
  ws.mergeCells(row, 1, row, 2);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, size: 13, bold: true };
  ws.getRow(row).height = 22;
}

/** The grade vocabulary, stated once for every instructions sheet. */
export function gradeStep(scheme: Scheme): string {
  const member = scheme.member.grades.map((g) => g.label).join('、');
  const sat = scheme.org.satisfaction.grades
    .map((g) => (g.value === null ? `${g.label}（不计分）` : g.label))
    .join('、');
  return `民主评议党员的等次为：${member}；群众满意度的等次为：${sat}。下拉列表中的选项即为可填写的内容。`;
}
