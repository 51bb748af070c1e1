// The scoring models of 公开承诺, 结对子, 领导点评 follow-up and the five models, on one branch A of
// four members over two half years. Every expected number is worked out in the comments.
//
//   member  born        age 2010-12-31  age 2011-06-30
//   A1      1976-07-01  34 (young)      34 (young)   — date_diff('year') would say 35 in 2011
//   A2      1976-06-30  34 (young)      35
//   A3      1980-01-01  30 (young)      31 (young)
//   A4      1960-01-01  50              51
import { testSubmission } from './helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScheme } from '../src/scheme/load.ts';
import type { Scheme } from '../src/scheme/schema.ts';
import { score } from '../src/pipeline/score.ts';
import { Store, type RecordSet } from '../src/store/db.ts';
import { carriedFrom } from '../src/store/carry-over.ts';
import type { Override } from '../src/score/overrides.ts';

const defaults = loadScheme().scheme;
let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});

const BORN: Record<string, Date> = {
  A1: new Date(Date.UTC(1976, 6, 1)),
  A2: new Date(Date.UTC(1976, 5, 30)),
  A3: new Date(Date.UTC(1980, 0, 1)),
  A4: new Date(Date.UTC(1960, 0, 1)),
};
const MEMBERS = Object.keys(BORN);

type Status = 'kept' | 'partial' | 'unkept' | 'postponed' | 'notDue';
interface Promise_ {
  member?: string;
  content: string;
  status: Status;
  accepted?: boolean;
  madeIn?: string;
}

// 2010H2. Due: O1 kept, A1 kept, A2 partial, A3 unkept → credit 1 + 1 + 0.5 + 0 = 2.5 of 4.
// O2 (not due) and A4 (postponed) are not judged. Not kept, so carried forward: O2, A2, A3, A4.
const H2: Promise_[] = [
  { content: 'O1', status: 'kept' },
  { content: 'O2', status: 'notDue' },
  { member: 'A1', content: 'a1', status: 'kept' },
  { member: 'A2', content: 'a2', status: 'partial', accepted: true },
  { member: 'A3', content: 'a3', status: 'unkept' },
  { member: 'A4', content: 'a4', status: 'postponed' },
];
// 2011H1. O2, a2 and a4 carried in and reported; a3 left off the form. Due: O2, O3, a2, a4, a1-new,
// a1-second → credit 1 + 1 + 1 + 0 + 1 + 0 = 4 of 6. A4's unkept one has its reason accepted;
// A1's second has not: A1 is the one unexcused member.
const H1: Promise_[] = [
  { content: 'O2', status: 'kept', madeIn: '2010H2' },
  { content: 'O3', status: 'kept' },
  { member: 'A2', content: 'a 2', status: 'kept', madeIn: '2010H2' },
  { member: 'A4', content: 'a4', status: 'unkept', accepted: true, madeIn: '2010H2' },
  { member: 'A1', content: 'a1-new', status: 'kept' },
  { member: 'A1', content: 'a1-second', status: 'unkept', accepted: false },
];

interface PeriodData {
  promises: Promise_[];
  pairs: [string, string][];
  orgProblems?: string;
  memberProblems?: Record<string, string>;
  /** 五个模范计票 of the members, category member: per member, model, grade → votes. */
  models?: Record<string, Record<string, Record<string, number>>>;
}

