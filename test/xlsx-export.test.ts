// The exports' workbook writer (src/report/xlsx-export.ts), read back by exceljs as Excel would
// open it: the header bold, frozen and filtered, the widths, every kind of value, and text that
// XML cannot hold as it is.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnName, xlsxBytes, type XlsxSheet } from '../src/report/xlsx-export.ts';

const date = new Date('2011-07-19T00:00:00Z');
const sheets: XlsxSheet[] = [
  {
    name: '党员评议结果',
    columns: ['姓名', '总分', '预备党员', '说明'],
    rows: [
      ['张三', 91.25, false, null],
      [' 李四 ', 0, true, '第一行\r\n第二行'],
      ['王\u0001五', Number.NaN, null, '<b>&"'],
    ],
    widths: [10, 8, 8, 30],
  },
  { name: "O'Brien 表", columns: ['A'], rows: [['=1+1']], widths: [8] },
];
const read = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
};
const write = () => xlsxBytes(sheets, { date, creator: 'pingyi', isText: (v) => v.startsWith('=') });

describe('an exported workbook', () => {
  it('has a bold header row, frozen and filtered, and the columns’ widths', async () => {
    const wb = await read(await write());
    const ws = wb.getWorksheet('党员评议结果')!;
    expect(ws.getRow(1).values).toEqual([undefined, '姓名', '总分', '预备党员', '说明']);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:D1');
    expect(ws.columns.map((c) => c.width)).toEqual([10, 8, 8, 30]);
    expect(wb.creator).toBe('pingyi');
    expect(wb.created.toISOString()).toBe(date.toISOString());
  });

  it('keeps strings, numbers and booleans as they are; leaves empty what has no value', async () => {
    const ws = (await read(await write())).getWorksheet('党员评议结果')!;
    expect([2, 3, 4].map((r) => ws.getRow(r).values)).toEqual([
      [undefined, '张三', 91.25, false],
      [undefined, ' 李四 ', 0, true, '第一行\r\n第二行'],
      // A character XML cannot hold is left out; a number that is not one is no value.
      [undefined, '王五', undefined, undefined, '<b>&"'],
    ]);
  });

  it('formats the text the caller marks as Text, in a sheet whose name has a quote', async () => {
    const ws = (await read(await write())).getWorksheet("O'Brien 表")!;
    expect(ws.getCell('A2').value).toBe('=1+1');
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A2').numFmt).toBe('@');
  });

  it('is the same bytes for the same tables', async () => {
    expect(Buffer.from(await write()).equals(Buffer.from(await write()))).toBe(true);
  });
});

describe('columnName', () => {
  it('counts A to Z, then AA', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
