// `pingyi forms --period P` pre-fills each branch's form with what the previous period left
// open: commitments not kept, postponed or not yet due, and the 结对子 pairs — read from the
// database a build left, with a clear message when there is nothing to carry.
import type ExcelJS from 'exceljs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Carried } from '../src/contract/carry-over.ts';
import { membersOf, type Roster } from '../src/contract/roster.ts';
import { buildBranchWorkbook } from '../src/forms/branch-form.ts';
import { carriedRows } from '../src/forms/carry-over.ts';
import { readRosterFile } from '../src/ingest/roster.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { score } from '../src/pipeline/score.ts';
import { ROSTER_FILE_NAME } from '../src/sample/generate.ts';
import { Random } from '../src/sample/random.ts';
import { makeSystem } from '../src/sample/system.ts';
import { loadScheme } from '../src/scheme/load.ts';
import { parsePeriod, type Period } from '../src/scheme/period.ts';
import { carriedFrom } from '../src/store/carry-over.ts';
import { Store } from '../src/store/db.ts';
import { openWorkbook, pingyi, scheme, sheet, smallInput, tempDir } from './helpers.ts';

const H1 = parsePeriod('2011H1') as Period;

/** The data rows below the header, until the first row without a 承诺内容 (or 导师编号). */
function tableRows(ws: ExcelJS.Worksheet, key: string): Record<string, unknown>[] {
  const headers = (ws.getRow(3).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const values = (ws.getRow(r).values as unknown[]).slice(1);
    const row = Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null]));
    if (row[key] === null) break;
    out.push(row);
  }
  return out;
}

describe('the carried rows of a branch form', () => {
  let roster: Roster;
  beforeAll(() => {
    roster = makeSystem(new Random(3)).roster;
  });

  it('come first, with the period they were made in and no status; the members’ own rows follow', async () => {
    const org = roster.orgs.find((o) => o.orgId === 'X02')!;
    const [m1, m2] = membersOf(roster, 'X02');
    const young = membersOf(roster, 'X02').find((m) => m.birthDate > new Date(Date.UTC(1980, 0, 1)))!;
    const deadline = new Date(Date.UTC(2010, 11, 31));
    const carried: Carried = {
      period: '2010H2',
      commitments: [
        {
          org_id: 'X02',
          member_id: null,
          category: 'publicWorks',
          content: '改造接送区',
          deadline,
          responsible: '张三',
          status: 'notDue',
          made_in: '2010H2',
        },
        {
          org_id: 'X02',
          member_id: m2!.memberId,
          category: 'study',
          content: '完成课题',
          deadline,
          responsible: null,
          status: 'postponed',
          made_in: '2010H1',
        },
        // Another branch's, and a member who has left: neither is this form's.
        {
          org_id: 'X01',
          member_id: null,
          category: null,
          content: '别家的承诺',
          deadline,
          responsible: null,
          status: 'unkept',
          made_in: '2010H2',
        },
        {
          org_id: 'X02',
          member_id: 'X02-999',
          category: null,
          content: '已调走',
          deadline,
          responsible: null,
          status: 'unkept',
          made_in: '2010H2',
        },
      ],
      pairs: [{ org_id: 'X02', mentor_id: m1!.memberId, mentee_id: young.memberId, kind: 'oneOnOne', since: deadline }],
    };
    const wb = await buildBranchWorkbook({
      scheme,
      roster,
      org,
      period: H1,
      generatedAt: new Date(),
      data: { carried: carriedRows(scheme, roster, org, H1, carried) },
    });
    expect(tableRows(sheet(wb, '党组织承诺'), '承诺内容')).toEqual([
      {
        承诺类别: '为群众办实事',
        承诺内容: '改造接送区',
        承诺时限: deadline,
        责任人: '张三',
        兑现情况: null,
        兑现情况说明: null,
        评诺结果: null,
        原因是否认可: null,
        承诺期: '2010年下半年',
      },
    ]);
    const members = sheet(wb, '党员承诺');
    expect(members.getCell('A2').value).toContain('前 1 行是上期转来的承诺');
    expect(
      tableRows(members, '党员编号')
        .slice(0, 3)
        .map((r) => [r['党员编号'], r['承诺内容'], r['承诺方面'], r['承诺期']]),
    ).toEqual([
      [m2!.memberId, '完成课题', '学习钻研的模范', '2010年上半年'],
      [m1!.memberId, null, null, null],
      [m2!.memberId, null, null, null],
    ]);
    // The carried row's member is locked; a spare row below the list is there to fill in.
    expect(members.getCell('A4').protection?.locked ?? true).toBe(true);
    const spare = 4 + 1 + membersOf(roster, 'X02').length;
    expect(members.getCell(`A${spare}`).protection?.locked).toBe(false);
    expect(tableRows(sheet(wb, '结对子'), '导师编号')).toMatchObject([
      {
        结对形式: '一带一',
        导师编号: m1!.memberId,
        青年党员编号: young.memberId,
        结对时间: deadline,
        本期结对活动: null,
      },
    ]);
  });
});

