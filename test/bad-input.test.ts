// The bad-input corpus (issue #8): each case puts one bad file (test/fixtures/bad/, or made
// here when large) among valid forms and runs the real ingest into a database. Every case
// asserts the exact Chinese problems of the bad file, that the valid files were all loaded
// as in a run without it, and the reconciliation identity for every file. docs/hardening.md
// lists the cases.
import * as XLSX from '@e965/xlsx';
import JSZip from 'jszip';
import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../src/contract/problem.ts';
import { MAX_CELLS, MAX_MERGED_CELLS, MAX_ROWS, MAX_SHEETS } from '../src/ingest/limits.ts';
import { ZIP_LIMITS } from '../src/ingest/xlsx/index.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { Store } from '../src/store/db.ts';
import { ingest, type LoadSummary } from '../src/pipeline/ingest.ts';
import { currentProblems } from '../src/store/problems.ts';
import { BAD_DIR, BUREAU_FORM, ROSTER_FILE_NAME, writeBase, X01_FORM } from './fixtures/bad/make.ts';
import { expectReconciled, fileRows, tempDir, type FileRows } from './helpers.ts';

const { scheme, text: schemeText } = loadScheme();
const X02_FORM = '2011H1/光明小学2011上半年创先争优（定稿）.xlsx';

let root: string;
let base: string;
/** Each valid file's counts when read without any bad file. */
let baseline: FileRows[];
let caseNo = 0;

beforeAll(async () => {
  root = await tempDir('pingyi-bad-');
  base = join(root, 'base');
  await writeBase(base);
  const store = await Store.open(':memory:');
  await ingest({ store: store, input: base, scheme, schemeText });
  baseline = await fileRows(store);
  store.close();
  expect(baseline.map((f) => f.path)).toEqual(
    [
      X01_FORM,
      '2011H1/2011H1_J01_东湖区教科体局机关党支部_评议表.xlsx',
      BUREAU_FORM,
      '2011H1/2011H1_评先选优审定表.xlsx',
      X02_FORM,
      ROSTER_FILE_NAME,
    ].sort(),
  );
  expect(baseline.every((f) => f.usable && f.rows_accepted > 0)).toBe(true);
}, 120_000);

interface Case {
  /** Fixture files of test/fixtures/bad to put in the input folder, by their name there. */
  fixtures?: Record<string, string>;
  /** Files made here, by their name in the input folder. */
  bytes?: Record<string, Buffer | string>;
  /** Valid files the case takes out (a bad version replaces them). */
  remove?: string[];
  /** Called as the ingest finishes each file, to change the input folder mid-run. */
  during?: (done: number, input: string) => void;
}

interface Run {
  input: string;
  store: Store;
  summary: LoadSummary;
  files: FileRows[];
  /** The problems of one file (or of the whole input, for ''), as people read them. */
  said: (file: string) => string[];
}

const runs: Store[] = [];
afterAll(() => runs.forEach((s) => s.close()));

/** A fresh copy of the valid input with the case's changes, ingested into a new database. */
async function ingestCase(c: Case): Promise<Run> {
  const input = join(root, `case-${++caseNo}`);
  cpSync(base, input, { recursive: true });
  for (const file of c.remove ?? []) rmSync(join(input, file));
  for (const [name, fixture] of Object.entries(c.fixtures ?? {}))
    copyFileSync(join(BAD_DIR, fixture), join(input, name));
  for (const [name, bytes] of Object.entries(c.bytes ?? {})) writeFileSync(join(input, name), bytes);
  const store = await Store.open(':memory:');
  runs.push(store);
  const summary = await ingest(
    { store: store, input: input, scheme, schemeText },
    {
      log: () => undefined,
      ...(c.during && { progress: (_stage, done) => c.during!(done, input) }),
    },
  );
  return ingested(input, store, summary);
}

async function ingested(input: string, store: Store, summary: LoadSummary): Promise<Run> {
  const problems = await currentProblems(store);
  return {
    input,
    store,
    summary,
    files: await fileRows(store),
    said: (file) => problems.filter((p) => p.file === file).map(formatProblem),
  };
}

/** Every valid file not taken out was loaded whole, as without the bad file; every file reconciles. */
function expectRestLoaded(run: Run, removed: string[] = []): void {
  expectReconciled(run.files);
  for (const valid of baseline.filter((f) => !removed.includes(f.path))) {
    expect(
      run.files.filter((f) => f.path === valid.path && f.present),
      valid.path,
    ).toEqual([valid]);
  }
}

/** The bad file alone in the case: its problems are exactly `expected`, and the rest is intact. */
async function badFile(name: string, expected: string[], c: Case = { fixtures: { [name]: name } }): Promise<Run> {
  const run = await ingestCase(c);
  expect(run.said(name)).toEqual(expected);
  expectRestLoaded(run, c.remove);
  return run;
}

/** A variant of X01's form in place of the original. */
const x01Variant = (name: string): Case => ({ fixtures: { [name]: name }, remove: [X01_FORM] });
const insteadOfX01 = (name: string, expected: string[]) => badFile(name, expected, x01Variant(name));