async function fixture(
  periods: Record<string, PeriodData>,
  scheme: Scheme = defaults,
  overrides: Override[] = [],
): Promise<Store> {
  const store = await Store.open(':memory:');
  stores.push(store);
  const at = { sheet: 's', row_no: 1 };
  await store.loadFile(
    testSubmission('roster', null, null),
    {
      roster_org: [
        {
          ...at,
          org_id: 'A',
          name: 'A支部',
          level: '党支部',
          type: '小学',
          parent_id: null,
          secretary: null,
          secretary_phone: null,
          secretary_email: null,
          contact: null,
          contact_phone: null,
          contact_email: null,
          region: null,
        },
      ],
      roster_member: MEMBERS.map((id) => ({
        ...at,
        member_id: id,
        name: `党员${id}`,
        sex: null,
        birth_date: BORN[id]!,
        join_date: null,
        status: 'full',
        org_id: 'A',
        post: null,
        party_worker: false,
      })),
    },
    [],
  );
  const items = defaults.org.dimensions.flatMap((d) => d.items);
  for (const [period, p] of Object.entries(periods)) {
    const s = { ...at, period, org_id: 'A' };
    const follow = (x: Promise_) => ({
      ...s,
      category: null,
      content: x.content,
      deadline: null,
      status: x.status,
      explanation: null,
      rating: null,
      reason_accepted: x.accepted ?? null,
      made_in: x.madeIn ?? period,
    });
    const records: RecordSet = {
      self_assessment: items.map((it) => ({ ...s, item_key: it.key, points: it.max, note: null })),
      ballot_round: [
        { ...s, round: 'democraticReview', category: 'member', eligible: 6, issued: 6, returned: 6, round_date: null },
        { ...s, round: 'democraticReview', category: 'public', eligible: 3, issued: 3, returned: 3, round_date: null },
      ],
      member_tally: MEMBERS.flatMap((id) => [
        { ...s, member_id: id, category: 'member', grade: 'excellent', votes: 6 },
        { ...s, member_id: id, category: 'public', grade: 'excellent', votes: 3 },
      ]),
      daily_record: MEMBERS.map((id, i) => ({ ...s, member_id: id, score: 96 - 2 * i, note: null })),
      org_commitment: p.promises.filter((x) => !x.member).map((x) => ({ ...follow(x), responsible: null })),
      member_commitment: p.promises.filter((x) => x.member).map((x) => ({ ...follow(x), member_id: x.member! })),
      member_pair: p.pairs.map(([mentor, mentee]) => ({
        ...s,
        mentor_id: mentor,
        mentee_id: mentee,
        kind: 'oneOnOne',
        since: null,
        activity: null,
      })),
      member_model_tally: Object.entries(p.models ?? {}).flatMap(([id, byModel]) =>
        Object.entries(byModel).flatMap(([dimension, grades]) =>
          Object.entries(grades).map(([grade, votes]) => ({
            ...s,
            member_id: id,
            category: 'member',
            dimension,
            grade,
            votes,
          })),
        ),
      ),
    };
    await store.loadFile(testSubmission('branch', period, 'A'), records, []);
    await store.loadFile(
      testSubmission('bureau', period, null),
      {
        bureau_review: items.map((it) => ({ ...s, item_key: it.key, points: it.max, note: null })),
        review_comment: p.orgProblems
          ? [{ ...s, strengths: null, problems: p.orgProblems, direction: null, reviewer: '刘' }]
          : [],
        member_comment: Object.entries(p.memberProblems ?? {}).map(([id, problems]) => ({
          ...s,
          member_id: id,
          strengths: null,
          problems,
          direction: null,
          reviewer: '王',
        })),
      },
      [],
    );
  }
  await score({ store, scheme, overrides });
  return store;
}

const TWO_PERIODS: Record<string, PeriodData> = {
  '2010H2': {
    promises: H2,
    pairs: [
      ['A4', 'A1'],
      ['A4', 'A2'],
    ],
    orgProblems: '台账不全',
    memberProblems: { A1: '学习不够', A2: '家访偏少' },
  },
  '2011H1': { promises: H1, pairs: [['A4', 'A1']], memberProblems: { A1: '科研偏弱' } },
};

type Row = Record<string, unknown>;
const rows = (store: Store, sql: string) => store.rows<Row>(sql);

