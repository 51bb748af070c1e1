import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildBranchWorkbook } from '../src/forms/branch-form.ts';
import { readMetadata } from './exceljs-book.ts';
import { writeWorkbook } from '../src/forms/workbook.ts';
import { readRosterFile } from '../src/ingest/roster.ts';
import { parsePeriod } from '../src/scheme/period.ts';
import { formatProblem } from '../src/contract/problem.ts';
import { validateInput } from '../src/pipeline/validate.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { Store } from '../src/store/db.ts';
import { ingest as ingestStage } from '../src/pipeline/ingest.ts';
import { score } from '../src/pipeline/score.ts';
import { currentProblems } from '../src/store/problems.ts';
import { databaseReference } from '../src/store/reference.ts';
import { expectReconciled, fileRows, openWorkbook, sheet, tempDir } from './helpers.ts';

const { scheme, text: schemeText } = loadScheme();
const X02 = '2011H1/光明小学2011上半年创先争优（定稿）.xlsx';
const Z02 = '2011H1/2011H1_Z02_东湖区城东中学党支部_评议表.xlsx';

let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});

/** A private copy of the sample input and an empty database. */
async function workspace(): Promise<{ input: string; db: string; open: () => Promise<Store> }> {
  const dir = await tempDir();
  const input = join(dir, 'input');
  await cp('input', input, { recursive: true });
  const db = join(dir, 'data', 'pingyi.duckdb');
  return {
    input,
    db,
    open: async () => {
      const s = await Store.open(db);
      stores.push(s);
      return s;
    },
  };
}

const ingest = (store: Store, input: string) => ingestStage({ store: store, input: input, scheme, schemeText });
const J01_2010H2 = '2010H2/2010H2_J01_东湖区教科体局机关党支部_评议表.xlsx';

/** The cell of a form's fill date, by its defined name. */
const fillDateCell = (wb: ExcelJS.Workbook) =>
  wb.definedNames.model
    .find((n) => n.name === 'PINGYI_FILL_DATE')!
    .ranges[0]!.split('!')[1]!
    .replace(/\$/g, '');

const currentDaily = (store: Store, memberId: string) =>
  store.rows<{ score: number; path: string }>(`
    SELECT t.score, s.path FROM current_daily_record t JOIN submission s USING (submission_id)
    WHERE t.member_id = '${memberId}' AND t.period = '2011H1'`);

async function count(store: Store, sql: string): Promise<number> {
  return Number((await store.rows<{ n: bigint | number }>(sql))[0]!.n);
}

