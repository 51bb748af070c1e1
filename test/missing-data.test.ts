// Results that hold when data is missing, partial or over a limit (issue #15): each case is
// the sample with one edit, read and scored again; every expected number is worked out in the
// comments from the sample's workbooks and the default scheme.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileRows } from '../src/report/views/data-quality.ts';
import { allProblems, scoringProblems } from '../src/report/views/problems.ts';
import { memberRankingModel } from '../src/report/views/member-ranking.ts';
import { loadScheme } from '../src/scheme/load.ts';
import type { Store } from '../src/store/db.ts';
import { editedSample, editSheet, rowWhere, schemeText, scoredSample, type Sample } from './sample-copy.ts';

const { scheme } = loadScheme();
const X05_2011H1 = '2011H1/2011H1_X05_东湖区豫章路小学党支部_评议表.xlsx';
const X01_2011H1 = '2011H1/2011H1_X01_东湖区实验小学党支部_评议表.xlsx';
const Y01_2010H2 = '2010H2/2010H2_Y01_东湖区红星幼儿园党支部_评议表.xlsx';
const Y01_2011H1 = '2011H1/红星幼儿园评议表-最终版.xlsx';
const Z02_2011H1 = '2011H1/2011H1_Z02_东湖区城东中学党支部_评议表.xlsx';

let sample: Sample;
let base: Store;
beforeAll(async () => {
  sample = await scoredSample();
  base = await editedSample(sample);
}, 300_000);

const one = async <T = Record<string, unknown>>(store: Store, sql: string, params: (string | number)[] = []) =>
  (await store.rows<T>(sql, params))[0]!;
const org = (store: Store, period: string, id: string) =>
  one(store, 'SELECT * FROM org_result WHERE period = $1 AND org_id = $2', [period, id]);
const member = (store: Store, period: string, id: string) =>
  one(store, 'SELECT * FROM member_result WHERE period = $1 AND member_id = $2', [period, id]);
const shortlist = async (store: Store, period: string) =>
  (
    await store.rows<{ id: string }>(
      "SELECT id FROM award_recommendation WHERE period = $1 AND award = 'advanced_org' ORDER BY position",
      [period],
    )
  ).map((r) => r.id);