describe('commitments', () => {
  it('weighs each status: due ones count 1, ½ or 0 in the 兑现率; what is not kept carries forward', async () => {
    const store = await fixture(TWO_PERIODS);
    const rate = await rows(
      store,
      `SELECT period, level, commitments, due, rate, carried_in, carries_forward, committed, members, unexcused_members
       FROM commitment_rate WHERE org_id = 'A' ORDER BY period, level`,
    );
    expect(rate).toEqual([
      // 2010H2 all: 2.5 of 4 = 0.625; members: 1 + 0.5 + 0 of 3 = 0.5; organization: 1 of 1.
      {
        period: '2010H2',
        level: 'all',
        commitments: 6,
        due: 4,
        rate: 0.625,
        carried_in: 0,
        carries_forward: 4,
        committed: 4,
        members: 4,
        unexcused_members: 1,
      },
      {
        period: '2010H2',
        level: 'member',
        commitments: 4,
        due: 3,
        rate: 0.5,
        carried_in: 0,
        carries_forward: 3,
        committed: 4,
        members: 4,
        unexcused_members: 1,
      },
      {
        period: '2010H2',
        level: 'org',
        commitments: 2,
        due: 1,
        rate: 1,
        carried_in: 0,
        carries_forward: 1,
        committed: 0,
        members: 4,
        unexcused_members: 0,
      },
      // 2011H1 all: 4 of 6; three carried in (O2, a 2, a4); A1, A2, A4 promised; A1 unexcused.
      {
        period: '2011H1',
        level: 'all',
        commitments: 6,
        due: 6,
        rate: 4 / 6,
        carried_in: 3,
        carries_forward: 2,
        committed: 3,
        members: 4,
        unexcused_members: 1,
      },
      {
        period: '2011H1',
        level: 'member',
        commitments: 4,
        due: 4,
        rate: 0.5,
        carried_in: 2,
        carries_forward: 2,
        committed: 3,
        members: 4,
        unexcused_members: 1,
      },
      {
        period: '2011H1',
        level: 'org',
        commitments: 2,
        due: 2,
        rate: 1,
        carried_in: 1,
        carries_forward: 0,
        committed: 0,
        members: 4,
        unexcused_members: 0,
      },
    ]);
    const system = await rows(
      store,
      `SELECT period, rate FROM commitment_rate WHERE org_id IS NULL AND level = 'all' ORDER BY period`,
    );
    expect(system).toEqual([
      { period: '2010H2', rate: 0.625 },
      { period: '2011H1', rate: 4 / 6 },
    ]);
  });

  it('follows what was carried in: kept, slipped again, or left off the form', async () => {
    const store = await fixture(TWO_PERIODS);
    // a 2 matches a2: white space is ignored.
    expect(
      await rows(
        store,
        `SELECT level, member_id, content, previous_status, status, reported FROM commitment_carryover
         WHERE period = '2011H1' ORDER BY level, member_id`,
      ),
    ).toEqual([
      { level: 'member', member_id: 'A2', content: 'a2', previous_status: 'partial', status: 'kept', reported: true },
      { level: 'member', member_id: 'A3', content: 'a3', previous_status: 'unkept', status: null, reported: false },
      {
        level: 'member',
        member_id: 'A4',
        content: 'a4',
        previous_status: 'postponed',
        status: 'unkept',
        reported: true,
      },
      { level: 'org', member_id: null, content: 'O2', previous_status: 'notDue', status: 'kept', reported: true },
    ]);
  });

  it('gives `pingyi forms` the previous period’s open commitments and its pairs', async () => {
    const store = await fixture(TWO_PERIODS);
    const carried = await carriedFrom(store, '2010H2');
    expect(carried.commitments.map((c) => [c.member_id, c.content, c.status, c.made_in])).toEqual([
      [null, 'O2', 'notDue', '2010H2'],
      ['A2', 'a2', 'partial', '2010H2'],
      ['A3', 'a3', 'unkept', '2010H2'],
      ['A4', 'a4', 'postponed', '2010H2'],
    ]);
    expect(carried.pairs.map((p) => [p.mentor_id, p.mentee_id])).toEqual([
      ['A4', 'A1'],
      ['A4', 'A2'],
    ]);
    expect(await carriedFrom(store, '2009H2')).toEqual({ period: '2009H2', commitments: [], pairs: [] });
  });

  it('weighs the 兑现率 into a 五个好 dimension when the scheme says so', async () => {
    // No satisfaction ballots here: the 群众反映好 keeps its item points instead of being 数据不足.
    const itemPoints: Scheme = {
      ...defaults,
      org: { ...defaults.org, satisfaction: { ...defaults.org.satisfaction, whenNoValidResult: 'itemPoints' } },
    };
    const plain = await fixture(TWO_PERIODS, itemPoints);
    const total = async (store: Store) =>
      (await rows(store, `SELECT total FROM org_result WHERE period = '2011H1'`))[0]!.total as number;
    // Full marks everywhere: 100.
    expect(await total(plain)).toBeCloseTo(100, 10);
    const feeds: Scheme = {
      ...itemPoints,
      commitments: { ...defaults.commitments, rateFeeds: { dimension: 'performance', share: 0.5 } },
    };
    // 工作业绩好 = 0.5 × 20 + 0.5 × 4/6 × 20 = 16.667: the total loses 3.333.
    expect(await total(await fixture(TWO_PERIODS, feeds))).toBeCloseTo(100 - 10 / 3, 10);
  });
});

