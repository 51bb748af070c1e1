import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readdirSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORM_FIELDS } from '../src/contract/form-layout.ts';
import { ExcelJSBook } from './exceljs-book.ts';
import { sha256 } from '../src/base/hash.ts';
import { readInputFile } from '../src/ingest/read-file.ts';
import type { SheetBook } from '../src/ingest/sheet-book.ts';
import { validateInput } from '../src/pipeline/validate.ts';
import { readXlsx, ZIP_LIMITS } from '../src/ingest/xlsx/index.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { scheme, smallInput, tempDir } from './helpers.ts';

const NAMES = [...Object.values(FORM_FIELDS).map((f) => f.definedName), 'ONE_CELL', 'A_RANGE', 'RELATIVE'];

/** Everything the readers can see of a workbook: sheets, every non-empty cell, names, description. */
function view(book: SheetBook) {
  return {
    description: book.description,
    names: NAMES.map((n) => book.definedName(n)),
    sheets: book.sheets.map((ws) => {
      const rowCount = ws.rowCount;
      return {
        name: ws.name,
        state: ws.state,
        rowCount,
        found: book.getSheet(ws.name)?.name,
        rows: Array.from({ length: rowCount }, (_, i) => ws.rowCells(i + 1)),
      };
    }),
  };
}

async function exceljsView(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return view(new ExcelJSBook(wb));
}

function fastView(bytes: Buffer) {
  const read = readXlsx(bytes);
  if (!read.ok) throw new Error(read.problem.message);
  return view(read.book);
}

const workbooksIn = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => join(dir, f))
    .sort();

const SHIPPED = [
  ...workbooksIn('input'),
  ...workbooksIn('test/fixtures/libreoffice'),
  'test/fixtures/files/valid.xlsx',
];

/** One workbook with every kind of value exceljs writes. */
async function edgeCases(date1904: boolean, useSharedStrings: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  wb.description = 'pingyi:1 kind=branch period=2011H1 org=X02 note=<&>';
  const ws = wb.addWorksheet('值');
  ws.getCell('A1').value = { richText: [{ text: '甲' }, { font: { bold: true }, text: '乙&<丙>' }] };
  ws.getCell('B1').value = new Date(Date.UTC(2011, 5, 30));
  ws.getCell('C1').value = new Date(Date.UTC(2011, 5, 30, 14, 30));
  ws.getCell('C1').numFmt = 'yyyy"年"m"月"d"日" h:mm';
  ws.getCell('D1').value = 40724;
  ws.getCell('D1').numFmt = '0.00" m"';
  ws.getCell('E1').value = 12.5;
  ws.getCell('E1').numFmt = '[Red]0.0';
  ws.getCell('A2').value = { formula: 'D1*2', result: 81448 };
  ws.getCell('B2').value = { formula: 'D1*3' } as ExcelJS.CellFormulaValue;
  ws.getCell('C2').value = { formula: 'A1&"x"', result: 'a&b <c>' };
  ws.getCell('D2').value = { formula: 'D1>0', result: true };
  ws.getCell('E2').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  ws.getCell('F2').value = { formula: 'B1+1', result: new Date(Date.UTC(2011, 6, 1)) };
  ws.getCell('F2').numFmt = 'yyyy-mm-dd';
  ws.getCell('A3').value = true;
  ws.getCell('B3').value = false;
  ws.getCell('C3').value = { error: '#N/A' };
  ws.getCell('D3').value = { text: '链接', hyperlink: 'https://example.com/a?b=1&c=2' };
  ws.getCell('E3').value = '  空格 \u3000 ';
  ws.getCell('F3').value = '';
  ws.getCell('A4').value = 'a_x000D_b line\r\nbreak';
  ws.getCell('B4').value = '<tag attr="1"> &amp; \'q\'';
  ws.getCell('C4').value = '𠀀 surrogate';
  ws.getCell('A10').value = '合并';
  ws.mergeCells('A10:C11');
  ws.getCell('AD50').value = 'sparse';
  ws.getCell('B60').numFmt = 'yyyy-mm-dd';
  ws.getRow(70).height = 30;
  ws.getRow(70).commit();
  ws.getCell('Z70').style = { font: { bold: true } };
  wb.addWorksheet('隐藏', { state: 'hidden' }).getCell('A1').value = 'hidden';
  wb.addWorksheet('很隐藏', { state: 'veryHidden' }).getCell('B2').value = 7;
  wb.addWorksheet('空表');
  wb.definedNames.add("'值'!$B$1", 'ONE_CELL');
  wb.definedNames.add("'值'!$A$1:$B$2", 'A_RANGE');
  return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings }));
}