describe('ingesting the sample input', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let store: Store;
  let first: Awaited<ReturnType<typeof ingest>>;

  beforeAll(async () => {
    ws = await workspace();
    store = await Store.open(ws.db);
    first = await ingest(store, ws.input);
    return () => store.close();
  });

  it('reads every file, recognising renamed ones by their metadata', async () => {
    expect(first.read).toBe(32);
    const kinds = await store.rows<{ kind: string; n: number }>(
      'SELECT kind, count(*)::INTEGER AS n FROM submission GROUP BY kind ORDER BY kind',
    );
    expect(kinds).toEqual([
      { kind: 'branch', n: 28 },
      { kind: 'bureau', n: 2 },
      { kind: 'decision', n: 1 },
      { kind: 'roster', n: 1 },
    ]);
    expect(
      await count(
        store,
        `SELECT count(*) AS n FROM submission WHERE path = '${X02}' AND org_id = 'X02' AND period = '2011H1'`,
      ),
    ).toBe(1);
  });

  it('keeps the reconciliation identity for every file: rows read = accepted + rejected = records loaded + rejected', async () => {
    const files = await fileRows(store);
    expect(files).toHaveLength(32);
    expectReconciled(files);
    expect(first.rows.read).toBeGreaterThan(2000);
    expect(first.rows.rejected).toBe(3);
  });

  it('reports the deliberate mistakes of the sample: a tally over the ballots returned, a misspelt name, award proposals over the places and of a probationary member', async () => {
    const problems = (await currentProblems(store)).map(formatProblem);
    expect(problems.filter((p) => p.startsWith('错误'))).toEqual([
      '错误：2011H1_J01_东湖区教科体局机关党支部_评议表.xlsx，工作表“推荐”，单元格 B5（填写的是“J01-015”）：郑宏良是预备党员，不能推荐评优',
      '错误：2011H1_X03_东湖区百花洲小学党支部_评议表.xlsx，工作表“推荐”，单元格 B6（填写的是“X03-010”）：超过本党组织的推荐名额：优秀共产党员最多推荐 2 名，本行未采用',
      expect.stringMatching(
        /^错误：2011H1_Z02_东湖区城东中学党支部_评议表\.xlsx，工作表“民主评议计票”，单元格 B6（填写的是“Z02-003”）：.+的各等次票数合计 \d+，多于该类评议人的收回票数 \d+$/,
      ),
    ]);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^提醒：光明小学2011上半年创先争优（定稿）\.xlsx，工作表“民主评议计票”，单元格 C8（填写的是“.+”）：姓名“.+”与名册中的“.+”不一致，已按党员编号 X02-005 对应$/,
      ),
    );
    const score = await store.rows<{ score: number }>(
      "SELECT score FROM current_daily_record WHERE member_id = 'X03-004' AND period = '2011H1'",
    );
    expect(score).toHaveLength(1);
    expect(Number.isInteger(score[0]!.score)).toBe(true);
  });

  it('keeps provenance for every record: file, sheet, row, SHA-256 and when it was ingested', async () => {
    const rows = await store.rows<{ path: string; sha256: string; sheet: string; row_no: number; ingested_at: Date }>(`
      SELECT s.path, s.sha256, t.sheet, t.row_no, s.ingested_at FROM current_daily_record t JOIN submission s USING (submission_id)
      WHERE t.member_id = 'X02-001' AND t.period = '2011H1'`);
    expect(rows).toEqual([
      {
        path: X02,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        sheet: '日常量化',
        row_no: 4,
        ingested_at: expect.any(Date),
      },
    ]);
  });

  it('does not parse unchanged files again on the next run', async () => {
    const again = await ingest(store, ws.input);
    expect(again.read).toBe(0);
    expect(again.skipped).toBe(32);
    expect(await count(store, 'SELECT count(*) AS n FROM submission')).toBe(32);
  });
});

