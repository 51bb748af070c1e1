// Writes one table sheet of a form: title rows, a frozen and locked header, data rows
// with a data validation on every cell a person fills in, widths that fit Chinese
// text, and A4 print setup. Every form (roster, branch, bureau) goes through here.
import type ExcelJS from 'exceljs';
import type { Scheme } from '../scheme/schema.ts';
import type { ColumnSpec, SheetSpec } from '../contract/form-layout.ts';

export type CellInput = string | number | Date | null | undefined;
export type RowInput = Record<string, CellInput>;

export interface TableSheetOptions {
  scheme: Scheme;
  spec: SheetSpec;
  title: string;
  subtitle?: string;
  rows: RowInput[];
  /** Empty, unlocked rows after the data, for sheets people extend (electronic ballots). */
  blankRows?: number;
  /** Upper bound of 'points' cells in a row (the item's maximum). */
  maxPoints?: (row: RowInput) => number;
  landscape?: boolean;
}

/** Rows above the header: title, subtitle. The header is the row after them. */
export const TITLE_ROWS = 2;
export const HEADER_ROW = TITLE_ROWS + 1;

const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF999999' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const PREFILLED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F3F3' } };
export const FONT = 'SimSun';
const MAX_COUNT = 100000;

/** Display width in Excel character units: CJK and full-width characters count double. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

export function addTableSheet(wb: ExcelJS.Workbook, o: TableSheetOptions): ExcelJS.Worksheet {
  const cols = o.spec.columns;
  const ws = wb.addWorksheet(o.spec.name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
    pageSetup: {
      paperSize: 9,
      orientation: o.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });

  writeTitle(ws, 1, o.title, cols.length, 16);
  writeTitle(ws, 2, o.subtitle ?? '', cols.length, 11);

  const header = ws.getRow(HEADER_ROW);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT, bold: true, size: 11 };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (c.hint) cell.note = c.hint;
  });
  header.height = 30;

  const dataRows = [...o.rows, ...Array.from({ length: o.blankRows ?? 0 }, (): RowInput => ({}))];
  dataRows.forEach((values, r) => {
    const row = ws.getRow(HEADER_ROW + 1 + r);
    let lines = 1;
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      writeCell(cell, c, values, cols, o);
      if (c.kind === 'longText' && typeof values[c.key] === 'string') {
        lines = Math.max(lines, Math.ceil(displayWidth(values[c.key] as string) / columnWidth(c, [])));
      }
    });
    if (lines > 1) row.height = Math.min(15 * lines + 4, 400);
  });

  cols.forEach((c, i) => {
    ws.getColumn(i + 1).width = columnWidth(
      c,
      o.rows.map((r) => r[c.key]),
    );
  });
  return ws;
}

function writeTitle(ws: ExcelJS.Worksheet, row: number, text: string, width: number, size: number): void {
  ws.mergeCells(row, 1, row, Math.max(width, 1));
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, bold: row === 1, size };
  cell.alignment = { horizontal: row === 1 ? 'center' : 'left', vertical: 'middle' };
  ws.getRow(row).height = row === 1 ? 28 : 20;
}

function writeCell(
  cell: ExcelJS.Cell,
  c: ColumnSpec,
  values: RowInput,
  cols: ColumnSpec[],
  o: TableSheetOptions,
): void {
  cell.font = { name: FONT, size: 11 };
  cell.border = BOX;
  cell.alignment = {
    vertical: 'middle',
    wrapText: c.kind === 'longText',
    horizontal: isNumeric(c) ? 'center' : 'left',
  };
  if (c.kind === 'formula') {
    cell.value = sumFormula(cell, values, cols);
    cell.fill = PREFILLED_FILL;
    return;
  }
  const value = values[c.key];
  const given = value !== undefined && value !== null && value !== '';
  if (given) cell.value = value;
  // Text cells: a phone number typed as a number would lose its leading 0.
  if (c.kind === 'code' || c.kind === 'phone') cell.numFmt = '@';
  if (c.kind === 'date') cell.numFmt = 'yyyy-mm-dd';
  // A pre-filled column's empty cell, as in the spare rows below a list, is there to fill in.
  if (c.prefilled && given) {
    cell.fill = PREFILLED_FILL;
    return;
  }
  cell.protection = { locked: false };
  const validation = validationFor(c, o.scheme, o.maxPoints?.(values));
  if (validation) cell.dataValidation = validation;
}

function isNumeric(c: ColumnSpec): boolean {
  return ['count', 'points', 'score', 'formula', 'date', 'choice', 'yesNo'].includes(c.kind);
}

/** 合计 = SUM of the row's count cells, with the cached result when every count is a number. */
function sumFormula(cell: ExcelJS.Cell, values: RowInput, cols: ColumnSpec[]): ExcelJS.CellFormulaValue {
  const counts = cols.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'count');
  const first = counts[0];
  const last = counts[counts.length - 1];
  if (!first || !last) throw new Error('layout: a formula column needs count columns in its row');
  const letter = (i: number) => cell.worksheet.getColumn(i + 1).letter;
  const formula = `SUM(${letter(first.i)}${cell.row}:${letter(last.i)}${cell.row})`;
  const nums = counts.map(({ c }) => values[c.key]);
  if (!nums.every((v): v is number => typeof v === 'number')) return { formula } as ExcelJS.CellFormulaValue;
  return { formula, result: nums.reduce((a, v) => a + v, 0) };
}