describe('pingyi forms --db', () => {
  let dir: string;
  let db: string;
  let carried: Carried;

  beforeAll(async () => {
    dir = await tempDir();
    const input = await smallInput(join(dir, 'input'), { orgs: ['J01', 'X01'], periods: ['2010H2'] });
    db = join(dir, 'pingyi.duckdb');
    const { text: schemeText } = loadScheme();
    await Store.using(db, async (store) => {
      await ingest({ store, input, scheme, schemeText });
      await score({ store, scheme, overrides: [] });
      carried = await carriedFrom(store, '2010H2');
    });
  }, 120_000);

  const forms = (period: string, database: string) => {
    const out = join(dir, `forms-${period}-${database.length}`);
    const r = pingyi(
      'forms',
      '--roster',
      join(dir, 'input', ROSTER_FILE_NAME),
      '--period',
      period,
      '--db',
      database,
      '--out',
      out,
    );
    return { ...r, out };
  };

  it('pre-fills the previous period’s open commitments and pairs, and says how many', async () => {
    const open = carried.commitments.filter((c) => c.org_id === 'X01');
    expect(open.length).toBeGreaterThan(0);
    expect(carried.commitments.every((c) => c.status !== 'kept')).toBe(true);
    const r = forms('2011H1', db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `从数据库转入2010年下半年（2010H2）未兑现、顺延或未到期的承诺 ${carried.commitments.length} 条、结对 ${carried.pairs.length} 对，已预先填入各评议表。`,
    );
    const file = (await readdir(r.out)).find((f) => f.includes('_X01_'))!;
    const wb = await openWorkbook(join(r.out, file));
    const { roster } = await readRosterFile(join(dir, 'input', ROSTER_FILE_NAME), scheme);
    const memberRows = tableRows(sheet(wb, '党员承诺'), '党员编号').filter((row) => row['承诺期'] !== null);
    expect(memberRows.map((row) => [row['党员编号'], row['承诺内容'], row['承诺期'], row['兑现情况']])).toEqual(
      open.filter((c) => c.member_id !== null).map((c) => [c.member_id, c.content, '2010年下半年', null]),
    );
    expect(tableRows(sheet(wb, '党组织承诺'), '承诺内容').map((row) => row['承诺内容'])).toEqual(
      open.filter((c) => c.member_id === null).map((c) => c.content),
    );
    const pairs = tableRows(sheet(wb, '结对子'), '导师编号');
    const young = new Set(
      roster.members
        .filter((m) => m.orgId === 'X01' && m.birthDate > new Date(Date.UTC(1976, 5, 30)))
        .map((m) => m.memberId),
    );
    expect(pairs.map((p) => p['青年党员编号'])).toEqual(
      carried.pairs.filter((p) => p.org_id === 'X01' && young.has(p.mentee_id)).map((p) => p.mentee_id),
    );
  }, 60_000);

  it('says so and starts blank when the database has nothing from the previous period', () => {
    const r = forms('2012H1', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `数据库 ${db} 中没有2011年下半年（2011H2）未兑现、顺延或未到期的承诺，也没有结对记录，公开承诺和结对子从空白开始。`,
    );
  }, 60_000);

  it('says so and starts blank when there is no database yet', () => {
    const none = join(dir, 'never-built.duckdb');
    const r = forms('2011H1', none);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `数据库 ${none} 不存在，没有2010年下半年（2010H2）的承诺和结对可转入，公开承诺和结对子从空白开始。`,
    );
  }, 60_000);
});