describe('the award rule on commitments', () => {
  // Members score 0.6 × (96, 94, 92, 90) + 0.4 × 100 (A1 to A4), all in the top band, so all four
  // meet the conditions of 优秀共产党员; with half the members as places, the branch has 2, taken
  // in rank order. In 2011H1 A1 has an unkept commitment whose reason was not accepted.
  const half: Scheme = { ...defaults, quotas: { ...defaults.quotas, excellentMemberAwardShareMax: 0.5 } };
  const listed = (store: Store) =>
    rows(
      store,
      `SELECT award, id, position, withheld FROM award_recommendation WHERE period = '2011H1' AND withheld IS NOT NULL`,
    );
  const picked = async (store: Store) =>
    (
      await rows(
        store,
        `SELECT id FROM award_recommendation WHERE period = '2011H1' AND award = 'excellent_member' AND withheld IS NULL ORDER BY position`,
      )
    ).map((r) => r.id);
  const a1 = async (store: Store) =>
    (
      await rows(
        store,
        `SELECT commitment_blocked, award_eligible FROM member_result WHERE period = '2011H1' AND member_id = 'A1'`,
      )
    )[0];

  it('keeps a member with an unexcused commitment off the list, and lists them with the reason', async () => {
    const store = await fixture(TWO_PERIODS, half);
    expect(await a1(store)).toEqual({ commitment_blocked: true, award_eligible: false });
    // A1 would have had the first place: it goes to A2 and A3, and A1 is listed as withheld.
    expect(await picked(store)).toEqual(['A2', 'A3']);
    expect(await listed(store)).toEqual([
      { award: 'excellent_member', id: 'A1', position: null, withheld: 'unkept_commitment' },
    ]);
    // With the default 15 % the branch has ceil(0.6) = 1 place, which A1 would have had: still withheld.
    expect(await listed(await fixture(TWO_PERIODS))).toEqual([
      { award: 'excellent_member', id: 'A1', position: null, withheld: 'unkept_commitment' },
    ]);
    // A4's unkept commitment had its reason accepted: A4 stays eligible.
    expect(
      (await rows(store, `SELECT award_eligible FROM member_result WHERE period = '2011H1' AND member_id = 'A4'`))[0],
    ).toEqual({ award_eligible: true });
  });

  it('lets the committee set the rule aside with an eligible override, and the scheme turn it off', async () => {
    const override: Override = {
      period: '2011H1',
      target: 'member',
      id: 'A1',
      field: 'eligible',
      value: 'true',
      by: '局党委会议',
      date: new Date(Date.UTC(2011, 6, 10)),
      reason: '承诺因公出差未能兑现，经核实原因属实',
    };
    const overridden = await fixture(TWO_PERIODS, half, [override]);
    expect(await a1(overridden)).toEqual({ commitment_blocked: false, award_eligible: true });
    expect(await picked(overridden)).toEqual(['A1', 'A2']);
    expect(await listed(overridden)).toEqual([]);
    const off: Scheme = { ...half, commitments: { ...half.commitments, unkeptBlocksAward: false } };
    const store = await fixture(TWO_PERIODS, off);
    expect(await a1(store)).toEqual({ commitment_blocked: false, award_eligible: true });
    expect(await picked(store)).toEqual(['A1', 'A2']);
    expect(await listed(store)).toEqual([]);
  });
});