describe('history and supersession', () => {
  it('follows a renamed file without reading it again', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    await rename(join(ws.input, Z02), join(ws.input, '2011H1', '城东中学.xlsx'));
    const again = await ingest(store, ws.input);
    expect(again.read).toBe(0);
    expect(
      await count(store, "SELECT count(*) AS n FROM submission WHERE path = '2011H1/城东中学.xlsx' AND present"),
    ).toBe(1);
  });

  it('uses a newer version of a form, keeps the older in history, and goes back when the newer disappears', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    const wb = await openWorkbook(join(ws.input, Z02));
    sheet(wb, '说明').getCell(fillDateCell(wb)).value = new Date(Date.UTC(2011, 6, 20));
    const daily = sheet(wb, '日常量化');
    daily.getCell('D4').value = 61;
    const newer = join(ws.input, '2011H1', '城东中学（修改版）.xlsx');
    await wb.xlsx.writeFile(newer);

    const again = await ingest(store, ws.input);
    expect(again.read).toBe(1);
    const current = () =>
      store.rows<{ score: number; path: string }>(`
      SELECT t.score, s.path FROM current_daily_record t JOIN submission s USING (submission_id) WHERE t.member_id = 'Z02-001' AND t.period = '2011H1'`);
    expect(await current()).toEqual([{ score: 61, path: '2011H1/城东中学（修改版）.xlsx' }]);
    const problems = (await currentProblems(store)).map(formatProblem);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /2011H1 Z02 的表格有 2 份：“2011H1\/城东中学（修改版）\.xlsx”（填表日期 2011-07-20）、“2011H1\/2011H1_Z02_东湖区城东中学党支部_评议表\.xlsx”（填表日期 2011-07-\d\d）.*采用最新的/,
      ),
    );

    await rm(newer);
    await ingest(store, ws.input);
    expect((await current())[0]!.path).toBe(Z02);
    expect(await count(store, 'SELECT count(*) AS n FROM submission WHERE NOT present')).toBe(1);
  });

  it('takes a correction sent later as CSV for the table it carries, and names both files', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    const rows = await store.rows<{ member_id: string; score: number }>(
      "SELECT member_id, score FROM current_daily_record WHERE org_id = 'J01' AND period = '2010H2' ORDER BY member_id",
    );
    expect(rows[0]).toEqual({ member_id: 'J01-001', score: 75 });
    const csv = [
      '党员编号,姓名,日常量化得分',
      ...rows.map((r) => `${r.member_id},,${r.member_id === 'J01-001' ? 65 : r.score}`),
    ];
    const correction = '2010H2/机关党支部日常量化（更正）.csv';
    await writeFile(join(ws.input, correction), `\ufeff${csv.join('\r\n')}\r\n`);

    await ingest(store, ws.input);
    expect(
      await store.rows(`
        SELECT t.score, s.path FROM current_daily_record t JOIN submission s USING (submission_id)
        WHERE t.member_id = 'J01-001' AND t.period = '2010H2'`),
    ).toEqual([{ score: 65, path: correction }]);
    // The workbook's other tables stay current.
    expect(
      await store.rows(`
        SELECT DISTINCT s.path FROM current_self_assessment t JOIN submission s USING (submission_id)
        WHERE t.org_id = 'J01' AND t.period = '2010H2'`),
    ).toEqual([{ path: J01_2010H2 }]);
    const warning = new RegExp(
      `^提醒：机关党支部日常量化（更正）\\.csv：2010H2 J01 的日常量化有 2 份：“2010H2/机关党支部日常量化（更正）\\.csv”（未填填表日期，文件时间 [-\\d :]+）、“${J01_2010H2}”（填表日期 2011-01-05），采用最新的“2010H2/机关党支部日常量化（更正）\\.csv”，其余保留在历史记录中$`,
    );
    expect((await currentProblems(store)).map(formatProblem)).toContainEqual(expect.stringMatching(warning));
    // `pingyi validate` makes the same choice and says the same.
    const { summary } = await validateInput(ws.input, scheme, schemeText);
    expect(summary.problems.map(formatProblem)).toContainEqual(expect.stringMatching(warning));
  });

  it('keeps the form with the later fill date current even when the other file is newer', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    const before = await currentDaily(store, 'Z02-001');
    expect(before).toEqual([{ score: expect.any(Number), path: Z02 }]);
    const wb = await openWorkbook(join(ws.input, Z02));
    sheet(wb, '说明').getCell(fillDateCell(wb)).value = new Date(Date.UTC(2011, 5, 1));
    sheet(wb, '日常量化').getCell('D4').value = 61;
    await wb.xlsx.writeFile(join(ws.input, '2011H1', '城东中学（旧稿）.xlsx'));
    await ingest(store, ws.input);
    expect(await currentDaily(store, 'Z02-001')).toEqual(before);
    expect((await currentProblems(store)).map(formatProblem)).toContainEqual(
      expect.stringMatching(
        /^提醒：2011H1_Z02_东湖区城东中学党支部_评议表\.xlsx：2011H1 Z02 的表格有 2 份：“2011H1\/2011H1_Z02_.*”（填表日期 2011-07-\d\d）、“2011H1\/城东中学（旧稿）\.xlsx”（填表日期 2011-06-01）/,
      ),
    );
  });

  it('breaks a tie of fill date and file time by name, and a file touched later does not overtake one seen after it', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    const wb = await openWorkbook(join(ws.input, Z02));
    sheet(wb, '日常量化').getCell('D4').value = 61;
    const corrected = '2011H1/2011H1_Z02_东湖区城东中学党支部_评议表（更正）.xlsx';
    await wb.xlsx.writeFile(join(ws.input, corrected));
    const sameTime = new Date(Date.UTC(2011, 6, 1));
    await utimes(join(ws.input, corrected), sameTime, sameTime);
    await utimes(join(ws.input, Z02), sameTime, sameTime);
    await ingest(store, ws.input);
    expect(await currentDaily(store, 'Z02-001')).toEqual([{ score: 61, path: corrected }]);

    // The original, modified after the correction was seen (a copy, an Excel that saved nothing),
    // counts from when pingyi first saw it.
    const later = new Date(Date.now() + 3600_000);
    await utimes(join(ws.input, corrected), later, later);
    await ingest(store, ws.input);
    await utimes(join(ws.input, Z02), new Date(later.getTime() + 60_000), new Date(later.getTime() + 60_000));
    await ingest(store, ws.input);
    expect(await currentDaily(store, 'Z02-001')).toEqual([{ score: 61, path: corrected }]);
  });

  it('takes a one-sheet re-submission for its table only', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    const original = await openWorkbook(join(ws.input, Z02));
    const partial = new ExcelJS.Workbook();
    const to = partial.addWorksheet('日常量化');
    sheet(original, '日常量化').eachRow({ includeEmpty: true }, (row, r) => {
      to.getRow(r).values = row.values as ExcelJS.CellValue[];
    });
    to.getCell('D4').value = 61;
    await partial.xlsx.writeFile(join(ws.input, '2011H1', '城东中学日常量化.xlsx'));
    await ingest(store, ws.input);

    expect(await currentDaily(store, 'Z02-001')).toEqual([{ score: 61, path: '2011H1/城东中学日常量化.xlsx' }]);
    expect(
      await store.rows(`
        SELECT DISTINCT s.path FROM current_member_tally t JOIN submission s USING (submission_id)
        WHERE t.org_id = 'Z02' AND t.period = '2011H1'`),
    ).toEqual([{ path: Z02 }]);
    expect((await currentProblems(store)).map(formatProblem)).toContainEqual(
      expect.stringMatching(
        /^提醒：城东中学日常量化\.xlsx：2011H1 Z02 的日常量化有 2 份：“2011H1\/城东中学日常量化\.xlsx”（未填填表日期，文件时间 [-\d :]+）、“2011H1\/2011H1_Z02_东湖区城东中学党支部_评议表\.xlsx”（填表日期 2011-07-\d\d），采用最新的“2011H1\/城东中学日常量化\.xlsx”，其余保留在历史记录中$/,
      ),
    );
  });

  it('reads the forms against the roster the current roster views use, and names both rosters', async () => {
    const ws = await workspace();
    const rosterFile = join(ws.input, '党组织和党员名册.xlsx');
    const wb = await openWorkbook(rosterFile);
    sheet(wb, '党员').getCell('H4').value = '校长（新任）';
    await wb.xlsx.writeFile(join(ws.input, '党组织和党员名册（新）.xlsx'));
    const sameTime = new Date(Date.UTC(2011, 6, 1));
    await utimes(join(ws.input, '党组织和党员名册（新）.xlsx'), sameTime, sameTime);
    await utimes(rosterFile, sameTime, sameTime);
    const store = await ws.open();
    const summary = await ingest(store, ws.input);
    expect(summary.rosterFile).toBe('党组织和党员名册（新）.xlsx');
    expect(await count(store, "SELECT count(*) AS n FROM current_roster_member WHERE post = '校长（新任）'")).toBe(1);
    expect((await currentProblems(store)).map(formatProblem)).toContainEqual(
      expect.stringMatching(
        /^提醒：党组织和党员名册（新）\.xlsx：党组织和党员名册有 2 份：“党组织和党员名册（新）\.xlsx”.*、“党组织和党员名册\.xlsx”.*采用最新的/,
      ),
    );
  });

  it('drops the records of a file removed from the input folder from the current data', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    await rm(join(ws.input, Z02));
    await ingest(store, ws.input);
    expect(
      await count(store, "SELECT count(*) AS n FROM current_daily_record WHERE org_id = 'Z02' AND period = '2011H1'"),
    ).toBe(0);
    expect(
      await count(store, "SELECT count(*) AS n FROM daily_record WHERE org_id = 'Z02' AND period = '2011H1'"),
    ).toBeGreaterThan(0);
    expect((await currentProblems(store)).map(formatProblem)).toContainEqual(
      expect.stringContaining('2011H1 缺少以下党组织的评议表：东湖区城东中学党支部（Z02）'),
    );
  });

  it('reads every form again when the roster changes', async () => {
    const ws = await workspace();
    const store = await ws.open();
    await ingest(store, ws.input);
    const rosterFile = join(ws.input, '党组织和党员名册.xlsx');
    const wb = await openWorkbook(rosterFile);
    sheet(wb, '党员').getCell('H4').value = '校长（新任）';
    await wb.xlsx.writeFile(rosterFile);
    const again = await ingest(store, ws.input);
    expect(again.read).toBe(32);
    expect(await count(store, 'SELECT count(*) AS n FROM submission WHERE present')).toBe(32);
    expect(await count(store, "SELECT count(*) AS n FROM current_roster_member WHERE post = '校长（新任）'")).toBe(1);
  });
});