describe('1. an invalid or missing satisfaction round never raises a result', () => {
  it('makes the organization 数据不足, flagged for follow-up and off the shortlist, and says why', async () => {
    // X05 2011H1 as sent: 92.50, 4th, on the shortlist.
    expect((await org(base, '2011H1', 'X05')).total).toBeCloseTo(92.5, 10);
    expect(await shortlist(base, '2011H1')).toContain('X05');
    // 应参加 of its public round raised from 25 to 40: 22 returned < 40 × 2/3 = 26.7, the round is
    // invalid. Without it 群众反映好 would fall back on its items and raise X05; now it is 数据不足.
    const store = await editedSample(sample, (input) =>
      editSheet(join(input, X05_2011H1), '评议票数', (ws) => {
        rowWhere(ws, { A: '群众满意度测评', B: '群众' }).getCell('C').value = 40;
      }),
    );
    expect(await org(store, '2011H1', 'X05')).toMatchObject({
      total: null,
      rank: null,
      final_band: null,
      status: 'insufficient',
      missing: ['satisfaction'],
      satisfaction_status: 'incomplete',
      satisfaction_rate: null,
      follow_up: true,
    });
    const list = await shortlist(store, '2011H1');
    expect(list).not.toContain('X05');
    expect(list).toContain('V01');
    const problems = await scoringProblems(store, scheme, { period: '2011H1' });
    expect(problems.filter((p) => p.orgId === 'X05' && p.severity === 'error')).toEqual([
      {
        severity: 'error',
        file: X05_2011H1,
        sheet: '评议票数',
        cell: '7',
        message:
          '群众满意度测评（群众）参评22人，不足应参加40人的三分之二，该轮评议无效，本组织本期总分为“数据不足”，需跟进',
        orgId: 'X05',
        period: '2011H1',
      },
    ]);
  }, 120_000);

  it('keeps a low-satisfaction branch flagged when its round fails', async () => {
    // Y01 2010H2 as sent: 85.52, 满意率 45.2% < 60%: flagged.
    expect(await org(base, '2010H2', 'Y01')).toMatchObject({ satisfaction_flagged: true, follow_up: true });
    // 应参加 of its public round 40 → 60: 37 < 40 returned: invalid. Its 87.x from the items alone
    // would have lost the flag; now: no total, still followed up.
    const store = await editedSample(sample, (input) =>
      editSheet(join(input, Y01_2010H2), '评议票数', (ws) => {
        rowWhere(ws, { A: '群众满意度测评', B: '群众' }).getCell('C').value = 60;
      }),
    );
    expect(await org(store, '2010H2', 'Y01')).toMatchObject({ total: null, rank: null, follow_up: true });
  }, 120_000);

  it('reports the sample’s own invalid rounds (Y02), which scored nothing before', async () => {
    // Y02: 群众满意度 党员 5 of 8 in both periods (< 5.33), 民主评议 群众代表 4 of 8 in 2010H2.
    for (const period of ['2010H2', '2011H1'])
      expect(await org(base, period, 'Y02')).toMatchObject({ total: null, status: 'insufficient', follow_up: true });
    const y02 = (await scoringProblems(base, scheme))
      .filter((p) => p.orgId === 'Y02' && p.severity === 'error')
      .map((p) => `${p.period} ${p.message}`);
    expect(y02).toEqual([
      '2010H2 民主评议党员（群众代表）参评4人，不足应参加8人的三分之二，该轮评议无效，本组织党员的民主评议待核实',
      '2010H2 群众满意度测评（党员）参评5人，不足应参加8人的三分之二，该轮评议无效，本组织本期总分为“数据不足”，需跟进',
      '2011H1 群众满意度测评（党员）参评5人，不足应参加8人的三分之二，该轮评议无效，本组织本期总分为“数据不足”，需跟进',
    ]);
  });

  it('with whenNoValidResult: itemPoints scores the items alone, still followed up and not shortlisted', async () => {
    const store = await editedSample(
      sample,
      undefined,
      schemeText(['whenNoValidResult: insufficient', 'whenNoValidResult: itemPoints']),
    );
    const y02 = await org(store, '2011H1', 'Y02');
    expect(y02).toMatchObject({ status: 'ok', follow_up: true, satisfaction_status: 'incomplete' });
    // 群众反映好 from its items: 自评 and 上级考评 of Q1–Q7, 0.4 × self + 0.6 × bureau.
    const q = await one<{ w: number }>(
      store,
      "SELECT weighted_points AS w FROM org_dimension_score WHERE period = '2011H1' AND org_id = 'Y02' AND dimension = 'publicOpinion'",
    );
    const dims = await store.rows<{ final_points: number }>(
      "SELECT final_points FROM org_dimension_final WHERE period = '2011H1' AND org_id = 'Y02' AND dimension = 'publicOpinion'",
    );
    expect(dims[0]!.final_points).toBeCloseTo(q.w, 10);
    expect(await shortlist(store, '2011H1')).not.toContain('Y02');
  }, 120_000);
});

describe('2. a member is graded only on ballots of every required rater category', () => {
  it('makes Z02-003, whose party members’ tally row was rejected, 待核实 instead of 不合格 on 10 votes', async () => {
    // 群众代表 alone: 0 优秀 + 4 合格 of 10 → trust 40% < 50% would veto him as 不合格.
    const m = await member(base, '2011H1', 'Z02-003');
    expect(m).toMatchObject({
      status: 'unverified',
      category_status: 'member:missing,public:valid',
      review_score: null,
      trust_rate: null,
      vetoes: null,
      total: null,
      final_band: null,
      rank: null,
      award_eligible: false,
    });
    // The report says why, naming the rejected cell (22 votes > 19 returned at B6).
    const ranking = await memberRankingModel(base, scheme, '2011H1');
    const z02 = ranking.groups.find((g) => g.orgId === 'Z02')!.members as {
      name: string;
      band: string;
      note: string;
    }[];
    expect(z02.find((x) => x.name === '万浩波')).toMatchObject({
      band: '待核实',
      note: '待核实：党员类别没有有效的评议票；民主评议计票 B6 被拒收：万浩波的各等次票数合计 22，多于该类评议人的收回票数 19',
    });
  });

  it('grades none of Y02’s 8 members in 2010H2 on the party members’ 5 votes alone', async () => {
    const rows = await base.rows<{ status: string; category_status: string; n: number }>(
      "SELECT status, category_status, count(*)::INTEGER AS n FROM member_result WHERE period = '2010H2' AND org_id = 'Y02' GROUP BY ALL",
    );
    expect(rows).toEqual([{ status: 'unverified', category_status: 'member:valid,public:low_participation', n: 8 }]);
    // Y02-001 scored 100 on those 5 votes and was on two award lists.
    expect(
      await base.rows("SELECT award FROM award_recommendation WHERE period = '2010H2' AND id = 'Y02-001'"),
    ).toEqual([]);
  });
});