const prompt = (title: string, text: string) => ({ showInputMessage: true, promptTitle: title, prompt: text });
const stop = (text: string) => ({
  showErrorMessage: true,
  errorStyle: 'stop' as const,
  errorTitle: '输入有误',
  error: text,
});

export function validationFor(c: ColumnSpec, scheme: Scheme, max?: number): ExcelJS.DataValidation | undefined {
  switch (c.kind) {
    case 'count':
      return {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [0, MAX_COUNT],
        ...prompt(c.header, c.hint ?? '填写票数（不小于 0 的整数）'),
        ...stop('请填写不小于 0 的整数票数'),
      };
    case 'points': {
      const top = max ?? 100;
      return {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [0, top],
        ...prompt(c.header, `0 到 ${top} 分`),
        ...stop(`得分应在 0 到 ${top} 分之间`),
      };
    }
    case 'score':
      return {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [0, scheme.member.dailyRecordMax],
        ...prompt(c.header, c.hint ?? `0 到 ${scheme.member.dailyRecordMax} 分`),
        ...stop(`得分应在 0 到 ${scheme.member.dailyRecordMax} 分之间`),
      };
    case 'choice': {
      const choices = c.choices?.(scheme) ?? [];
      return listValidation(c.header, choices);
    }
    case 'yesNo':
      return listValidation(c.header, [scheme.yesNo.yes[0]!, scheme.yesNo.no[0]!]);
    case 'date':
      return {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1))],
        ...prompt(c.header, c.hint ?? '如 2011-06-30'),
        ...stop('请填写日期，如 2011-06-30'),
      };
    default:
      return undefined;
  }
}

function listValidation(header: string, choices: string[]): ExcelJS.DataValidation {
  const list = choices.join(',');
  // Excel rejects an inline list longer than 255 characters and asks to repair the file.
  if (list.length > 255) throw new Error(`layout: dropdown for ${header} is longer than Excel allows`);
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${list}"`],
    ...prompt(header, `请从下拉列表中选择：${choices.join('、')}`),
    ...stop(`请从下拉列表中选择：${choices.join('、')}`),
  };
}

function columnWidth(c: ColumnSpec, values: CellInput[]): number {
  if (c.width) return c.width;
  // A loop, not Math.max(...values): a province roster's 150,000 values overflow the call stack.
  let widest = displayWidth(c.header);
  for (const v of values)
    if (v !== null && v !== undefined)
      widest = Math.max(widest, displayWidth(v instanceof Date ? '2011-06-30' : String(v)));
  return Math.min(Math.max(widest + 2, 8), 40);
}

/** Locks everything but the unlocked input cells; no password, so staff can still unprotect. */
export async function protectSheet(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    sort: true,
    autoFilter: true,
  });
}