/** A database read by today's code, then made to look as `version` left it: `undo` takes back what came after. */
async function olderDatabase(
  ws: { db: string; input: string },
  version: number,
  undo: (con: Store['con']) => Promise<unknown>,
): Promise<void> {
  const old = await Store.open(ws.db);
  await ingest(old, ws.input);
  await undo(old.con);
  await old.con.run(`UPDATE schema_info SET version = ${version}`);
  // What that version wrote: a context without today's reading code in it.
  await old.con.run(`UPDATE submission SET context_hash = 'read by version ${version}'`);
  old.close();
}

describe('a database from before the 片区 column (version 2)', () => {
  it('gains the column, and reads every file again because older code read them', async () => {
    const ws = await workspace();
    await olderDatabase(ws, 2, (con) => con.run('ALTER TABLE roster_org DROP COLUMN region'));

    const store = await ws.open();
    expect(await count(store, 'SELECT count(*) AS n FROM roster_org WHERE region IS NOT NULL')).toBe(0);
    const again = await ingest(store, ws.input);
    expect(again.read).toBe(again.files.length);
    expect(
      await store.rows(
        'SELECT region, count(*)::INTEGER AS n FROM current_roster_org GROUP BY region ORDER BY region NULLS FIRST',
      ),
    ).toEqual([
      { region: null, n: 1 },
      { region: '城东片', n: 6 },
      { region: '城西片', n: 4 },
      { region: '滨江片', n: 3 },
    ]);
  });
});