describe('3. the ⅓ limit on 优秀: every breach reported, voided ballots rejected everywhere', () => {
  it('reports the 26 paper tallies over the limit, each with its numbers', async () => {
    const tallies = (await scoringProblems(base, scheme)).filter((p) => p.message.includes('民主评议计票中“优秀”合计'));
    expect(tallies).toHaveLength(26);
    expect(tallies.every((p) => p.severity === 'warning' && p.sheet === '评议票数')).toBe(true);
    // J01 2010H2 party members: 22 members → floor(22 / 3) = 7 per ballot × 19 returned = 133 < 156.
    expect(tallies.find((p) => p.orgId === 'J01' && p.period === '2010H2' && p.cell === '4')!.message).toBe(
      '党员的民主评议计票中“优秀”合计156票，超过上限133票（每张票至多7名，即党员人数22的三分之一，收回19张）；计票表只能核对合计，已照计，请核实',
    );
  });

  it('voids V01’s 9 ballots in the 民主评议, the 五个模范 review and the files’ row counts', async () => {
    const voided = (await scoringProblems(base, scheme, { period: '2011H1' })).filter(
      (p) => p.orgId === 'V01' && p.severity === 'error',
    );
    expect(voided.map((p) => p.value)).toEqual([
      'D005',
      'D010',
      'D012',
      'D014',
      'D016',
      'Q004',
      'Q005',
      'Q008',
      'Q010',
    ]);
    // 19 members: at most floor(19 / 3) = 6 优秀 per ballot; D012 gave 9.
    expect(voided[2]!.message).toBe(
      '党员的电子票 D012 评了9名“优秀”，超过党员人数19的三分之一（6名），该票作废，19行不计入',
    );
    // 27 ballots graded each member's five models; 9 void → 18.
    expect(
      await base.rows(
        "SELECT DISTINCT n::INTEGER AS n FROM member_dimension_review WHERE period = '2011H1' AND org_id = 'V01'",
      ),
    ).toEqual([{ n: 18 }]);
    // The file's 612 rows: 9 ballots × 19 rows = 171 rejected, 441 used.
    const v01 = (await fileRows(base, '2011H1')).find((f) => f.path.includes('V01'))!;
    expect(v01).toMatchObject({ read: 612, accepted: 441, rejected: 171, voided: 171 });
  });

  it('counts everything with excellentOverLimit: warn, and voids a category’s tally with voidTally', async () => {
    const warn = await editedSample(
      sample,
      undefined,
      schemeText(['excellentOverLimit: voidBallots', 'excellentOverLimit: warn']),
    );
    expect(
      await warn.rows(
        "SELECT DISTINCT n::INTEGER AS n FROM member_dimension_review WHERE period = '2011H1' AND org_id = 'V01'",
      ),
    ).toEqual([{ n: 27 }]);
    expect((await scoringProblems(warn, scheme)).filter((p) => p.severity === 'error' && p.orgId === 'V01')).toEqual(
      [],
    );

    const voidTally = await editedSample(
      sample,
      undefined,
      schemeText(['excellentOverLimit: voidBallots', 'excellentOverLimit: voidTally']),
    );
    // J01 2010H2: both categories over the limit, both tallies void: every member 待核实.
    expect(
      await voidTally.rows(
        "SELECT status, category_status, count(*)::INTEGER AS n FROM member_result WHERE period = '2010H2' AND org_id = 'J01' GROUP BY ALL",
      ),
    ).toEqual([{ status: 'unverified', category_status: 'member:over_limit,public:over_limit', n: 22 }]);
  }, 180_000);
});

describe('4. a blank required 自评 item is an error, never a zero', () => {
  it('makes X01’s total 数据不足 instead of 96.74 − 0.4 × 3 = 95.54', async () => {
    expect((await org(base, '2011H1', 'X01')).total).toBeCloseTo(96.74, 2);
    const store = await editedSample(sample, (input) =>
      editSheet(join(input, X01_2011H1), '支部自评', (ws) => {
        rowWhere(ws, { B: 'L1' }).getCell('E').value = null;
      }),
    );
    expect(await org(store, '2011H1', 'X01')).toMatchObject({
      total: null,
      self_total: null,
      status: 'insufficient',
      missing: ['self'],
    });
    const [problem] = await store.rows<{ sheet: string; cell: string; severity: string; message: string }>(
      'SELECT p.sheet, p.cell, p.severity, p.message FROM problem p JOIN submission s USING (submission_id) WHERE s.present AND s.path = $1',
      [X01_2011H1],
    );
    expect(problem).toEqual({
      sheet: '支部自评',
      cell: 'E4',
      severity: 'error',
      message: '考核细则 L1 没有填写自评得分，本组织本期总分为“数据不足”，请填写后重新提交',
    });
    expect(await shortlist(store, '2011H1')).not.toContain('X01');
  }, 120_000);
});

