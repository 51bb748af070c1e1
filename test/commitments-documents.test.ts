// The documents of issue #16 built from the sample input: each organization's 承诺公示 and the
// 公开承诺, 点评 and 结对子 sections of its report, the summary's 兑现 figures, and the exports'
// 公开承诺 sheet with the members' 青年 and 导师 columns — each checked against the database.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../src/pipeline/build.ts';
import { Store } from '../src/store/db.ts';
import { openWorkbook, tempDir } from './helpers.ts';

const P = '2011H1';
const text = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
/** Without the line breaks and spaces pdftotext puts into running text and table cells. */
const flat = (file: string) => text(file).replace(/\s+/g, '');

let out: string;
let summary: BuildSummary;
let store: Store;

beforeAll(async () => {
  const dir = await tempDir();
  out = join(dir, 'output');
  const db = join(dir, 'pingyi.duckdb');
  summary = await build({ input: 'input', output: out, db, periods: [P] }, { log: () => undefined });
  store = await Store.open(db);
}, 600_000);
afterAll(() => store?.close());

const doc = (kind: string, orgId: string) =>
  join(out, summary.outputs.find((e) => e.kind === kind && e.branch === orgId && e.period === P)!.path);

describe('the 承诺公示', () => {
  it('is one A4 PDF per organization with commitments, printed in the same batch as the reports', () => {
    const notices = summary.outputs.filter((e) => e.kind === 'commitments' && e.period === P);
    expect(notices).toHaveLength(14);
    for (const n of notices) {
      expect(n.path).toMatch(/^2011H1\/承诺公示\/.+_承诺公示\.pdf$/);
      const info = execFileSync('pdfinfo', [join(out, n.path)], { encoding: 'utf8' });
      // A4: 595 × 842 pt.
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      expect(info).toMatch(new RegExp(`Title:\\s+${n.title}\\n`));
    }
  });

  it('breaks a title longer than a line only between its phrases, never inside 公开承诺公示', () => {
    const lines = text(doc('commitments', 'J01'))
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''));
    expect(lines).toContain('公开承诺公示');
    expect(lines).not.toContain('示');
  });

  it('lists the organization’s and each member’s commitments with deadline and status, carried ones marked, and no scores', async () => {
    const page = flat(doc('commitments', 'X01'));
    const rows = await store.rows<{
      content: string;
      deadline: Date;
      status: string;
      made_in: string;
      name: string | null;
    }>(
      `SELECT c.content, c.deadline, c.status, c.made_in, m.name FROM commitment_status c
       LEFT JOIN current_roster_member m USING (member_id) WHERE c.period = '${P}' AND c.org_id = 'X01'`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const label = { kept: '已兑现', partial: '部分兑现', unkept: '未兑现', postponed: '顺延', notDue: '未到期' };
    for (const r of rows) {
      const carried = r.made_in < P ? '（2010年下半年承诺）' : '';
      const row = `${r.content}${carried}`;
      expect(page, r.content).toContain(row);
      expect(page).toContain(`${r.deadline.toISOString().slice(0, 10)}`);
      expect(page).toContain(label[r.status as keyof typeof label]);
    }
    expect(rows.some((r) => r.made_in === '2010H2')).toBe(true);
    expect(page).toContain('一、党组织承诺');
    expect(page).toContain('二、党员承诺');
    for (const scoreWord of ['总分', '得分', '民主评议', '满意度', '票', '名次', '等次'])
      expect(page).not.toContain(scoreWord);
    // Dated from the organization's form.
    expect(page).toMatch(/东湖区实验小学党支部2011年7月\d+日第\d+页/);
  });
});