/** What exceljs never writes but other programs do: inline strings, shared formulas, phonetic runs, entities. */
async function handWritten(): Promise<Buffer> {
  const zip = new JSZip();
  const ns =
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><workbookPr date1904="1"/><sheets><sheet name="A&amp;amp;B" sheetId="2" r:id="rId1"/><sheet name="图表" sheetId="3" r:id="rId3"/><sheet name="二" sheetId="1" state="hidden" r:id="rId2"/></sheets>` +
      `<definedNames><definedName name="ONE_CELL">'二'!$A$1</definedName><definedName name="RELATIVE">'二'!A1</definedName></definedNames></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>' +
      '<Relationship Id="rId3" Type="chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
  );
  zip.file(
    'xl/styles.xml',
    `<styleSheet ${ns}><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="&quot;m&quot;0"/></numFmts>` +
      '<cellXfs count="6"><xf numFmtId="14"/><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="31"/></cellXfs></styleSheet>',
  );
  zip.file(
    'xl/sharedStrings.xml',
    `<sst ${ns}><si><t>plain_x000D_</t></si><si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si><si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si><si/><si><t/></si></sst>`,
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<worksheet ${ns}><dimension ref="A1:F9"/><sheetData>` +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>inline &amp; &#x4E2D;&#25991; _x000D_</t></is></c><c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><t>ch_x0041_</t></r></is></c><c r="C1" t="str"><v>&amp;lt;b&amp;gt;</v></c><c r="D1" t="e"><v>#REF!</v></c><c r="E1" t="b"><v>0</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c><c r="E2" t="s"><v>4</v></c></row>' +
      '<row r="3"><c r="A3"><f t="shared" ref="A3:A5" si="0">B3+1</f><v>2</v></c><c r="B3"><v>1</v></c><c r="C3" t="str"><f>""</f><v></v></c><c r="D3"><f/><v>5</v></c><c r="E3" s="2"><f>TODAY()</f><v>3000</v></c></row>' +
      '<row r="4"><c r="A4"><f t="shared" si="0"/><v>3</v></c><c r="B4" s="2"><v>40000.75</v></c><c r="C4" s="3"><v>40000</v></c><c r="D4" s="4"><v>40000</v></c><c r="E4" s="5"><v>40000</v></c><c r="F4" s="0"><v>40000</v></c></row>' +
      '<row r="5" spans="1:3"><c r="A5"><f t="shared" si="0"/></c><c t="n"><v>1.5e3</v></c><c><v>-0</v></c></row>' +
      '<row r="7" ht="20" customHeight="1"/>' +
      '<row r="8"><c r="A8" s="1"/><c r="B8" t="s"><v>0</v></c><c r="B8"/></row>' +
      '<row r="9"><c r="A9" t="str"><v>line\r\nend</v></c><c r="B9"><v>1</v></c><c r="C9" t="inlineStr"><is><t></t></is></c></row>' +
      '</sheetData><mergeCells count="1"><mergeCell ref="B8:C12"/></mergeCells></worksheet>',
  );
  zip.file(
    'xl/worksheets/sheet2.xml',
    `<worksheet ${ns}><sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData></worksheet>`,
  );
  zip.file(
    'docProps/core.xml',
    '<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:description>a &amp; b&#10;c</dc:description></cp:coreProperties>',
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('the xlsx reader against exceljs', () => {
  it.each(SHIPPED)('sees what exceljs sees in %s', async (file) => {
    const bytes = readFileSync(file);
    expect(fastView(bytes)).toEqual(await exceljsView(bytes));
  });

  it.each([
    [false, true],
    [true, true],
    [false, false],
  ])('sees what exceljs sees in every kind of value (1904 dates: %s, shared strings: %s)', async (date1904, shared) => {
    const bytes = await edgeCases(date1904, shared);
    const fast = fastView(bytes);
    expect(fast).toEqual(await exceljsView(bytes));
    // The comparison must have had something to compare.
    expect(fast.sheets.map((s) => s.state)).toEqual(['visible', 'hidden', 'veryHidden', 'visible']);
    expect(fast.names[3]).toEqual({ sheet: '值', address: 'B1' });
    expect(fast.sheets[0]!.rows[10]).toEqual([
      [1, '合并'],
      [2, '合并'],
      [3, '合并'],
    ]);
  });

  it('sees what exceljs sees in what other programs write: inline strings, shared formulas, phonetics, entities', async () => {
    const bytes = await handWritten();
    const fast = fastView(bytes);
    const exceljs = await exceljsView(bytes);
    // The one difference on purpose: B9, covered by the merge B8:C12, keeps its own 1 where
    // exceljs copies B8's text over it (issue #20: a merged vote count must not change).
    expect(exceljs.sheets[0]!.rows[8]![1]).toEqual([2, 'plain\r']);
    expect(fast.sheets[0]!.rows[8]![1]).toEqual([2, 1]);
    exceljs.sheets[0]!.rows[8]![1] = [2, 1];
    expect(fast).toEqual(exceljs);
    expect(fast.sheets.map((s) => [s.name, s.state])).toEqual([
      ['A&B', 'visible'],
      ['二', 'hidden'],
    ]);
    expect(fast.sheets[0]!.rows[0]![0]).toEqual([1, 'inline & 中文 _x000D_']);
    expect(fast.sheets[0]!.rows[1]!.slice(0, 3)).toEqual([
      [1, 'plain\r'],
      [2, '富 文本'],
      [3, '漢字'],
    ]);
  });
});

/** The same workbook with the central directory claiming `size` inflated bytes for `entry`. */
function declaringSize(bytes: Buffer, entry: string, size: number): Buffer {
  const out = Buffer.from(bytes);
  let at = out.readUInt32LE(out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  while (out.readUInt32LE(at) === 0x02014b50) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.toString('utf8', at + 46, at + 46 + nameLength) === entry) out.writeUInt32LE(size, at + 24);
    at += 46 + nameLength + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

/** The same workbook with every entry's sizes and offset moved to zip64 extra fields, as some streaming writers do. */
function asZip64(bytes: Buffer): Buffer {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const start = bytes.readUInt32LE(eocd + 16);
  const headers: Buffer[] = [];
  for (let at = start; bytes.readUInt32LE(at) === 0x02014b50;) {
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => bytes.readUInt16LE(at + o)) as [
      number,
      number,
      number,
    ];
    const header = Buffer.from(bytes.subarray(at, at + 46));
    const zip64 = Buffer.alloc(28);
    zip64.writeUInt16LE(0x0001, 0);
    zip64.writeUInt16LE(24, 2);
    [24, 20, 42].forEach((o, i) => {
      zip64.writeBigUInt64LE(BigInt(header.readUInt32LE(o)), 4 + i * 8);
      header.writeUInt32LE(0xffffffff, o);
    });
    header.writeUInt16LE(extraLength + 28, 30);
    const rest = bytes.subarray(at + 46, at + 46 + nameLength + extraLength + commentLength);
    headers.push(header, rest.subarray(0, nameLength), zip64, rest.subarray(nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  const directory = Buffer.concat(headers);
  const end = Buffer.from(bytes.subarray(eocd));
  end.writeUInt32LE(directory.length, 12);
  return Buffer.concat([bytes.subarray(0, start), directory, end]);
}

describe('zip bombs and damaged zips', () => {
  it('reads sizes and offsets from zip64 extra fields', async () => {
    const bytes = asZip64(await edgeCases(false, true));
    expect(fastView(bytes)).toEqual(await exceljsView(bytes));
    expect(fastView(bytes).sheets).toHaveLength(4);
  });

  const SHEET = 'xl/worksheets/sheet1.xml';

  it('refuses an entry whose declared size is over the limit, without inflating it', async () => {
    const read = readXlsx(declaringSize(await edgeCases(false, true), SHEET, ZIP_LIMITS.entryBytes + 1));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toMatchObject({
      kind: 'limit',
      message: `工作簿内部文件“${SHEET}”解压后超过 200 MB，可能是恶意构造的文件（压缩炸弹），本文件未读入`,
    });
  });

  it('stops inflating at the limit when the declared size lies', async () => {
    const original = await handWritten();
    const zip = await JSZip.loadAsync(original);
    const sizes = await Promise.all(
      Object.values(zip.files)
        .filter((f) => !f.dir)
        .map(async (f) => [f.name, (await f.async('nodebuffer')).length] as const),
    );
    const sheetSize = sizes.find(([name]) => name === SHEET)![1];
    // A limit only the sheet goes over.
    expect(sizes.filter(([name, size]) => name !== SHEET && size >= sheetSize)).toEqual([]);
    const bytes = declaringSize(original, SHEET, 10);
    expect(readXlsx(bytes).ok).toBe(true);
    const read = readXlsx(bytes, { ...ZIP_LIMITS, entryBytes: sheetSize - 1 });
    expect(!read.ok && read.problem).toMatchObject({
      kind: 'limit',
      message: expect.stringContaining(`工作簿内部文件“${SHEET}”解压后超过`),
    });
  });

  it('refuses too many entries and too much in total', async () => {
    const bytes = await edgeCases(false, true);
    const entries = readXlsx(bytes, { ...ZIP_LIMITS, entries: 3 });
    expect(!entries.ok && entries.problem.message).toMatch(/^工作簿里有 \d+ 个内部文件，超过上限 3 个/);
    const total = readXlsx(bytes, { ...ZIP_LIMITS, totalBytes: 2000 });
    expect(!total.ok && total.problem.message).toMatch(/^工作簿解压后的内容超过 0 MB/);
  });

  it('reports a bomb among the input under its file name and still reads the rest', async () => {
    const dir = await smallInput(await tempDir());
    const good = readdirSync(join(dir, '2011H1')).find((f) => f.includes('X01'))!;
    await writeFile(
      join(dir, '2011H1', 'bomb.xlsx'),
      declaringSize(readFileSync(join(dir, '2011H1', good)), SHEET, 300 * 2 ** 20),
    );
    const { summary, readings } = await validateInput(dir, scheme, loadScheme().text);
    const bomb = readings.find((r) => r.file.name === join('2011H1', 'bomb.xlsx'))!;
    expect(bomb.problems).toEqual([
      {
        severity: 'error',
        file: join('2011H1', 'bomb.xlsx'),
        sheet: '说明',
        message: `工作簿内部文件“${SHEET}”解压后超过 200 MB，可能是恶意构造的文件（压缩炸弹），本文件未读入`,
      },
    ]);
    expect(bomb.usable).toBe(false);
    expect(readings.filter((r) => r.usable).length).toBe(summary.files.length - 1);
  });

  it('calls a zip whose data does not inflate damaged, as before', async () => {
    const dir = await tempDir();
    const source = 'test/fixtures/libreoffice/roster-resaved-by-libreoffice.xlsx';
    const bytes = readFileSync(source);
    // Overwrite the middle of the file, where the compressed parts are; the directory at the end stays intact.
    bytes.fill(0xff, 2000, bytes.length - 3000);
    const path = join(dir, 'damaged.xlsx');
    await writeFile(path, bytes);
    const info = await stat(path);
    const reading = await readInputFile(
      { path, name: relative(dir, path), sha256: sha256(bytes), size: info.size, mtime: info.mtime },
      scheme,
      null,
    );
    expect(reading.problems.map((p) => p.message)).toEqual([
      '文件已损坏或不是有效的 .xlsx 工作簿，请用 Excel 或 WPS 打开后重新保存',
    ]);
  });
});