describe('5. a branch that has not returned its form', () => {
  it('lists its members as 未交 instead of leaving them out', async () => {
    const store = await editedSample(sample, async (input) => rmSync(join(input, Y01_2011H1)));
    // 226 members in the roster, Y01's 9 among them: 217 rows before.
    const rows = await store.rows<{ status: string; n: number }>(
      "SELECT status, count(*)::INTEGER AS n FROM member_result WHERE period = '2011H1' AND org_id = 'Y01' GROUP BY ALL",
    );
    expect(rows).toEqual([{ status: 'not_returned', n: 9 }]);
    expect(await one(store, "SELECT count(*)::INTEGER AS n FROM member_result WHERE period = '2011H1'")).toEqual({
      n: 226,
    });
    expect(await org(store, '2011H1', 'Y01')).toMatchObject({ status: 'not_returned', total: null, rank: null });
    const ranking = await memberRankingModel(store, scheme, '2011H1');
    const y01 = ranking.groups.find((g) => g.orgId === 'Y01')!.members as { band: string; note: string }[];
    expect(new Set(y01.map((m) => `${m.band} ${m.note}`))).toEqual(new Set(['未交 本组织未交评议表']));
    expect(await allProblems(store, scheme, { period: '2011H1' })).toContainEqual({
      severity: 'warning',
      file: '',
      message: '2011H1 缺少以下党组织的评议表：东湖区红星幼儿园党支部（Y01）',
    });
  }, 120_000);
});

describe('7. age in full years at the period’s end', () => {
  const age = async (birth: string, on: string) =>
    (await one<{ a: number }>(base, `SELECT age_years(DATE '${birth}', DATE '${on}')::INTEGER AS a`)).a;
  const young = async (birth: string, period: string) =>
    (await one<{ y: boolean }>(base, `SELECT is_young(DATE '${birth}', '${period}') AS y`)).y;

  it('counts a birthday only once it has come, on both sides of it in H1 and H2', async () => {
    // 2011-06-30, the end of 2011H1: born 1976-06-30 is 35 that day; born 1976-07-01 is still 34.
    expect(await age('1976-06-30', '2011-06-30')).toBe(35);
    expect(await age('1976-07-01', '2011-06-30')).toBe(34);
    expect(await young('1976-06-30', '2011H1')).toBe(false);
    // date_diff('year', …) counted 35 here and left this member out of the young cohort.
    expect(await young('1976-07-01', '2011H1')).toBe(true);
    // 2011-12-31, the end of 2011H2: born 1976-12-31 is 35; born 1977-01-01 is 34.
    expect(await young('1976-12-31', '2011H2')).toBe(false);
    expect(await young('1977-01-01', '2011H2')).toBe(true);
    // Born on 29 February: a year older only from 1 March in a common year.
    expect(await age('1976-02-29', '2011-02-28')).toBe(34);
    expect(await age('1976-02-29', '2011-03-01')).toBe(35);
  });
});

describe('8. every veto that applies is named', () => {
  it('names both the trust-rate and the 不合格 share veto', async () => {
    // Z02-005 2011H1 re-tallied: party members 0/2/4/12 of 19, 群众代表 0/1/2/7 of 10 (优秀/合格/基本合格/不合格).
    // n = 28: trust (0 + 3)/28 = 10.7% < 50%; 不合格 19/28 = 67.9% > 50%.
    // 民主评议 = (3 × 85 + 6 × 70 + 19 × 50)/28 = 1625/28 = 58.04.
    const store = await editedSample(sample, (input) =>
      editSheet(join(input, Z02_2011H1), '民主评议计票', (ws) => {
        const set = (category: string, counts: number[]) => {
          const row = rowWhere(ws, { A: category, B: 'Z02-005' });
          counts.forEach((n, i) => (row.getCell(4 + i).value = n));
        };
        set('党员', [0, 2, 4, 12]);
        set('群众代表', [0, 1, 2, 7]);
      }),
    );
    const m = await member(store, '2011H1', 'Z02-005');
    expect(m.review_score).toBeCloseTo(1625 / 28, 10);
    expect(m.trust_rate).toBeCloseTo(3 / 28, 10);
    expect(m.fail_share).toBeCloseTo(19 / 28, 10);
    expect(m).toMatchObject({ vetoes: ['low_trust', 'high_fail_share'], final_band: '不合格' });
    const ranking = await memberRankingModel(store, scheme, '2011H1');
    const note = (ranking.groups.find((g) => g.orgId === 'Z02')!.members as { name: string; note: string }[]).find(
      (x) => x.name === '孟林新',
    )!.note;
    expect(note).toBe('一票否决：信任率10.7%，低于50.0%；评为不合格的票占67.9%，超过50.0%');
  }, 120_000);
});