describe('the branch report', () => {
  it('has a 公开承诺 section: 兑现率 as the database has it, both levels, carried ones marked', async () => {
    const [rate] = await store.rows<{ rate: number; due: number; commitments: number; carries_forward: number }>(
      `SELECT rate, due, commitments, carries_forward FROM commitment_rate WHERE period = '${P}' AND org_id = 'X01' AND level = 'all'`,
    );
    const page = flat(doc('branch', 'X01'));
    const percent = `${(rate!.rate * 100).toFixed(1)}%`;
    expect(page).toContain(`承诺兑现率${percent}（到期${rate!.due}条）`);
    expect(page).toContain(
      `本期到期的承诺${rate!.due}条，兑现率${percent}；共${rate!.commitments}条承诺，其中未兑现、顺延或未到期转入下期${rate!.carries_forward}条。`,
    );
    expect(page).toContain('党组织承诺');
    expect(page).toContain('党员承诺');
    expect(page).toContain('（2010年下半年转入）');
    expect(page).toContain('兑现率=到期承诺中已兑现的比例（部分兑现按50%计，顺延和未到期的不计），不计入总分');
  });

  it('shows each member’s 点评 beside the shortcomings named last time, and the pairs with the young members covered', async () => {
    const page = flat(doc('branch', 'X01'));
    expect(page).toContain('党员点评');
    const comments = await store.rows<{ name: string; problems: string; previous_problems: string }>(
      `SELECT m.name, f.problems, f.previous_problems FROM review_followup f JOIN current_roster_member m USING (member_id)
       WHERE f.period = '${P}' AND f.org_id = 'X01' AND f.commented AND f.previous_problems IS NOT NULL`,
    );
    expect(comments.length).toBeGreaterThan(10);
    for (const c of comments) expect(page).toContain(`${c.problems}`);
    expect(page).toContain('上期存在不足');

    const [cover] = await store.rows<{ young_members: number; young_paired: number }>(
      `SELECT young_members, young_paired FROM pair_coverage WHERE period = '${P}' AND org_id = 'X01'`,
    );
    expect(page).toContain(`本组织35岁以下青年党员${cover!.young_members}名，已结对${cover!.young_paired}名。`);
    const pairs = await store.rows<{ mentor: string; mentee: string; activity: string }>(
      `SELECT t.name AS mentor, e.name AS mentee, p.activity FROM current_member_pair p
       JOIN current_roster_member t ON t.member_id = p.mentor_id JOIN current_roster_member e ON e.member_id = p.mentee_id
       WHERE p.period = '${P}' AND p.org_id = 'X01'`,
    );
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) expect(page).toContain(`一带一${p.mentor}${p.mentee}`);
  });

  it('says so when the bureau left the 点评 blank, and still shows the problems named last time', async () => {
    const page = flat(doc('branch', 'Y02'));
    const [last] = await store.rows<{ problems: string }>(
      "SELECT problems FROM current_review_comment WHERE period = '2010H2' AND org_id = 'Y02'",
    );
    expect(page).toContain('本期没有领导点评。');
    expect(page).toContain(`上期点评指出的问题：${last!.problems}`);
    expect(page).toContain('本期没有点评');
  });

  it('shows the five-model profile where ballots graded the five models', () => {
    expect(flat(doc('branch', 'V01'))).toContain('“五个模范”评价');
    expect(flat(doc('branch', 'X01'))).not.toContain('“五个模范”评价');
  });

  it('says a 党总支 without members of its own has none, instead of warning that their commitments and 点评 are missing', () => {
    const page = flat(doc('branch', 'Z01'));
    expect(page).toContain('党员承诺本组织没有直属党员');
    expect(page).toContain('党员点评本组织没有直属党员');
    expect(page).not.toContain('本期没有填写党员的承诺');
    expect(page).not.toContain('本期没有党员点评');
  });
});