describe('a database from before a column declared mid-table (version 3, no first_seen)', () => {
  it('gets the column at the end of its table and still loads every value into its own column', async () => {
    const ws = await workspace();
    const old = await Store.open(ws.db);
    await ingest(old, ws.input);
    await old.con.run('ALTER TABLE submission DROP COLUMN first_seen');
    old.close();

    const store = await ws.open();
    await writeFile(join(ws.input, '2011H1', '另存一份.csv'), 'x');
    await ingest(store, ws.input);
    const [added] = await store.rows<{ path: string; first_seen: Date | null; size: bigint }>(
      "SELECT path, first_seen, file_size AS size FROM submission WHERE path LIKE '%另存一份.csv'",
    );
    expect(added?.path).toBe(join('2011H1', '另存一份.csv'));
    expect(added?.first_seen).toBeInstanceOf(Date);
    expect(Number(added?.size)).toBe(1);
  });
});

describe('a database from before both levels of 公开承诺 (version 5)', () => {
  it('drops the old commitment table and its view', async () => {
    const ws = await workspace();
    const old = await Store.open(ws.db);
    await old.con.run('CREATE TABLE commitment (member_id VARCHAR)');
    await old.con.run('CREATE VIEW current_commitment AS SELECT * FROM commitment');
    await old.con.run('UPDATE schema_info SET version = 5');
    old.close();

    const store = await ws.open();
    const named = "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'commitment'";
    expect(await count(store, named)).toBe(0);
    expect(await count(store, "SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'current_commitment'")).toBe(
      0,
    );
    expect(await count(store, 'SELECT max(version) AS n FROM schema_info')).toBe(7);
  });
});

describe('a database from before one row per electronic ballot (version 6)', () => {
  it('makes member_ballot again in its new shape, and the forms are read again into it', async () => {
    const ws = await workspace();
    await olderDatabase(ws, 6, async (con) => {
      await con.run('DROP VIEW current_member_ballot');
      await con.run('DROP TABLE member_ballot');
      await con.run(
        'CREATE TABLE member_ballot (submission_id INTEGER, sheet VARCHAR, row_no INTEGER, period VARCHAR, org_id VARCHAR, ballot_id VARCHAR, category VARCHAR, member_id VARCHAR, aspect VARCHAR NOT NULL, grade VARCHAR)',
      );
    });

    const store = await ws.open();
    const columns = await store.rows<{ column_name: string }>(
      "SELECT column_name FROM duckdb_columns() WHERE table_name = 'member_ballot' ORDER BY column_index",
    );
    expect(columns.map((c) => c.column_name)).toContain('aspects');
    expect(columns.map((c) => c.column_name)).not.toContain('aspect');
    const again = await ingest(store, ws.input);
    expect(again.read).toBe(again.files.length);
    expect(await count(store, 'SELECT count(*) AS n FROM current_member_ballot')).toBeGreaterThan(0);
  });
});