describe('young members and their pairs', () => {
  it('counts age in full years at the period’s end, and the pairs that cover them', async () => {
    const store = await fixture(TWO_PERIODS);
    expect(
      await rows(
        store,
        `SELECT period, member_id, young FROM member_result WHERE member_id IN ('A1', 'A2') ORDER BY ALL`,
      ),
    ).toEqual([
      { period: '2010H2', member_id: 'A1', young: true },
      { period: '2010H2', member_id: 'A2', young: true },
      { period: '2011H1', member_id: 'A1', young: true },
      { period: '2011H1', member_id: 'A2', young: false },
    ]);
    // 2010H2: A1, A2, A3 young, A1 and A2 paired by A4: 2 of 3. 2011H1: A1, A3 young, A1 paired: 1 of 2.
    expect(
      await rows(
        store,
        `SELECT period, org_id, young_members, young_paired, pairs, mentors, coverage FROM pair_coverage ORDER BY period, org_id NULLS LAST`,
      ),
    ).toEqual([
      { period: '2010H2', org_id: 'A', young_members: 3, young_paired: 2, pairs: 2, mentors: 1, coverage: 2 / 3 },
      { period: '2010H2', org_id: null, young_members: 3, young_paired: 2, pairs: 2, mentors: 1, coverage: 2 / 3 },
      { period: '2011H1', org_id: 'A', young_members: 2, young_paired: 1, pairs: 1, mentors: 1, coverage: 0.5 },
      { period: '2011H1', org_id: null, young_members: 2, young_paired: 1, pairs: 1, mentors: 1, coverage: 0.5 },
    ]);
  });
});

describe('领导点评 follow-up', () => {
  it('puts last period’s problems beside this period’s 点评, and shows a 点评 left blank', async () => {
    const store = await fixture(TWO_PERIODS);
    expect(
      await rows(
        store,
        `SELECT member_id, commented, problems, previous_problems FROM review_followup WHERE period = '2011H1' ORDER BY member_id NULLS FIRST`,
      ),
    ).toEqual([
      { member_id: null, commented: false, problems: null, previous_problems: '台账不全' },
      { member_id: 'A1', commented: true, problems: '科研偏弱', previous_problems: '学习不够' },
      { member_id: 'A2', commented: false, problems: null, previous_problems: '家访偏少' },
    ]);
  });
});

describe('the five models on the paper tally', () => {
  // A1's 五个模范计票: 学习钻研 4 优秀 + 2 合格 → (4 × 100 + 2 × 85) ÷ 6 = 95; 服务群众 6 合格 → 85.
  const withModels: Record<string, PeriodData> = {
    '2011H1': {
      promises: [],
      pairs: [],
      models: { A1: { study: { excellent: 4, competent: 2 }, service: { competent: 6 } } },
    },
  };

  it('makes the member’s five-model profile, and feeds the 民主评议 score only when the scheme says so', async () => {
    const store = await fixture(withModels);
    expect(
      await rows(store, `SELECT dimension, n, mean FROM member_dimension_review WHERE member_id = 'A1' ORDER BY ord`),
    ).toEqual([
      { dimension: 'study', n: 6n, mean: 95 },
      { dimension: 'service', n: 6n, mean: 85 },
    ]);
    const a1 = async (s: Store) =>
      (await rows(s, `SELECT review_score, models_mean, total FROM member_result WHERE member_id = 'A1'`))[0]!;
    // Off: 民主评议 100 from the overall grades; total 0.6 × 96 + 0.4 × 100 = 97.6.
    const off = await a1(store);
    expect(off).toMatchObject({ review_score: 100, models_mean: 90 });
    expect(off.total).toBeCloseTo(97.6, 10);
    // reviewShare 0.5: 0.5 × 100 + 0.5 × (95 + 85) ÷ 2 = 95; total 0.6 × 96 + 0.4 × 95 = 95.6.
    const feeding: Scheme = {
      ...defaults,
      member: { ...defaults.member, fiveModels: { onTally: true, reviewShare: 0.5 } },
    };
    const fed = await a1(await fixture(withModels, feeding));
    expect(fed.review_score).toBeCloseTo(95, 10);
    expect(fed.total).toBeCloseTo(95.6, 10);
  });
});