describe('the award list', () => {
  it('leaves off a member whose promise was not kept without an accepted reason, and lists them with it', async () => {
    const [blocked] = await store.rows<{ name: string; content: string }>(
      `SELECT r.name, c.content FROM member_result r JOIN commitment_status c USING (period, member_id)
       WHERE r.period = '${P}' AND r.commitment_blocked AND r.final_band = '好' AND c.unexcused`,
    );
    expect(blocked).toBeDefined();
    // The 公示 names only who is recommended; the committee's 推荐情况汇总 lists the member with the rule.
    expect(flat(join(out, `${P}/表彰推荐名单.pdf`))).not.toContain(blocked!.name);
    expect(flat(join(out, `${P}/推荐情况汇总.pdf`))).toMatch(
      new RegExp(`${blocked!.name}[^。]*?公开承诺未兑现，原因未被认可`),
    );
    const csv = readFileSync(join(out, `${P}/csv/表彰推荐名单.csv`), 'utf8');
    expect(csv).not.toContain(blocked!.name);
  });
});

describe('the summary and the exports', () => {
  it('give the system’s 兑现 figures, per organization in an attachment', async () => {
    const [all] = await store.rows<{
      commitments: number;
      due: number;
      kept: number;
      rate: number;
      carries_forward: number;
    }>(
      `SELECT commitments, due, kept, rate, carries_forward FROM commitment_rate WHERE period = '${P}' AND org_id IS NULL AND level = 'all'`,
    );
    const page = flat(join(out, `${P}/总体情况报告.pdf`));
    expect(page).toContain(`各党组织和党员本期共有公开承诺${all!.commitments}条`);
    // A page may end inside the sentence: its number (—4—) then stands between the parts.
    expect(page).toMatch(new RegExp(`本期到期的${all!.due}条中，(—\\d+—)?已兑现${all!.kept}条`));
    expect(page).toContain(`兑现率${(all!.rate * 100).toFixed(1)}%`);
    expect(page).toContain(`本期末未兑现、顺延和未到期的${all!.carries_forward}条承诺`);
    expect(page).toContain('各党组织公开承诺和结对情况');
    expect(page).toContain('党组织承诺转入下期的事项');
  });

  it('add a 公开承诺 sheet and CSV, and 青年 and 导师 columns for members', async () => {
    const [{ n }] = (await store.rows<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM commitment_status WHERE period = '${P}'`,
    )) as [{ n: number }];
    const csv = readFileSync(join(out, `${P}/csv/公开承诺.csv`), 'utf8')
      .split('\r\n')
      .filter(Boolean);
    expect(csv[0]).toBe(
      '\ufeff组织编号,党组织,承诺主体,党员编号,姓名,类别,承诺内容,承诺时限,兑现情况,兑现情况说明,评诺结果,原因是否认可,承诺期,转入下期',
    );
    expect(csv).toHaveLength(n + 1);
    expect(csv.some((l) => l.includes(',2010年下半年,'))).toBe(true);
    const wb = await openWorkbook(join(out, `${P}/results.xlsx`));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '党组织排名',
      '党员评议结果',
      '公开承诺',
      '表彰推荐名单',
      '表彰',
      '回收情况',
      '数据问题',
      '说明',
    ]);
    const members = wb.getWorksheet('党员评议结果')!;
    const headers = members.getRow(1).values as string[];
    for (const h of ['青年', '导师', '公开承诺', '学习钻研的模范', '服务群众的模范']) expect(headers).toContain(h);
    const [pair] = await store.rows<{ mentee: string; mentor: string }>(
      `SELECT p.mentee_id AS mentee, t.name AS mentor FROM current_member_pair p JOIN current_roster_member t ON t.member_id = p.mentor_id
       WHERE p.period = '${P}' AND p.org_id = 'X01' LIMIT 1`,
    );
    const idCol = headers.indexOf('党员编号');
    let found = false;
    members.eachRow((row) => {
      if (row.getCell(idCol).value === pair!.mentee) {
        found = true;
        expect(row.getCell(headers.indexOf('青年')).value).toBe('是');
        expect(String(row.getCell(headers.indexOf('导师')).value)).toContain(pair!.mentor);
      }
    });
    expect(found).toBe(true);
  });
});