describe('a --db file pingyi cannot use', () => {
  const refusal = (file: string) =>
    Store.open(file).then(
      (s) => s.close(),
      (e: Error) => ({ name: e.constructor.name, message: e.message }),
    );

  it('is refused in words when it is not a DuckDB database, a folder, or under a file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '评议.xlsx'), 'PK not a database');
    await mkdir(join(dir, '文件夹.duckdb'));
    expect(await refusal(join(dir, '评议.xlsx'))).toEqual({
      name: 'DatabaseUnusable',
      message: expect.stringContaining('作为数据库：它不是 DuckDB 数据库文件；请检查 --db'),
    });
    expect((await refusal(join(dir, '文件夹.duckdb')))?.message).toContain('作为数据库：这是一个文件夹');
    expect((await refusal(join(dir, '评议.xlsx', 'x.duckdb')))?.message).toContain(
      '不能建立它所在的文件夹（路径中有一段是文件，不是文件夹）',
    );
    expect(readFileSync(join(dir, '评议.xlsx'), 'utf8')).toBe('PK not a database');
  });

  it('is refused when a newer pingyi made it, and is left as it was', async () => {
    const ws = await workspace();
    const newer = await Store.open(ws.db);
    await newer.con.run('UPDATE schema_info SET version = 99');
    newer.close();
    expect(await refusal(ws.db)).toEqual({
      name: 'DatabaseUnusable',
      message: expect.stringContaining('它由较新的 pingyi 建立（数据库版本 99'),
    });
    // Not migrated down nor marked: still at its own version.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const raw = await (await DuckDBInstance.create(ws.db)).connect();
    expect((await raw.runAndReadAll('SELECT max(version) AS v FROM schema_info')).getRowObjectsJS()).toEqual([
      { v: 99 },
    ]);
    raw.closeSync();
  });
});