/** The one submission of `name`, which must reconcile. */
function submission(run: Run, name: string): FileRows {
  const found = run.files.filter((f) => f.path === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A file refused whole, with exactly these problems: none of its rows read, nothing loaded, the rest as without it. */
async function unreadableFile(name: string, expected: string[], c?: Case): Promise<Run> {
  const run = await badFile(name, expected, c);
  expect(submission(run, name)).toMatchObject({ usable: false, rows_read: 0, loaded: 0 });
  return run;
}

async function current<T>(run: Run, sql: string): Promise<T[]> {
  return run.store.rows<T>(sql);
}

// ---- Making the large cases ------------------------------------------------------------

interface RawEntry {
  name: string;
  method: 0 | 8;
  /** As stored: deflated when method is 8. */
  data: Buffer;
  size: number;
  crc: number;
}

const entry = (name: string, content: Buffer | string, method: 0 | 8 = 8): RawEntry => {
  const bytes = Buffer.from(content);
  return { name, method, data: method === 8 ? deflateRawSync(bytes) : bytes, size: bytes.length, crc: crc32(bytes) };
};

/** A zip written field by field, so that an entry may claim a size other than what it inflates to. */
function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** X01's form entry by entry, with `replace` deciding the entry of some parts. */
async function x01With(replace: Record<string, (xml: string) => RawEntry>): Promise<Buffer> {
  return zipWith(readFileSync(join(base, X01_FORM)), replace);
}

/** A zip entry by entry, with `replace` deciding the entry of some parts. */
async function zipWith(bytes: Buffer, replace: Record<string, (xml: string) => RawEntry>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const entries: RawEntry[] = [];
  for (const file of Object.values(zip.files).filter((f) => !f.dir)) {
    const content = await file.async('nodebuffer');
    entries.push(replace[file.name]?.(content.toString('utf8')) ?? entry(file.name, content));
  }
  return zipOf(entries);
}

/** X01's 日常量化 sheet is sheet8.xml (the ninth tab, 公开承诺, is sheet9). */
const DAILY_PART = 'xl/worksheets/sheet8.xml';

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A bare workbook of `sheets` worksheets, each holding one cell. */
function workbookOf(sheets: number, extra: RawEntry[] = []): Buffer {
  const ids = Array.from({ length: sheets }, (_, i) => i + 1);
  return zipOf([
    entry(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    entry(
      'xl/workbook.xml',
      `<workbook ${NS}><sheets>${ids.map((i) => `<sheet name="表${i}" sheetId="${i}" r:id="rId${i}"/>`).join('')}</sheets></workbook>`,
    ),
    entry(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${ids.map((i) => `<Relationship Id="rId${i}" Type="worksheet" Target="worksheets/sheet${i}.xml"/>`).join('')}</Relationships>`,
    ),
    ...ids.map((i) =>
      entry(
        `xl/worksheets/sheet${i}.xml`,
        `<worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>${i}</v></c></row></sheetData></worksheet>`,
      ),
    ),
    ...extra,
  ]);
}

// ---- The cases ---------------------------------------------------------------------------

describe('files that cannot be read at all', () => {
  it('reports a 0-byte file as empty', async () => {
    await unreadableFile('zero-bytes.xlsx', [
      '错误：zero-bytes.xlsx：文件是空的（0 字节），可能没有复制或发送完整；请向报送单位重新要一份，放回 input 文件夹',
    ]);
  });

  it('reports a picture renamed .xlsx as damaged', async () => {
    await unreadableFile('picture-renamed.xlsx', [
      '错误：picture-renamed.xlsx：文件已损坏或不完整（不是有效的 .xlsx），请重新保存或重新发送',
    ]);
  });

  it('reports a workbook cut off halfway (truncated zip) as damaged', async () => {
    await unreadableFile('truncated.xlsx', [
      '错误：truncated.xlsx：文件已损坏或不完整（不是有效的 .xlsx），请重新保存或重新发送',
    ]);
  });

  it('asks for the password to be removed from a password-protected workbook', async () => {
    await unreadableFile('password-protected.xlsx', [
      '错误：password-protected.xlsx：工作簿设置了打开密码，请取消密码后重新保存（文件→信息→保护工作簿→用密码进行加密，清空密码）',
    ]);
  });

  it('reads a legacy .xls binary, and says when it is none of the forms', async () => {
    await unreadableFile('legacy-format.xls', [
      '错误：legacy-format.xls：无法识别这是哪一种表格：既没有 pingyi 的表单信息，工作表名和表头也对不上党组织和党员名册、党组织评议表、上级考评和领导点评表、评先选优审定表',
    ]);
  });

  it('says a zip of other files named .xlsx is not a workbook', async () => {
    await unreadableFile('zip-of-other-files.xlsx', [
      '错误：zip-of-other-files.xlsx：这是一个压缩包，不是 Excel 工作簿；请解压后把其中的评议表放入 input 文件夹',
    ]);
  });

  it('reports a workbook that is none of the forms as unrecognised', async () => {
    await unreadableFile('unrecognised-workbook.xlsx', [
      '错误：unrecognised-workbook.xlsx：无法识别这是哪一种表格：既没有 pingyi 的表单信息，工作表名和表头也对不上党组织和党员名册、党组织评议表、上级考评和领导点评表、评先选优审定表',
    ]);
  });

  it('rejects a form sent back blank, keeping the filled one', async () => {
    const run = await unreadableFile('blank-form.xlsx', [
      '错误：blank-form.xlsx：党组织评议表是空的，没有填写任何数据',
    ]);
    expect(run.said('')).toEqual([]);
  });

  it('calls a workbook whose cell names a shared string that does not exist damaged, at that cell', async () => {
    const run = await unreadableFile(
      'shared-string-out-of-range.xlsx',
      [
        '错误：shared-string-out-of-range.xlsx，工作表“日常量化”，单元格 A9：文件已损坏或不是有效的 .xlsx 工作簿，请用 Excel 或 WPS 打开后重新保存',
      ],
      x01Variant('shared-string-out-of-range.xlsx'),
    );
    expect(run.said('')).toEqual(['提醒：2011H1 缺少以下党组织的评议表：东湖区实验小学党支部（X01）']);
  });
});

describe('files over a limit', () => {
  it(`refuses a zip bomb: a sheet that inflates past ${ZIP_LIMITS.entryBytes / 2 ** 20} MB while claiming 1 KB`, async () => {
    // Independent 1 MB blocks of spaces, flushed to a byte boundary, can follow one another.
    const block = deflateRawSync(Buffer.alloc(2 ** 20, 0x20), { finishFlush: constants.Z_SYNC_FLUSH });
    const blocks = ZIP_LIMITS.entryBytes / 2 ** 20 + 10;
    const bomb = Buffer.concat([...Array.from({ length: blocks }, () => block), Buffer.from([0x03, 0x00])]);
    const bytes = await x01With({
      [DAILY_PART]: () => ({ name: DAILY_PART, method: 8, data: bomb, size: 1024, crc: 0 }),
    });
    expect(bytes.length).toBeLessThan(2 ** 20);
    await unreadableFile(
      'zip-bomb.xlsx',
      [
        '错误：zip-bomb.xlsx，工作表“日常量化”：工作簿内部文件“xl/worksheets/sheet8.xml”解压后超过 200 MB，可能是恶意构造的文件（压缩炸弹），本文件未读入',
      ],
      { bytes: { 'zip-bomb.xlsx': bytes } },
    );
  });

  it(`refuses a workbook of more than ${ZIP_LIMITS.entries} zip entries without reading them`, async () => {
    const padding = Array.from({ length: ZIP_LIMITS.entries }, (_, i) => entry(`customXml/item${i}.xml`, '<a/>', 0));
    await unreadableFile(
      'many-entries.xlsx',
      ['错误：many-entries.xlsx：工作簿里有 10004 个内部文件，超过上限 10000 个，可能是恶意构造的文件，本文件未读入'],
      { bytes: { 'many-entries.xlsx': workbookOf(1, padding) } },
    );
  });

  it(`refuses a workbook of 200 sheets (the limit is ${MAX_SHEETS})`, async () => {
    await unreadableFile(
      '200-sheets.xlsx',
      ['错误：200-sheets.xlsx：工作簿有 200 张工作表，超过上限 100 张，可能是误操作或恶意构造的文件，本文件未读入'],
      {
        bytes: { '200-sheets.xlsx': workbookOf(200) },
      },
    );
  });

  it(`refuses a sheet of a million rows (the limit is ${MAX_ROWS}), naming the sheet`, async () => {
    // Rows without numbers follow the last one: the same bytes a million times compress well.
    const rows = '<row><c><v>80</v></c></row>'.repeat(1_000_000);
    const bytes = await x01With({
      [DAILY_PART]: (xml) => entry(DAILY_PART, xml.replace('</sheetData>', `${rows}</sheetData>`)),
    });
    await unreadableFile(
      'million-rows.xlsx',
      [
        '错误：million-rows.xlsx，工作表“日常量化”：行数超过上限（每张工作表或每个 CSV 文件最多 300000 行），本文件未读入；如确有这么多数据，请分成几个文件',
      ],
      { bytes: { 'million-rows.xlsx': bytes } },
    );
  });

  it(`refuses merged ranges covering more than ${MAX_MERGED_CELLS} cells, naming the sheet, instead of filling billions of cells`, async () => {
    const bytes = await x01With({
      [DAILY_PART]: (xml) => entry(DAILY_PART, xml.replace(/<mergeCells[^>]*>/, '$&<mergeCell ref="A200:XFD300000"/>')),
    });
    await unreadableFile(
      'huge-merge.xlsx',
      [
        '错误：huge-merge.xlsx，工作表“日常量化”：合并单元格的范围过大（一张工作表中合并的单元格合计最多 1000000 个），可能是误操作或恶意构造的文件，本文件未读入',
      ],
      { bytes: { 'huge-merge.xlsx': bytes } },
    );
  });

  it('reads a sheet whose only rows past the limit are empty, formatted ones', async () => {
    const bytes = await x01With({
      [DAILY_PART]: (xml) =>
        entry(
          DAILY_PART,
          xml.replace(
            '</sheetData>',
            '<row r="1048576" ht="20" customHeight="1"><c r="A1048576" s="1"/></row></sheetData>',
          ),
        ),
    });
    const run = await badFile('formatted-last-row.xlsx', [], {
      bytes: { 'formatted-last-row.xlsx': bytes },
      remove: [X01_FORM],
    });
    expect(submission(run, 'formatted-last-row.xlsx')).toEqual({
      ...baseline.find((f) => f.path === X01_FORM)!,
      path: 'formatted-last-row.xlsx',
    });
  });

  it(`refuses a CSV file of a million lines (the limit is ${MAX_ROWS})`, async () => {
    const csv = '党员编号,姓名,党员类别,日常量化得分\r\n' + 'X01-001,程丹佳,正式党员,80\r\n'.repeat(1_000_000);
    await unreadableFile(
      '2011H1-X01-million-lines.csv',
      [
        '错误：2011H1-X01-million-lines.csv：CSV 文件无法读取：行数超过上限（每张工作表或每个 CSV 文件最多 300000 行），本文件未读入；如确有这么多数据，请分成几个文件',
      ],
      { bytes: { '2011H1-X01-million-lines.csv': csv } },
    );
  });
});

describe('workbooks built unusually', () => {
  it('reads what a formula linking to another workbook last computed, and reports one with no result', async () => {
    const run = await insteadOfX01('external-link.xlsx', [
      '错误：external-link.xlsx，工作表“日常量化”，单元格 D7：“日常量化得分”公式没有计算结果，请在 Excel 中打开后重新保存',
    ]);
    const scores = await current<{ member_id: string; score: number }>(
      run,
      "SELECT member_id, score FROM current_daily_record WHERE member_id IN ('X01-003', 'X01-004') ORDER BY member_id",
    );
    expect(scores).toEqual([{ member_id: 'X01-003', score: 83 }]);
  });

  it('rejects the row of a formula with no cached value, at its cell', async () => {
    const run = await insteadOfX01('formula-without-cached-value.xlsx', [
      '错误：formula-without-cached-value.xlsx，工作表“日常量化”，单元格 D5：“日常量化得分”公式没有计算结果，请在 Excel 中打开后重新保存',
    ]);
    expect(submission(run, 'formula-without-cached-value.xlsx')).toMatchObject({ rows_rejected: 1 });
  });

  it('reads a two-row header whose titles are merged cells', async () => {
    const run = await insteadOfX01('merged-two-row-header.xlsx', []);
    expect(submission(run, 'merged-two-row-header.xlsx')).toMatchObject({ rows_read: 130, rows_rejected: 0 });
    expect(
      await current(
        run,
        "SELECT count(DISTINCT member_id)::INTEGER AS n FROM current_member_tally WHERE org_id = 'X01'",
      ),
    ).toEqual([{ n: 20 }]);
  });

  it('finds the header under a title row and blank rows, and skips blank rows between the data', async () => {
    const run = await insteadOfX01('title-and-blank-rows-above-header.xlsx', []);
    expect(submission(run, 'title-and-blank-rows-above-header.xlsx')).toMatchObject({
      rows_read: 130,
      rows_rejected: 0,
    });
    // The header moved from row 3 to row 6; two blank rows follow the 7th member.
    const rows = await current<{ row_no: number }>(
      run,
      "SELECT row_no FROM current_daily_record WHERE org_id = 'X01' ORDER BY row_no",
    );
    expect(rows.map((r) => r.row_no)).toEqual([
      ...Array.from({ length: 6 }, (_, i) => 7 + i),
      ...Array.from({ length: 14 }, (_, i) => 15 + i),
    ]);
  });

  it('reads columns in another order by their headers', async () => {
    const run = await insteadOfX01('columns-reordered.xlsx', []);
    expect(
      await current(
        run,
        "SELECT member_id, score FROM current_daily_record WHERE member_id IN ('X01-001', 'X01-002') ORDER BY member_id",
      ),
    ).toEqual([
      { member_id: 'X01-001', score: 71 },
      { member_id: 'X01-002', score: 90 },
    ]);
  });

  it('ignores columns headed __proto__ and constructor, and rejects __proto__ as a member code', async () => {
    const run = await insteadOfX01('proto-and-constructor-headers.xlsx', [
      '错误：proto-and-constructor-headers.xlsx，工作表“日常量化”，单元格 A8（填写的是“__proto__”）：党员编号“__PROTO__”不在名册中，名册中“王娜”的编号是 X01-005',
      '提醒：proto-and-constructor-headers.xlsx，工作表“日常量化”：以下党员没有日常量化得分：王娜',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(submission(run, 'proto-and-constructor-headers.xlsx')).toMatchObject({ rows_read: 130, rows_rejected: 1 });
  });

  it('ignores shared-string counts that claim four billion strings', async () => {
    const run = await insteadOfX01('shared-strings-count-lie.xlsx', []);
    expect(submission(run, 'shared-strings-count-lie.xlsx')).toMatchObject({ rows_read: 130, rows_rejected: 0 });
  });
});

describe('cells as people type them', () => {
  it('reads full-width digits as numbers', async () => {
    const run = await insteadOfX01('full-width-numbers.xlsx', []);
    expect(await current(run, "SELECT score FROM current_daily_record WHERE member_id = 'X01-001'")).toEqual([
      { score: 85 },
    ]);
    expect(
      await current(
        run,
        "SELECT votes FROM current_member_tally WHERE member_id = 'X01-001' AND category = 'member' AND grade = 'competent'",
      ),
    ).toEqual([{ votes: 13 }]);
  });

  it('reads 85分, spaces around a number and 13票 as numbers', async () => {
    const run = await insteadOfX01('score-with-unit.xlsx', []);
    expect(
      await current(
        run,
        "SELECT member_id, score FROM current_daily_record WHERE member_id IN ('X01-001', 'X01-002') ORDER BY member_id",
      ),
    ).toEqual([
      { member_id: 'X01-001', score: 85 },
      { member_id: 'X01-002', score: 90 },
    ]);
    expect(
      await current(
        run,
        "SELECT votes FROM current_member_tally WHERE member_id = 'X01-001' AND category = 'member' AND grade = 'competent'",
      ),
    ).toEqual([{ votes: 13 }]);
  });

  it('rejects a negative vote count', async () => {
    await insteadOfX01('negative-count.xlsx', [
      '错误：negative-count.xlsx，工作表“民主评议计票”，单元格 D5（填写的是“-1”）：“优秀”不能为负数',
    ]);
  });

  it('rejects a vote count with decimals', async () => {
    await insteadOfX01('decimal-count.xlsx', [
      '错误：decimal-count.xlsx，工作表“民主评议计票”，单元格 E6（填写的是“12.5”）：“合格”应为整数',
    ]);
  });

  it('rejects text in a score cell', async () => {
    await insteadOfX01('text-in-score.xlsx', [
      '错误：text-in-score.xlsx，工作表“日常量化”，单元格 D10（填写的是“良好”）：“日常量化得分”应填写数字',
    ]);
  });

  it('rejects a score over the item maximum', async () => {
    await insteadOfX01('score-over-maximum.xlsx', [
      '错误：score-over-maximum.xlsx，工作表“支部自评”，单元格 E4（填写的是“5”）：“自评得分”不能大于 3',
    ]);
  });
});

describe('rules across cells', () => {
  it('rejects a tally over the ballots returned', async () => {
    const run = await insteadOfX01('tally-over-returned.xlsx', [
      '错误：tally-over-returned.xlsx，工作表“民主评议计票”，单元格 B4（填写的是“X01-001”）：程丹佳的各等次票数合计 36，多于该类评议人的收回票数 19',
    ]);
    expect(
      await current(
        run,
        "SELECT count(*)::INTEGER AS n FROM current_member_tally WHERE member_id = 'X01-001' AND category = 'member'",
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('keeps, with a warning, more ballots returned than issued (the round is void)', async () => {
    const run = await insteadOfX01('returned-over-issued.xlsx', [
      '提醒：returned-over-issued.xlsx，工作表“评议票数”，单元格 E4（填写的是“25”）：收回票数（25）多于发出票数（19），按规定该轮评议无效',
    ]);
    expect(
      await current(
        run,
        "SELECT issued, returned FROM current_ballot_round WHERE org_id = 'X01' AND round = 'democraticReview' AND category = 'member'",
      ),
    ).toEqual([{ issued: 19, returned: 25 }]);
  });

  it('rejects an unknown member code, naming the code the roster has for the name', async () => {
    await insteadOfX01('unknown-member-code.xlsx', [
      '错误：unknown-member-code.xlsx，工作表“日常量化”，单元格 A5（填写的是“X09-999”）：党员编号“X09-999”不在名册中，名册中“吴艳敏”的编号是 X01-002',
      '提醒：unknown-member-code.xlsx，工作表“日常量化”：以下党员没有日常量化得分：吴艳敏',
    ]);
  });

  it('rejects a misspelt member code, suggesting the nearest one', async () => {
    await insteadOfX01('misspelt-member-code.xlsx', [
      '错误：misspelt-member-code.xlsx，工作表“日常量化”，单元格 A6（填写的是“X01-0O3”）：党员编号“X01-0O3”不在名册中，是否为 林波（X01-003）？',
      '提醒：misspelt-member-code.xlsx，工作表“日常量化”：以下党员没有日常量化得分：林波',
    ]);
  });

  it('rejects an unknown organization code on the bureau form, suggesting the organization named beside it', async () => {
    const name = 'bureau-unknown-org.xlsx';
    await badFile(
      name,
      [
        '错误：bureau-unknown-org.xlsx，工作表“上级考评”，单元格 A5（填写的是“X1O”）：党组织编号“X1O”不在名册中，是否为 东湖区教科体局机关党支部（J01）？',
        '提醒：bureau-unknown-org.xlsx，工作表“上级考评”：东湖区教科体局机关党支部（J01）有 1 条考核细则没有考评得分',
      ],
      { fixtures: { [name]: name }, remove: [BUREAU_FORM] },
    );
  });

  it("rejects a member on another branch's form", async () => {
    await insteadOfX01('member-of-another-branch.xlsx', [
      '错误：member-of-another-branch.xlsx，工作表“日常量化”，单元格 A7（填写的是“J01-001”）：李艳娟（J01-001）在名册中属于东湖区教科体局机关党支部，不属于本党组织',
      '提醒：member-of-another-branch.xlsx，工作表“日常量化”：以下党员没有日常量化得分：孙瑶丹',
    ]);
  });

  it('keeps the first row of a member listed in two branches of the roster and rejects the second', async () => {
    const name = 'roster-member-in-two-branches.xlsx';
    const run = await badFile(
      name,
      [
        '错误：roster-member-in-two-branches.xlsx，工作表“党员”，单元格 A561（填写的是“J01-001”）：“党员编号”重复：“J01-001”已在前面出现，本行未采用',
      ],
      {
        fixtures: { [name]: name },
        remove: [ROSTER_FILE_NAME],
      },
    );
    expect(await current(run, "SELECT org_id FROM current_roster_member WHERE member_id = 'J01-001'")).toEqual([
      { org_id: 'J01' },
    ]);
  });

  it('rejects a member repeated on one sheet, keeping the first row', async () => {
    await insteadOfX01('duplicate-member-row.xlsx', [
      '错误：duplicate-member-row.xlsx，工作表“日常量化”，单元格 A23（填写的是“X01-001”）：程丹佳的日常量化得分重复出现，本行未采用（以前面一行为准）',
      '提醒：duplicate-member-row.xlsx，工作表“日常量化”，单元格 B23（填写的是“高峰晓”）：姓名“高峰晓”与名册中的“程丹佳”不一致，已按党员编号 X01-001 对应',
      '提醒：duplicate-member-row.xlsx，工作表“日常量化”：以下党员没有日常量化得分：高峰晓',
    ]);
  });
});

describe('several files, versions and names', () => {
  it('reads the same form under two names once', async () => {
    const run = await badFile('X01-copy.xlsx', [`提醒：X01-copy.xlsx：与“${X01_FORM}”内容完全相同，只读取一次`], {
      bytes: { 'X01-copy.xlsx': readFileSync(join(base, X01_FORM)) },
    });
    expect(run.files.map((f) => f.path)).not.toContain('X01-copy.xlsx');
  });

  it('uses the newer of two versions of a form and keeps the older in history', async () => {
    const run = await badFile('newer-version.xlsx', [
      `提醒：newer-version.xlsx：2011H1 X01 的表格有 2 份：“newer-version.xlsx”（填表日期 2011-07-20）、“${X01_FORM}”（填表日期 2011-07-07），采用最新的“newer-version.xlsx”，其余保留在历史记录中`,
    ]);
    expect(
      await current(
        run,
        "SELECT t.score, s.path FROM current_daily_record t JOIN submission s USING (submission_id) WHERE member_id = 'X01-001'",
      ),
    ).toEqual([{ score: 61, path: 'newer-version.xlsx' }]);
  });

  it('warns when the file name gives another period than the form, and follows the form', async () => {
    const run = await insteadOfX01('2010H2-period-in-name.xlsx', [
      '提醒：2010H2-period-in-name.xlsx（填写的是“2010H2”）：文件名或文件夹显示的评议期（2010H2）与表内信息（2011H1）不一致，按表内信息 2011H1 处理',
    ]);
    expect(
      await current(run, "SELECT period, org_id FROM submission WHERE path = '2010H2-period-in-name.xlsx'"),
    ).toEqual([{ period: '2011H1', org_id: 'X01' }]);
  });

  it('takes a file deleted between two builds out of the current data, keeping it in history', async () => {
    const run = await ingestCase({});
    rmSync(join(run.input, X02_FORM));
    const again = await ingested(
      run.input,
      run.store,
      await ingest({ store: run.store, input: run.input, scheme, schemeText }),
    );
    expect(again.summary.read).toBe(0);
    expect(again.said('')).toEqual(['提醒：2011H1 缺少以下党组织的评议表：东湖区光明小学党支部（X02）']);
    expect(submission(again, X02_FORM)).toMatchObject({ present: false, usable: true });
    expect(
      await current(again, "SELECT count(*)::INTEGER AS n FROM current_daily_record WHERE org_id = 'X02'"),
    ).toEqual([{ n: 0 }]);
    expectRestLoaded({ ...again, files: again.files.filter((f) => f.present) }, [X02_FORM]);
  });

  it('reports a file moved away while the build runs, and reads the rest', async () => {
    const run = await ingestCase({ during: (done, input) => done === 1 && rmSync(join(input, X02_FORM)) });
    expect(run.said(X02_FORM)).toEqual([`错误：${X02_FORM.split('/')[1]}：文件在读取过程中被移走了，本次未读入`]);
    expect(submission(run, X02_FORM)).toMatchObject({ usable: false, rows_read: 0 });
    expectRestLoaded(run, [X02_FORM]);
  });

  it('reports a file still being written while the build runs, and reads it whole on the next build', async () => {
    const whole = readFileSync(join(base, X02_FORM));
    const run = await ingestCase({
      bytes: { [X02_FORM]: whole.subarray(0, whole.length >> 1) },
      // The copy finishes while the first files are read.
      during: (done, input) => done === 1 && writeFileSync(join(input, X02_FORM), whole),
    });
    expect(run.said(X02_FORM)).toEqual([
      `错误：${X02_FORM.split('/')[1]}：文件在读取过程中被改动了（可能还在复制），本次未读入，请稍后重新运行`,
    ]);
    expect(submission(run, X02_FORM)).toMatchObject({ usable: false, rows_read: 0 });
    expectReconciled(run.files);
    const again = await ingested(
      run.input,
      run.store,
      await ingest({ store: run.store, input: run.input, scheme, schemeText }),
    );
    expect(again.summary.read).toBe(1);
    expect(again.said(X02_FORM).filter((p) => p.startsWith('错误'))).toEqual([]);
    expectRestLoaded({ ...again, files: again.files.filter((f) => f.present) });
  });
});

describe('CSV files', () => {
  const ballots = async (name: string) => {
    const run = await badFile(name, [
      `错误：${name}，工作表“CSV”，单元格 E3（填写的是“很好”）：“总体评价”应为 优秀、合格、基本合格、不合格 之一`,
    ]);
    expect(submission(run, name)).toMatchObject({ usable: true, rows_read: 3, rows_accepted: 2 });
    const read = await current<{ member_id: string; grade: string }>(
      run,
      `SELECT member_id, grade FROM member_ballot JOIN submission USING (submission_id) WHERE path = '${name}' ORDER BY row_no`,
    );
    expect(read).toEqual([
      { member_id: 'X01-001', grade: 'excellent' },
      { member_id: 'X01-001', grade: 'competent' },
    ]);
  };

  it('reads a GBK CSV from Excel on Chinese Windows', () => ballots('2011H1-X01-ballots-gbk.csv'));

  it('reads a UTF-8 CSV with a byte order mark', () => ballots('2011H1-X01-ballots-utf8-bom.csv'));

  it('reads a tab-separated UTF-16 CSV (Excel “Unicode 文本”)', () => ballots('2011H1-X01-ballots-utf16.csv'));

  it('reads mixed line endings and a quoted line break, counting lines as the file has them', async () => {
    const name = '2011H1-X01-daily-mixed-line-endings.csv';
    const run = await badFile(name, [
      '错误：2011H1-X01-daily-mixed-line-endings.csv，工作表“CSV”，单元格 D4（填写的是“120”）：“日常量化得分”不能大于 100',
      '提醒：2011H1-X01-daily-mixed-line-endings.csv，工作表“CSV”：以下党员没有日常量化得分：孙瑶丹、王娜、高红兰、罗慧倩、何春鹏、顾雪、朱超刚、李茜莉、杨婷丽、石丹茜、赵倩、陶琳敏、郝茜、许敏燕、钟涛、谭丹瑶、高峰晓',
      // Without a fill date it is dated by its file time: newer than X01's form, it replaces its 日常量化.
      expect.stringMatching(
        /^提醒：2011H1-X01-daily-mixed-line-endings\.csv：2011H1 X01 的日常量化有 2 份：“2011H1-X01-daily-mixed-line-endings\.csv”（未填填表日期，文件时间 [-\d :]+）、“2011H1\/2011H1_X01_东湖区实验小学党支部_评议表\.xlsx”（填表日期 2011-07-07），采用最新的“2011H1-X01-daily-mixed-line-endings\.csv”，其余保留在历史记录中$/,
      ),
    ]);
    expect(
      await current(
        run,
        `SELECT row_no, member_id, note FROM daily_record JOIN submission USING (submission_id) WHERE path = '${name}' ORDER BY row_no`,
      ),
    ).toEqual([
      // Notes are folded to one line, as every text cell is.
      { row_no: 2, member_id: 'X01-001', note: '第一行 第二行' },
      { row_no: 5, member_id: 'X01-003', note: null },
    ]);
  });

  it('refuses a CSV with an unclosed quote, naming the line', async () => {
    await unreadableFile('2011H1-X01-unclosed-quote.csv', [
      '错误：2011H1-X01-unclosed-quote.csv：CSV 文件无法读取：引号未闭合（第 2 行）',
    ]);
  });
});

// ---- Issue #20: what office software really sends ----------------------------------------

/** A bomb: 1 MB blocks of spaces, flushed to a byte boundary, past the entry limit, as deflated data. */
function deflateBomb(): Buffer {
  const block = deflateRawSync(Buffer.alloc(2 ** 20, 0x20), { finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([
    ...Array.from({ length: ZIP_LIMITS.entryBytes / 2 ** 20 + 10 }, () => block),
    Buffer.from([0x03, 0x00]),
  ]);
}

/** An .ods whose only sheet, 表1, has `rows` (content.xml between <table:table> tags). */
function odsOf(rows: string, extra: RawEntry[] = []): Buffer {
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  return zipOf([
    entry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', 0),
    entry(
      'content.xml',
      `<office:document-content ${ns}><office:body><office:spreadsheet><table:table table:name="表1">${rows}</table:table></office:spreadsheet></office:body></office:document-content>`,
    ),
    ...extra,
  ]);
}

/** X01's .xlsx form read by SheetJS, so that its sheets can be changed and written in another format. */
function sheetjsBook(bytes: Buffer, format: 'xls' | 'xlsb', change: (wb: XLSX.WorkBook) => void): Buffer {
  const wb = XLSX.read(bytes, { type: 'buffer' });
  change(wb);
  return XLSX.write(wb, { type: 'buffer', bookType: format }) as Buffer;
}

/** An .xlsb sheet's records (type and size as 7-bit varints) with the row header of 0-based row `from` moved to `to`. */
function rowMoved(records: Buffer, from: number, to: number): Buffer {
  const out = Buffer.from(records);
  const varint = (at: number, bytes: number): [number, number] => {
    let value = 0;
    for (let i = 0; i < bytes; i++) {
      value |= (out[at + i]! & 0x7f) << (7 * i);
      if (out[at + i]! < 0x80) return [value, at + i + 1];
    }
    return [value, at + bytes];
  };
  for (let at = 0; at < out.length;) {
    const [type, afterType] = varint(at, 2);
    const [size, data] = varint(afterType, 4);
    // BrtRowHdr (type 0) starts with the row's index.
    if (type === 0 && out.readUInt32LE(data) === from) out.writeUInt32LE(to, data);
    at = data + size;
  }
  return out;
}

/** The files of a fixture folder, under their own names in the input folder. */
const folder = (name: string) => Object.fromEntries(readdirSync(join(BAD_DIR, name)).map((f) => [f, `${name}/${f}`]));

describe('merged cells over numbers', () => {
  it('reads each merged vote count as the file stores it, and says where the merges are', async () => {
    const run = await insteadOfX01('merged-vote-counts.xlsx', [
      '提醒：merged-vote-counts.xlsx，工作表“民主评议计票”，单元格 D6:E6：合并单元格覆盖了几个填有数字的单元格，已按每个单元格自己保存的数读取（合并后只显示第一个数）；请取消合并，核对这些数字',
      '提醒：merged-vote-counts.xlsx，工作表“民主评议计票”，单元格 F5:G5：合并单元格覆盖了几个填有数字的单元格，已按每个单元格自己保存的数读取（合并后只显示第一个数）；请取消合并，核对这些数字',
    ]);
    expect(submission(run, 'merged-vote-counts.xlsx')).toMatchObject({ rows_rejected: 0 });
    expect(
      await current(
        run,
        "SELECT member_id, grade, votes FROM current_member_tally WHERE member_id IN ('X01-002', 'X01-003') AND category = 'member' ORDER BY member_id, grade",
      ),
    ).toEqual([
      { member_id: 'X01-002', grade: 'basicallyCompetent', votes: 1 },
      { member_id: 'X01-002', grade: 'competent', votes: 4 },
      { member_id: 'X01-002', grade: 'excellent', votes: 12 },
      { member_id: 'X01-002', grade: 'incompetent', votes: 2 },
      { member_id: 'X01-003', grade: 'basicallyCompetent', votes: 0 },
      { member_id: 'X01-003', grade: 'competent', votes: 3 },
      { member_id: 'X01-003', grade: 'excellent', votes: 10 },
      { member_id: 'X01-003', grade: 'incompetent', votes: 0 },
    ]);
  });

  it('rejects the row of a vote count merged away, naming the range, instead of copying the number beside it', async () => {
    const run = await insteadOfX01('merged-over-emptied-cell.xlsx', [
      '错误：merged-over-emptied-cell.xlsx，工作表“民主评议计票”，单元格 G7：“不合格”在合并单元格 F7:G7 中，没有自己的数值（合并时被清空），不能照抄合并前第一个单元格的数；请取消合并后分别填写',
    ]);
    expect(submission(run, 'merged-over-emptied-cell.xlsx')).toMatchObject({ rows_rejected: 1 });
    expect(
      await current(
        run,
        "SELECT count(*)::INTEGER AS n FROM current_member_tally WHERE member_id = 'X01-004' AND category = 'member'",
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('a form exported sheet by sheet as CSV', () => {
  const exported = async (charset: string) => {
    const parts = folder(`sheets-as-csv-${charset}`);
    const run = await ingestCase({ fixtures: parts, remove: [X01_FORM] });
    expectRestLoaded(run, [X01_FORM]);
    for (const name of Object.keys(parts)) expect(run.said(name), name).toEqual([]);
    expect(run.said('')).toEqual([]);
    const x01 = baseline.find((f) => f.path === X01_FORM)!;
    const files = run.files.filter((f) => f.path in parts);
    expect(files.every((f) => f.usable)).toBe(true);
    expect([files.reduce((n, f) => n + f.rows_read, 0), files.reduce((n, f) => n + f.rows_accepted, 0)]).toEqual([
      x01.rows_read,
      x01.rows_accepted,
    ]);
    expect(
      await current(
        run,
        "SELECT DISTINCT period, org_id, strftime(fill_date, '%Y-%m-%d') AS fill_date, fill_by, phone FROM submission WHERE path LIKE 'X01-%'",
      ),
    ).toEqual([
      { period: '2011H1', org_id: 'X01', fill_date: '2011-07-07', fill_by: '吴艳敏', phone: '0791-86634012' },
    ]);
    expect(await current(run, "SELECT score FROM current_daily_record WHERE member_id = 'X01-001'")).toEqual([
      { score: 71 },
    ]);
  };

  it('reads the parts saved by LibreOffice in UTF-8 as one form: 说明, _pingyi and blank sheets quietly, fields from 说明, no form missing', () =>
    exported('utf8'));

  it('reads the parts saved by LibreOffice in GBK the same way', () => exported('gbk'));
});

describe('text whose Chinese was lost to a character set', () => {
  it('asks for a CSV whose Chinese became "?" (LibreOffice’s default CSV export) to be exported again in UTF-8 or GBK', async () => {
    await unreadableFile('2011H1-X01-exported-latin1.csv', [
      '错误：2011H1-X01-exported-latin1.csv：编码错误：请以 UTF-8 或 GBK 重新导出（文件中的中文都变成了“?”：导出时选的字符集不含中文）',
    ]);
  });

  it('asks for a UTF-8 CSV opened as Western text and saved again to be exported again', async () => {
    await unreadableFile('2011H1-X01-daily-read-as-latin1.csv', [
      '错误：2011H1-X01-daily-read-as-latin1.csv：编码错误：请以 UTF-8 或 GBK 重新导出（文件中的中文都变成了“å…š”一类的乱码：文件曾被当作西文编码打开，又保存了）',
    ]);
  });
});

describe('other spreadsheet formats', () => {
  const sameAsX01 = async (name: string) => {
    const run = await insteadOfX01(name, []);
    const x01 = baseline.find((f) => f.path === X01_FORM)!;
    expect(submission(run, name)).toEqual({ ...x01, path: name });
    expect(
      await current(
        run,
        `SELECT recognized_by, strftime(fill_date, '%Y-%m-%d') AS fill_date, fill_by FROM submission WHERE path = '${name}'`,
      ),
    ).toEqual([{ recognized_by: 'metadata', fill_date: '2011-07-07', fill_by: '吴艳敏' }]);
  };

  it('reads a form saved by LibreOffice as .ods, by its metadata, as the same form', () =>
    sameAsX01('libreoffice-format.ods'));

  it('reads a form saved by LibreOffice as Excel 97-2003 .xls, by its metadata, as the same form', () =>
    sameAsX01('excel-97-2003.xls'));

  it('reads a form saved as .xlsb, by its metadata, as the same form', () => sameAsX01('xlsb-with-form-metadata.xlsb'));

  it('asks for a WPS .et workbook to be saved as .xlsx, naming WPS', async () => {
    await unreadableFile('wps-format.et', [
      '错误：wps-format.et：这是 WPS 表格自己的格式（.et），无法读取，请在 WPS 中“另存为” .xlsx 后放回 input 文件夹',
    ]);
  });

  it('asks for a damaged .ods to be saved again as .xlsx, never calling it a zip', async () => {
    const ods = readFileSync(join(BAD_DIR, 'libreoffice-format.ods'));
    await unreadableFile(
      'damaged.ods',
      [
        '错误：damaged.ods：这个LibreOffice（.ods）文件已损坏或无法读取，请用 Excel、WPS 或 LibreOffice 打开后“另存为” .xlsx，放回 input 文件夹',
      ],
      {
        bytes: {
          'damaged.ods': await zipWith(ods, {
            mimetype: (text) => entry('mimetype', text, 0),
            'content.xml': () => entry('content.xml', 'x'),
          }),
        },
      },
    );
  });
});

describe('the limits, in every format', () => {
  it(`refuses an .ods of a million repeated rows (the limit is ${MAX_ROWS}), naming the sheet`, async () => {
    const rows =
      '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>';
    await unreadableFile(
      'million-rows.ods',
      [
        '错误：million-rows.ods，工作表“表1”：行数超过上限（每张工作表或每个 CSV 文件最多 300000 行），本文件未读入；如确有这么多数据，请分成几个文件',
      ],
      { bytes: { 'million-rows.ods': odsOf(rows) } },
    );
  });

  it(`refuses an .ods whose repeat counts make billions of cells (the limit is ${MAX_CELLS}), without making them`, async () => {
    const rows =
      '<table:table-row table:number-rows-repeated="200000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>';
    await unreadableFile(
      'repeated-cells.ods',
      [
        '错误：repeated-cells.ods，工作表“表1”：有内容的单元格超过上限（一张工作表最多 10000000 个），可能是误操作或恶意构造的文件，本文件未读入',
      ],
      { bytes: { 'repeated-cells.ods': odsOf(rows) } },
    );
  });

  it('refuses an .ods zip bomb', async () => {
    const bytes = zipOf([
      entry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', 0),
      { name: 'content.xml', method: 8, data: deflateBomb(), size: 1024, crc: 0 },
    ]);
    await unreadableFile(
      'zip-bomb.ods',
      [
        '错误：zip-bomb.ods：工作簿内部文件“content.xml”解压后超过 200 MB，可能是恶意构造的文件（压缩炸弹），本文件未读入',
      ],
      { bytes: { 'zip-bomb.ods': bytes } },
    );
  });

  it('refuses an .xlsb zip bomb before SheetJS reads it', async () => {
    const xlsb = readFileSync(join(BAD_DIR, 'xlsb-with-form-metadata.xlsb'));
    const part = 'xl/worksheets/sheet8.bin';
    const bytes = await zipWith(xlsb, {
      [part]: () => ({ name: part, method: 8, data: deflateBomb(), size: 1024, crc: 0 }),
    });
    await unreadableFile(
      'zip-bomb.xlsb',
      [`错误：zip-bomb.xlsb：工作簿内部文件“${part}”解压后超过 200 MB，可能是恶意构造的文件（压缩炸弹），本文件未读入`],
      { bytes: { 'zip-bomb.xlsb': bytes } },
    );
  });

  // An .xls has at most 65,536 rows: the row limit is for .xlsb. SheetJS writes empty rows too slowly
  // to reach row 300001, so the second of two rows is moved there in the sheet's binary records.
  it(`refuses an .xlsb with a value past row ${MAX_ROWS}, naming the sheet`, async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['党员编号'], [80]]), '日常量化');
    const xlsb = XLSX.write(wb, { type: 'buffer', bookType: 'xlsb' }) as Buffer;
    const part = 'xl/worksheets/sheet1.bin';
    const sheet = (await JSZip.loadAsync(xlsb)).file(part)!;
    const records = await sheet.async('nodebuffer');
    const bytes = await zipWith(xlsb, { [part]: () => entry(part, rowMoved(records, 1, MAX_ROWS)) });
    await unreadableFile(
      'row-past-limit.xlsb',
      [
        '错误：row-past-limit.xlsb，工作表“日常量化”：行数超过上限（每张工作表或每个 CSV 文件最多 300000 行），本文件未读入；如确有这么多数据，请分成几个文件',
      ],
      { bytes: { 'row-past-limit.xlsb': bytes } },
    );
  });

  it(`refuses an .xls of 200 sheets (the limit is ${MAX_SHEETS})`, async () => {
    const bytes = sheetjsBook(readFileSync(join(base, X01_FORM)), 'xls', (wb) => {
      for (let i = wb.SheetNames.length; i < 200; i++)
        XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[i]]), `表${i}`);
    });
    await unreadableFile(
      '200-sheets.xls',
      ['错误：200-sheets.xls：工作簿有 200 张工作表，超过上限 100 张，可能是误操作或恶意构造的文件，本文件未读入'],
      { bytes: { '200-sheets.xls': bytes } },
    );
  });
});

describe('the input files themselves', () => {
  it('are never modified', async () => {
    const run = await ingestCase({
      fixtures: {
        'text-in-score.xlsx': 'text-in-score.xlsx',
        '2011H1-X01-daily-mixed-line-endings.csv': '2011H1-X01-daily-mixed-line-endings.csv',
      },
    });
    for (const name of ['text-in-score.xlsx', '2011H1-X01-daily-mixed-line-endings.csv'])
      expect(readFileSync(join(run.input, name))).toEqual(readFileSync(join(BAD_DIR, name)));
    for (const f of baseline) expect(readFileSync(join(run.input, f.path))).toEqual(readFileSync(join(base, f.path)));
  });
});