describe('files that are not the generated forms', () => {
  it('reads electronic ballots from a GBK CSV exported by Excel on Chinese Windows', async () => {
    const ws = await workspace();
    const csv = [
      '票号,评议人类别,党员编号,姓名,总体评价',
      'W01,党员,X04-001,,优秀',
      'W01,党员,X04-002,,合格',
      'W02,群众代表,X04-001,,合格',
    ].join('\r\n');
    await writeFile(join(ws.input, '2011H1', '滨江小学电子票.csv'), iconv.encode(csv, 'gbk'));
    const store = await ws.open();
    await ingest(store, ws.input);
    const sub = await store.rows<{ kind: string; org_id: string; period: string; rows_accepted: number }>(
      "SELECT kind, org_id, period, rows_accepted FROM submission WHERE path LIKE '%.csv'",
    );
    expect(sub).toEqual([{ kind: 'csv', org_id: 'X04', period: '2011H1', rows_accepted: 3 }]);
    expect(
      await count(store, "SELECT count(*) AS n FROM current_member_ballot WHERE org_id = 'X04' AND period = '2011H1'"),
    ).toBe(3);
    expect(
      await count(store, "SELECT count(*) AS n FROM current_member_tally WHERE org_id = 'X04' AND period = '2011H1'"),
    ).toBeGreaterThan(0);
  });

  it('keeps the five models a ballot grades on its one row, and scores each model from them', async () => {
    const ws = await workspace();
    const csv = [
      '票号,评议人类别,党员编号,姓名,总体评价,学习钻研的模范,服务群众的模范',
      'W01,党员,X04-001,,优秀,优秀,',
      'W02,党员,X04-001,,合格,合格,合格',
    ].join('\r\n');
    await writeFile(join(ws.input, '2011H1', '滨江小学电子票.csv'), iconv.encode(csv, 'gbk'));
    const store = await ws.open();
    await ingest(store, ws.input);
    expect(
      await store.rows(
        "SELECT ballot_id, grade, aspects FROM current_member_ballot WHERE member_id = 'X04-001' ORDER BY ballot_id",
      ),
    ).toEqual([
      { ballot_id: 'W01', grade: 'excellent', aspects: 'study=excellent' },
      { ballot_id: 'W02', grade: 'competent', aspects: 'study=competent;service=competent' },
    ]);
    await score({ store, scheme, overrides: [] });
    expect(
      await store.rows(
        "SELECT dimension, n::INTEGER AS n, mean FROM member_dimension_review WHERE member_id = 'X04-001' ORDER BY ord",
      ),
    ).toEqual([
      { dimension: 'study', n: 2, mean: (100 + 85) / 2 },
      { dimension: 'service', n: 1, mean: 85 },
    ]);
  });

  it('recognises a form copied into a fresh workbook by its sheet names, headers and titles', async () => {
    const ws = await workspace();
    const original = await openWorkbook(join(ws.input, Z02));
    const copy = new ExcelJS.Workbook();
    for (const name of ['日常量化', '民主评议计票', '评议票数']) {
      const from = sheet(original, name);
      const to = copy.addWorksheet(name === '日常量化' ? 'Sheet1' : name);
      from.eachRow({ includeEmpty: true }, (row, r) => {
        to.getRow(r).values = (row.values as ExcelJS.CellValue[]).map((v) =>
          v && typeof v === 'object' && 'formula' in v ? v.result : v,
        ) as ExcelJS.CellValue[];
      });
    }
    await rm(join(ws.input, Z02));
    await copy.xlsx.writeFile(join(ws.input, '城东中学复制.xlsx'));
    expect(readMetadata(await openWorkbook(join(ws.input, '城东中学复制.xlsx')))).toBeNull();
    const store = await ws.open();
    await ingest(store, ws.input);
    const sub = await store.rows<{ recognized_by: string; org_id: string; period: string; usable: boolean }>(
      "SELECT recognized_by, org_id, period, usable FROM submission WHERE path = '城东中学复制.xlsx'",
    );
    expect(sub).toEqual([{ recognized_by: 'signature', org_id: 'Z02', period: '2011H1', usable: true }]);
    expect(
      await count(store, "SELECT count(*) AS n FROM current_daily_record WHERE org_id = 'Z02' AND period = '2011H1'"),
    ).toBe(21);
  });

  it('reads a form saved again by LibreOffice like the original', async () => {
    const ws = await workspace();
    await cp(
      'test/fixtures/libreoffice/branch-Z02-2011H1-resaved-by-libreoffice.xlsx',
      join(ws.input, '2011H1', 'z02-libreoffice.xlsx'),
    );
    await rm(join(ws.input, Z02));
    const store = await ws.open();
    await ingest(store, ws.input);
    const sub = await store.rows<{ recognized_by: string; org_id: string; rows_read: number; rows_rejected: number }>(
      "SELECT recognized_by, org_id, rows_read, rows_rejected FROM submission WHERE path LIKE '%libreoffice%'",
    );
    expect(sub).toEqual([
      { recognized_by: 'metadata', org_id: 'Z02', rows_read: expect.any(Number), rows_rejected: 1 },
    ]);
    expect(sub[0]!.rows_read).toBeGreaterThan(100);
  });

  it('reports unreadable files with a way out and still reads the rest', async () => {
    const ws = await workspace();
    await cp('test/fixtures/files/legacy.xls', join(ws.input, '旧格式.xls'));
    await cp('test/fixtures/files/encrypted.xlsx', join(ws.input, '加密.xlsx'));
    await cp('test/fixtures/files/truncated.xlsx', join(ws.input, '损坏.xlsx'));
    await writeFile(join(ws.input, '~$锁定.xlsx'), 'lock');
    await writeFile(join(ws.input, '.hidden.xlsx'), 'hidden');
    const store = await ws.open();
    const summary = await ingest(store, ws.input);
    expect(summary.files.map((f) => f.name)).not.toContain('~$锁定.xlsx');
    const problems = (await currentProblems(store)).map(formatProblem);
    // An .xls is read now; this one is a plain table, none of the forms.
    expect(problems).toContainEqual(expect.stringMatching(/^错误：旧格式\.xls：无法识别这是哪一种表格/));
    expect(problems).toContainEqual(expect.stringMatching(/^错误：加密\.xlsx：.*取消密码/));
    expect(problems).toContainEqual(expect.stringMatching(/^错误：损坏\.xlsx：文件已损坏/));
    expect(await count(store, 'SELECT count(*) AS n FROM submission WHERE usable')).toBe(32);
  });

  it('says a roster path that does not exist is not found, and one that is not a workbook cannot be opened', async () => {
    const ws = await workspace();
    const missing = await readRosterFile(join(ws.input, '名册.xlsx'), scheme);
    expect(missing.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/：找不到名册文件，请检查路径和文件名$/),
    ]);
    await writeFile(join(ws.input, '不是表格.xlsx'), 'not a workbook');
    const broken = await readRosterFile(join(ws.input, '不是表格.xlsx'), scheme);
    expect(broken.problems.map(formatProblem)).toEqual([expect.stringMatching(/无法打开名册文件/)]);
  });

  it('warns when the folder names another period than the form, and rejects an empty form', async () => {
    const ws = await workspace();
    await rename(join(ws.input, Z02), join(ws.input, '2010H2', 'z02.xlsx'));
    const blank = await buildBranchWorkbook({
      scheme,
      roster: (await readRosterFile(join(ws.input, '党组织和党员名册.xlsx'), scheme)).roster,
      org: {
        orgId: 'X05',
        name: '东湖区豫章路小学党支部',
        level: '党支部',
        type: '小学',
        parentId: null,
        secretary: null,
        region: '城西片',
      },
      period: parsePeriod('2011H2')!,
      generatedAt: new Date(),
    });
    await writeWorkbook(blank, join(ws.input, '空白表.xlsx'));
    const { readings } = await validateInput(ws.input, scheme, schemeText);
    const problems = readings.flatMap((r) => r.problems).map(formatProblem);
    expect(problems).toContain(
      '提醒：z02.xlsx（填写的是“2010H2”）：文件名或文件夹显示的评议期（2010H2）与表内信息（2011H1）不一致，按表内信息 2011H1 处理',
    );
    expect(problems).toContain('错误：空白表.xlsx：党组织评议表是空的，没有填写任何数据');
    expect(readings.find((r) => r.file.name === '空白表.xlsx')?.usable).toBe(false);
  });

  it('loads a file in one transaction: a failure leaves none of it', async () => {
    const ws = await workspace();
    const store = await ws.open();
    const submission = {
      sha256: 'x',
      path: 'x.xlsx',
      kind: 'branch',
      period: '2011H1',
      org_id: 'X01',
      recognized_by: 'metadata',
      fill_date: null,
      fill_by: null,
      phone: null,
      file_size: 1,
      file_mtime: new Date(),
      context_hash: 'c',
      ingested_at: new Date(),
      present: true,
      usable: true,
      rows_read: 2,
      rows_accepted: 2,
      rows_rejected: 0,
    };
    const good = {
      sheet: '日常量化',
      row_no: 4,
      period: '2011H1',
      org_id: 'X01',
      member_id: 'X01-001',
      score: 90,
      note: null,
    };
    await expect(
      store.loadFile(
        submission,
        { daily_record: [good, { ...good, row_no: 5, score: null as unknown as number }] },
        [],
      ),
    ).rejects.toThrow();
    expect(await count(store, 'SELECT count(*) AS n FROM submission')).toBe(0);
    expect(await count(store, 'SELECT count(*) AS n FROM daily_record')).toBe(0);
    await store.loadFile(submission, { daily_record: [good] }, []);
    expect(await count(store, 'SELECT count(*) AS n FROM daily_record')).toBe(1);
  });

  it('validates without touching any database', async () => {
    const ws = await workspace();
    await utimes(join(ws.input, Z02), new Date(), new Date());
    const { summary, readings } = await validateInput(ws.input, scheme, schemeText);
    expect(readings).toHaveLength(32);
    expect(summary.rosterFile).toBe('党组织和党员名册.xlsx');
    expect(readings.flatMap((r) => r.problems).filter((p) => p.severity === 'error')).toHaveLength(3);
    expect(existsSync(ws.db)).toBe(false);
  });
});

describe('docs/database.md', () => {
  it('is the reference generated from the current schema (run `npm run docs` after changing it)', () => {
    expect(readFileSync('docs/database.md', 'utf8')).toBe(databaseReference());
  });
});

describe('the database file', () => {
  it('holds its strings without FSST, whose trial was half of every checkpoint', async () => {
    const w = await workspace();
    const store = await w.open();
    await ingest(store, w.input);
    await score({ store, scheme, overrides: [] });
    // Closing writes the log into the file: the checkpoint that chose each segment's compression.
    stores = stores.filter((s) => s !== store);
    store.close();
    const reopened = await w.open();
    const tables = await reopened.rows<{ name: string }>(
      'SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database()',
    );
    const compressions = [];
    for (const { name } of tables)
      compressions.push(
        ...(await reopened.rows<{ c: string }>(
          `SELECT compression AS c FROM pragma_storage_info('${name}') WHERE segment_type = 'VARCHAR'`,
        )),
      );
    const strings = compressions.length;
    const fsst = compressions.filter((x) => x.c === 'FSST').length;
    expect(strings).toBeGreaterThan(100);
    expect(fsst).toBe(0);
  });
});
