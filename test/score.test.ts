// The scoring SQL on a small hand-computed system: 3 branches, 12 members, one period.
// Every expected number below is worked out in the comments from the default scheme
// (domain.md §4), not copied from the output.
import { testSubmission } from './helpers.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME_FILE, parseScheme } from '../src/scheme/load.ts';
import { placesFor } from '../src/scheme/awards.ts';
import type { Scheme } from '../src/scheme/schema.ts';
import { loadOverrides, type Override } from '../src/score/overrides.ts';
import { score } from '../src/pipeline/score.ts';
import { scoringReference } from '../src/score/reference.ts';
import { Store, type RecordSet } from '../src/store/db.ts';

/**
 * The default scheme with every rater category optional (required: false): the fixture's
 * branches have partial rounds on purpose (B's party round invalid, C's too few ballots), and
 * these tests score the valid categories they have. The default — every category required,
 * else 数据不足 / 待核实 — is tested on the same fixture below and in test/missing-data.test.ts.
 */
const BASE_TEXT = readFileSync(DEFAULT_SCHEME_FILE, 'utf8').replaceAll('required: true', 'required: false');
const defaults = parseScheme(BASE_TEXT);
/**
 * For the half years given 自评 and 上级考评 but no satisfaction ballots: 群众反映好 from its
 * item points alone (by default it would be 数据不足, see 'what no valid satisfaction result costs').
 */
const ITEM_POINTS_TEXT = BASE_TEXT.replace('whenNoValidResult: insufficient', 'whenNoValidResult: itemPoints');
const P = '2011H1';
let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});

const items = defaults.org.dimensions.flatMap((d) => d.items);
/** Full marks on every item, minus the given deductions. */
const itemPoints = (deduct: Record<string, number>) =>
  items.map((it) => [it.key, it.max - (deduct[it.key] ?? 0)] as const);

type Tally = Partial<Record<'excellent' | 'competent' | 'basicallyCompetent' | 'incompetent', number>>;

interface Branch {
  org: string;
  type: string;
  members: { id: string; daily: number; probationary?: boolean; worker?: boolean; member?: Tally; public?: Tally }[];
  rounds: { member: [number, number, number]; public: [number, number, number] };
  satisfaction: {
    member: number[];
    public: number[];
    rounds: { member: [number, number, number]; public: [number, number, number] };
  };
  self: Record<string, number>;
  bureau: Record<string, number>;
}

// Satisfaction counts are 满意, 比较满意, 基本满意, 不满意, 不了解 (values 10, 7, 5, 2, —).
const BRANCHES: Branch[] = [
  {
    org: 'A',
    type: '小学',
    self: {},
    bureau: { L1: 1 },
    rounds: { member: [6, 6, 6], public: [4, 4, 4] },
    satisfaction: {
      member: [5, 5, 0, 0, 0],
      public: [5, 5, 0, 0, 0],
      rounds: { member: [10, 10, 10], public: [10, 10, 10] },
    },
    members: [
      {
        id: 'A1',
        daily: 90,
        worker: true,
        member: { excellent: 4, competent: 2 },
        public: { excellent: 2, competent: 2 },
      },
      { id: 'A2', daily: 90, member: { competent: 6 }, public: { competent: 4 } },
      { id: 'A3', daily: 80, member: { basicallyCompetent: 2, incompetent: 4 }, public: { incompetent: 4 } },
      { id: 'A4', daily: 95, probationary: true, member: { excellent: 6 }, public: { excellent: 4 } },
    ],
  },
  {
    // Party members' round: 5 of 9 took part (< 2/3): invalid. Public satisfaction round: 11 returned of 10 issued: void.
    org: 'B',
    type: '小学',
    self: { M1: 2 },
    bureau: { L1: 1, Q1: 1 },
    rounds: { member: [9, 6, 5], public: [4, 4, 4] },
    satisfaction: {
      member: [2, 2, 2, 2, 2],
      public: [11, 0, 0, 0, 0],
      rounds: { member: [10, 10, 10], public: [10, 10, 11] },
    },
    members: [
      { id: 'B1', daily: 92, member: { excellent: 5 }, public: { excellent: 3, competent: 1 } },
      { id: 'B2', daily: 92, member: { excellent: 5 }, public: { excellent: 4 } },
      { id: 'B3', daily: 88, member: { competent: 5 }, public: { competent: 2 } },
      { id: 'B4', daily: 85, member: { competent: 5 }, public: { excellent: 1, competent: 3 } },
    ],
  },
  {
    org: 'C',
    type: '中学',
    self: {},
    bureau: { L1: 1 },
    rounds: { member: [6, 6, 6], public: [3, 3, 3] },
    satisfaction: {
      member: [5, 5, 0, 0, 0],
      public: [5, 5, 0, 0, 0],
      rounds: { member: [10, 10, 10], public: [10, 10, 10] },
    },
    members: [
      { id: 'C1', daily: 95, member: { excellent: 3, competent: 3 }, public: { excellent: 2, competent: 1 } },
      {
        id: 'C2',
        daily: 95,
        worker: true,
        member: { excellent: 3, competent: 3 },
        public: { excellent: 2, competent: 1 },
      },
      { id: 'C3', daily: 80, member: { competent: 4 }, public: { competent: 3 } },
      { id: 'C4', daily: 80, member: { competent: 3 }, public: { competent: 2 } },
    ],
  },
];

const submission = (kind: string, org: string | null) => testSubmission(kind, kind === 'roster' ? null : P, org);

const noContacts = {
  secretary_phone: null,
  secretary_email: null,
  contact: null,
  contact_phone: null,
  contact_email: null,
};

async function fixtureStore(branches: Branch[] = BRANCHES): Promise<Store> {
  const store = await Store.open(':memory:');
  stores.push(store);
  const at = { sheet: 's', row_no: 1 };
  const roster: RecordSet = {
    roster_org: branches.map((b) => ({
      ...at,
      org_id: b.org,
      name: `${b.org}支部`,
      level: '党支部',
      type: b.type,
      parent_id: null,
      secretary: null,
      ...noContacts,
      region: null,
    })),
    roster_member: branches.flatMap((b) =>
      b.members.map((m) => ({
        ...at,
        member_id: m.id,
        name: `党员${m.id}`,
        sex: null,
        birth_date: new Date(Date.UTC(m.id.endsWith('1') ? 1985 : 1965, 0, 1)),
        join_date: null,
        status: m.probationary ? 'probationary' : 'full',
        org_id: b.org,
        post: null,
        party_worker: !!m.worker,
      })),
    ),
    roster_sanction: [{ ...at, member_id: 'B2', period: P, sanction: '警告', sanction_date: null, note: null }],
  };
  await store.loadFile(submission('roster', null), roster, []);
  const scope = (org: string) => ({ ...at, period: P, org_id: org });
  const satGrades = defaults.org.satisfaction.grades.map((g) => g.key);
  for (const b of branches) {
    const s = scope(b.org);
    const tally = (cat: 'member' | 'public') =>
      b.members.flatMap((m) =>
        Object.entries(m[cat] ?? {}).map(([grade, votes]) => ({ ...s, member_id: m.id, category: cat, grade, votes })),
      );
    await store.loadFile(
      submission('branch', b.org),
      {
        self_assessment: itemPoints(b.self).map(([item_key, points]) => ({ ...s, item_key, points, note: null })),
        ballot_round: [
          ...(['member', 'public'] as const).map((c) => ({
            ...s,
            round: 'democraticReview',
            category: c,
            eligible: b.rounds[c][0],
            issued: b.rounds[c][1],
            returned: b.rounds[c][2],
            round_date: null,
          })),
          ...(['member', 'public'] as const).map((c) => ({
            ...s,
            round: 'satisfaction',
            category: c,
            eligible: b.satisfaction.rounds[c][0],
            issued: b.satisfaction.rounds[c][1],
            returned: b.satisfaction.rounds[c][2],
            round_date: null,
          })),
        ],
        member_tally: [...tally('member'), ...tally('public')],
        satisfaction_tally: (['member', 'public'] as const).flatMap((c) =>
          b.satisfaction[c].map((votes, i) => ({ ...s, category: c, grade: satGrades[i]!, votes })),
        ),
        daily_record: b.members.map((m) => ({ ...s, member_id: m.id, score: m.daily, note: null })),
      },
      [],
    );
  }
  await store.loadFile(
    submission('bureau', null),
    {
      bureau_review: branches.flatMap((b) =>
        itemPoints(b.bureau).map(([item_key, points]) => ({ ...scope(b.org), item_key, points, note: null })),
      ),
    },
    [],
  );
  return store;
}

async function run(scheme: Scheme = defaults, overrides: Override[] = [], branches: Branch[] = BRANCHES) {
  const store = await fixtureStore(branches);
  await score({ store, scheme, overrides });
  const org = async (id: string) =>
    (await store.rows<Record<string, unknown>>(`SELECT * FROM org_result WHERE org_id = '${id}'`))[0]!;
  const member = async (id: string) =>
    (await store.rows<Record<string, unknown>>(`SELECT * FROM member_result WHERE member_id = '${id}'`))[0]!;
  const awards = async (award: string) =>
    (
      await store.rows<{ id: string }>(`SELECT id FROM award_recommendation WHERE award = '${award}' ORDER BY position`)
    ).map((r) => r.id);
  return { store, org, member, awards };
}

/** The default scheme with one textual edit. */
function schemeWith(from: string | RegExp, to: string): Scheme {
  const text = BASE_TEXT;
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  return parseScheme(edited);
}

describe('organization scores', () => {
  it('weights 自评 40 / 上级考评 60 per dimension and feeds 群众反映好 half from the ballots', async () => {
    const { org } = await run();
    // A: 领导班子好 0.4×20 + 0.6×19 = 19.4; three dimensions at 20;
    // satisfaction: 10 满意 + 10 比较满意 valid → index (10×10 + 10×7)/(10×20) = 0.85;
    // 群众反映好 = 0.5 × 20 (items) + 0.5 × 0.85 × 20 = 18.5. Total 19.4 + 60 + 18.5 = 97.9.
    const a = await org('A');
    expect(a.self_total).toBe(100);
    expect(a.bureau_total).toBe(99);
    expect(a.satisfaction_index).toBeCloseTo(0.85, 10);
    expect(a.satisfaction_rate).toBe(1);
    expect(a.total).toBeCloseTo(97.9, 10);
    expect(a.final_band).toBe('先进');
    // B: 领导班子好 19.4; 党员队伍好 0.4×18 + 0.6×20 = 19.2; 群众反映好 items 0.4×20 + 0.6×19 = 19.4.
    // Public satisfaction round void (11 returned > 10 issued); party members: 8 valid of 10
    // (2 不了解): index (2×10 + 2×7 + 2×5 + 2×2)/(10×8) = 0.6, rate 4/8 = 0.5 < 0.6 → flagged.
    // 群众反映好 = 0.5×19.4 + 0.5×0.6×20 = 15.7. Total 19.4 + 19.2 + 40 + 15.7 = 94.3.
    const b = await org('B');
    expect(b.satisfaction_index).toBeCloseTo(0.6, 10);
    expect(b.satisfaction_rate).toBe(0.5);
    expect(b.satisfaction_flagged).toBe(true);
    expect(b.total).toBeCloseTo(94.3, 10);
  });

  it('ranks with ties (1, 1, 3) and groups overlapping intervals into tiers', async () => {
    const { org } = await run();
    // A and C are identical, so every tie-break key is equal too: both rank 1, B ranks 3.
    expect([(await org('A')).rank, (await org('C')).rank, (await org('B')).rank]).toEqual([1, 1, 3]);
    expect((await org('C')).rank_in_type).toBe(1);
    // Interval half-width = 1.96 × 0.5 × 20 × index_se. A: 20 values (10 of 10, 10 of 7), mean 8.5,
    // variance 74.5 − 72.25 = 2.25, se √(2.25/20) = 0.335410 → index_se 0.0335410 → ±0.657404.
    const a = await org('A');
    expect(a.total_low).toBeCloseTo(97.9 - 0.657404, 5);
    expect(a.total_high).toBeCloseTo(97.9 + 0.657404, 5);
    // B: 8 values (2 each of 10, 7, 5, 2), mean 6, variance 44.5 − 36 = 8.5, se √(8.5/8) = 1.030776
    // → ±1.96 × 10 × 0.1030776 = 2.020321; B's high 96.32 < C's low 97.24 → tier 2.
    const b = await org('B');
    expect(b.total_high).toBeCloseTo(94.3 + 2.020321, 5);
    expect([a.tier, (await org('C')).tier, b.tier]).toEqual([1, 1, 2]);
  });
});

describe('member scores', () => {
  it('averages grade values over valid ballots and weights 日常量化 60 / 民主评议 40', async () => {
    const { member } = await run();
    // A1: 6 优秀 + 4 合格 → (600 + 340)/10 = 94; total 0.6×90 + 0.4×94 = 91.6 → 好.
    expect(await member('A1')).toMatchObject({ review_score: 94, review_n: 10, status: 'ok', final_band: '好' });
    expect((await member('A1')).total).toBeCloseTo(91.6, 10);
    // A2: all 合格 → 85; 0.6×90 + 0.4×85 = 88 → 合格.
    expect((await member('A2')).total).toBeCloseTo(88, 10);
    expect((await member('A2')).final_band).toBe('合格');
    // C3: party members' 4 ballots < 5 minimum → that category is set aside; public 3 合格 → 85;
    // 0.6×80 + 0.4×85 = 82.
    expect((await member('C3')).total).toBeCloseTo(82, 10);
    expect((await member('C3')).category_status).toBe('member:too_few,public:valid');
  });

  it('vetoes a member whose trust rate is under 50%: 不合格 whatever the points', async () => {
    const { member } = await run();
    // A3: 2 基本合格 + 8 不合格 → (140 + 400)/10 = 54; 0.6×80 + 0.4×54 = 69.6 would be 基本合格,
    // but 优秀+合格 = 0 of 10 < 50% → 不合格.
    const a3 = await member('A3');
    expect(a3.total).toBeCloseTo(69.6, 10);
    expect(a3.trust_rate).toBe(0);
    expect(a3.final_band).toBe('不合格');
    // Both vetoes apply (8 of 10 不合格 > 50% too), and both are named.
    expect(a3.vetoes).toEqual(['low_trust', 'high_fail_share']);
  });

  it('shows a sanctioned member’s score but makes them ineligible, and does not grade probationary members', async () => {
    const { member } = await run();
    // B2: party members' round invalid (5 of 9 took part); public 4 优秀 → 100; 0.6×92 + 0.4×100 = 95.2.
    const b2 = await member('B2');
    expect(b2.total).toBeCloseTo(95.2, 10);
    expect(b2).toMatchObject({ sanction: '警告', ineligible: true, award_eligible: false, final_band: '好' });
    // A4 (预备党员): 100 on every ballot, 0.6×95 + 0.4×100 = 97 shown, no band, no rank.
    const a4 = await member('A4');
    expect(a4.total).toBeCloseTo(97, 10);
    expect(a4).toMatchObject({ status: 'probationary', final_band: null, rank: null });
  });

  it('gives no number when the round is invalid or there are too few ballots', async () => {
    const { member } = await run();
    // B3: party round invalid (participation 5/9 < 2/3), public 2 ballots < 3 → no valid category.
    expect(await member('B3')).toMatchObject({
      status: 'low_participation',
      total: null,
      final_band: null,
      rank: null,
    });
    // C4: 3 party ballots < 5 and 2 public < 3 → 数据不足.
    expect(await member('C4')).toMatchObject({ status: 'too_few', total: null, rank: null });
  });

  it('ranks graded members with ties: 95.2, 94.33, 94.33, 93.7, … → 1, 2, 2, 4', async () => {
    const { store } = await run();
    // B1: public 3 优秀 + 1 合格 → 96.25; 0.6×92 + 0.4×96.25 = 93.7. C1 = C2: (5×100 + 4×85)/9 = 93.333…;
    // 0.6×95 + 0.4×93.333 = 94.333 each; same 民主评议 and 日常量化 → tied.
    const ranks = await store.rows<{ member_id: string; rank: number }>(
      'SELECT member_id, rank FROM member_result WHERE rank IS NOT NULL ORDER BY rank, member_id',
    );
    expect(ranks.map((r) => [r.member_id, r.rank])).toEqual([
      ['B2', 1],
      ['C1', 2],
      ['C2', 2],
      ['B1', 4],
      ['A1', 5],
      ['A2', 6],
      ['B4', 7],
      ['C3', 8],
      ['A3', 9],
    ]);
  });
});

describe('overrides and awards', () => {
  it('applies an override after scoring and keeps who, when, why and the proposed band', async () => {
    const override: Override = {
      period: P,
      target: 'member',
      id: 'A2',
      field: 'band',
      value: '好',
      by: '局党委',
      date: new Date(Date.UTC(2011, 6, 10)),
      reason: '抗洪抢险中表现突出',
    };
    const { member } = await run(defaults, [override]);
    expect(await member('A2')).toMatchObject({
      proposed_band: '合格',
      final_band: '好',
      overridden: true,
      override_by: '局党委',
      override_reason: '抗洪抢险中表现突出',
      award_eligible: true,
    });
  });

  it('shortlists 先进基层党组织 at 1:1.2 of the places, leaving out a branch flagged for low satisfaction', async () => {
    const { awards } = await run();
    // ceil(3 × 1.2) = 4 places on the shortlist; B is flagged (rate 0.5 < 0.6): A and C remain.
    expect(await awards('advanced_org')).toEqual(['A', 'C']);
  });

  it('takes 优秀共产党员 branch by branch, then within the bureau total, from eligible members only', async () => {
    // The party workers C2 (rank 2) and A1 (rank 5) are 优秀党务工作者, one award each, so they
    // leave this list. Branch places round up, of the members without 预备党员: A ceil(15% × 3)
    // = 1, B and C ceil(15% × 4) = ceil(0.6) = 1. Left: B1 (B2 is sanctioned) and C1 (A2 is
    // 合格, A3 vetoed, A4 probationary). The bureau total floor(15% × 11) = floor(1.65) = 1
    // keeps the best overall rank: C1 (2).
    expect(await (await run()).awards('excellent_member')).toEqual(['C1']);
    // Rounding the total up: ceil(1.65) = 2 places, C1 (2) and B1 (4).
    const ceil = schemeWith('rounding: floor', 'rounding: ceil');
    expect(await (await run(ceil)).awards('excellent_member')).toEqual(['C1', 'B1']);
  });

  it('never breaks a tie at a place by member code: the tied candidates are listed for the committee', async () => {
    // One award per person off: C1 and C2 (equal in every score, rank 2) share branch C's one
    // place, and then the bureau's one place: both are listed, marked.
    const both = await run(schemeWith('oneIndividualAwardPerPerson: true', 'oneIndividualAwardPerPerson: false'));
    expect(
      await both.store.rows(
        "SELECT id, at_cut FROM award_recommendation WHERE award = 'excellent_member' ORDER BY position",
      ),
    ).toEqual([
      { id: 'C1', at_cut: 'tie' },
      { id: 'C2', at_cut: 'tie' },
    ]);
  });

  it('recommends 优秀党务工作者 among party workers by total', async () => {
    // Party workers A1 (91.6) and C2 (94.333); 2 places.
    expect(await (await run()).awards('party_worker')).toEqual(['C2', 'A1']);
  });
});

describe('every scheme number changes the result', () => {
  it('organization weights', async () => {
    const { org } = await run(schemeWith('org: { self: 0.4, bureau: 0.6 }', 'org: { self: 0.5, bureau: 0.5 }'));
    // A: 领导班子好 0.5×20 + 0.5×19 = 19.5 → 97.9 + 0.1 = 98.0.
    expect((await org('A')).total).toBeCloseTo(98, 10);
  });

  it('member weights', async () => {
    const { member } = await run(
      schemeWith(
        'member: { dailyRecord: 0.6, democraticReview: 0.4 }',
        'member: { dailyRecord: 0.5, democraticReview: 0.5 }',
      ),
    );
    expect((await member('A1')).total).toBeCloseTo(92, 10);
  });

  it('satisfaction grade values and the share of 群众反映好 fed by ballots', async () => {
    const values = await run(schemeWith('label: 比较满意, value: 7', 'label: 比较满意, value: 8'));
    // A: index (100 + 80)/200 = 0.9 → 群众反映好 10 + 9 = 19 → total 98.4.
    expect((await values.org('A')).total).toBeCloseTo(98.4, 10);
    const share = await run(schemeWith('dimensionShare: 0.5', 'dimensionShare: 0'));
    expect((await share.org('A')).total).toBeCloseTo(99.4, 10);
  });

  it('member grade values', async () => {
    const { member } = await run(schemeWith('label: 合格, value: 85', 'label: 合格, value: 80'));
    // A2: all 合格 → 80; 54 + 32 = 86.
    expect((await member('A2')).total).toBeCloseTo(86, 10);
  });

  it('bands', async () => {
    const { org } = await run(schemeWith('- { label: 先进, min: 90 }', '- { label: 先进, min: 98 }'));
    expect((await org('A')).final_band).toBe('较好');
    const { member } = await run(schemeWith('- { label: 好, min: 90 }', '- { label: 好, min: 92 }'));
    expect((await member('A1')).final_band).toBe('合格');
  });

  it('the satisfaction flag threshold', async () => {
    const { org, awards } = await run(schemeWith('flagBelowRate: 0.6', 'flagBelowRate: 0.4'));
    expect((await org('B')).satisfaction_flagged).toBe(false);
    expect(await awards('advanced_org')).toEqual(['A', 'C', 'B']);
  });

  it('veto thresholds', async () => {
    const { member } = await run(schemeWith('trustRateBelow: 0.5', 'trustRateBelow: 0'));
    // Trust rate 0 is not below 0; but 8 of 10 不合格 > 50% still vetoes A3.
    expect((await member('A3')).vetoes).toEqual(['high_fail_share']);
    const lenient = parseScheme(
      BASE_TEXT.replace('trustRateBelow: 0.5', 'trustRateBelow: 0').replace(
        'failShareAbove: 0.5',
        'failShareAbove: 0.9',
      ),
    );
    const { member: m2 } = await run(lenient);
    expect(await m2('A3')).toMatchObject({ vetoes: null, final_band: '基本合格' });
  });

  it('sanction veto on or off', async () => {
    const { member } = await run(schemeWith('sanctionMakesIneligible: true', 'sanctionMakesIneligible: false'));
    expect(await member('B2')).toMatchObject({ ineligible: false, award_eligible: true });
  });

  it('grading probationary members', async () => {
    const { member } = await run(schemeWith('probationaryGraded: false', 'probationaryGraded: true'));
    expect(await member('A4')).toMatchObject({ status: 'ok', final_band: '好', rank: 1 });
  });

  it('minimum ballots and participation', async () => {
    const few = await run(
      schemeWith(
        /raterCategories:\n {4}- \{ key: member, label: 党员, synonyms: \[党员代表\], minBallots: 5, required: false \}/,
        'raterCategories:\n    - { key: member, label: 党员, synonyms: [党员代表], minBallots: 3, required: false }',
      ),
    );
    // C4 now counts its 3 party ballots (public 2 < 3 still set aside): 合格 → 85; 48 + 34 = 82.
    expect((await few.member('C4')).total).toBeCloseTo(82, 10);
    const half = await run(schemeWith('participationMin: 2/3', 'participationMin: 1/2'));
    // B's party round (5/9 ≥ 1/2) now counts: B3 pooled 5 + 2 合格 → 85; 0.6×88 + 0.4×85 = 86.8.
    expect((await half.member('B3')).total).toBeCloseTo(86.8, 10);
  });

  it('void when returned exceeds issued, on or off', async () => {
    const { org } = await run(
      schemeWith('voidWhenReturnedExceedsIssued: true', 'voidWhenReturnedExceedsIssued: false'),
    );
    // B's public round (11 满意) now counts: (11×10 + 48)/(10×19) = 158/190.
    expect((await org('B')).satisfaction_index).toBeCloseTo(158 / 190, 10);
  });

  it('trimming one highest and one lowest vote', async () => {
    const { member } = await run(
      schemeWith('trim: { enabled: false, minBallots: 5 }', 'trim: { enabled: true, minBallots: 5 }'),
    );
    // A1 party ballots (4 优秀, 2 合格, n = 6 ≥ 5) lose one 优秀 and one 合格 → 3 优秀 + 1 合格;
    // public (n = 4 < 5) untouched: 2 + 2. Pooled (5×100 + 3×85)/8 = 94.375.
    // Validity counts the ballots cast, before trimming: the party category keeps its 6 ≥ 5.
    expect((await member('A1')).review_score).toBeCloseTo(94.375, 10);
  });

  it('tie-break order', async () => {
    // D (no members) equals A's total another way: 自评 −1.5 on L1 (0.4 × 1.5 = 0.6) instead of
    // 上级考评 −1 (0.6 × 1 = 0.6). Both total 97.9; D has the higher 上级考评 (100 vs 99), A the
    // higher 自评 (100 vs 98.5).
    const d: Branch = { ...BRANCHES[0]!, org: 'D', self: { L1: 1.5 }, bureau: {}, members: [] };
    const branches = [...BRANCHES, d];
    const byBureau = await run(defaults, [], branches);
    expect((await byBureau.org('D')).total).toBeCloseTo(97.9, 10);
    expect([(await byBureau.org('D')).rank, (await byBureau.org('A')).rank, (await byBureau.org('C')).rank]).toEqual([
      1, 2, 2,
    ]);
    const bySelf = await run(
      schemeWith('orgTieBreak: [bureau, self, satisfaction]', 'orgTieBreak: [self, bureau]'),
      [],
      branches,
    );
    expect([(await bySelf.org('A')).rank, (await bySelf.org('C')).rank, (await bySelf.org('D')).rank]).toEqual([
      1, 1, 3,
    ]);
  });

  it('the weights of the two halves in the annual result', async () => {
    const withH2 = async (scheme: Scheme) => {
      const store = await fixtureStore();
      const at = { sheet: 's', row_no: 1, period: '2011H2' };
      // 2011H2 for A: full marks from both sides, no ballots → 100.
      await store.loadFile(
        submission('bureau', null),
        {
          bureau_review: itemPoints({}).map(([item_key, points]) => ({
            ...at,
            org_id: 'A',
            item_key,
            points,
            note: null,
          })),
          self_assessment: itemPoints({}).map(([item_key, points]) => ({
            ...at,
            org_id: 'A',
            item_key,
            points,
            note: null,
          })),
        },
        [],
      );
      await score({ store, scheme, overrides: [] });
      return (
        await store.rows<{ annual_total: number }>(
          "SELECT annual_total FROM org_annual WHERE org_id = 'A' AND year = 2011",
        )
      )[0]!.annual_total;
    };
    // H2 has no satisfaction ballots: its 群众反映好 from the item points (ITEM_POINTS_TEXT).
    // 0.5 × 97.9 + 0.5 × 100 = 98.95; with 0.3 / 0.7: 29.37 + 70 = 99.37.
    expect(await withH2(parseScheme(ITEM_POINTS_TEXT))).toBeCloseTo(98.95, 10);
    expect(
      await withH2(
        parseScheme(
          ITEM_POINTS_TEXT.replace('annualWeights: { H1: 0.5, H2: 0.5 }', 'annualWeights: { H1: 0.3, H2: 0.7 }'),
        ),
      ),
    ).toBeCloseTo(99.37, 10);
  });

  it('the minimum satisfaction ballots, and what no valid satisfaction result costs', async () => {
    // B's party members gave 8 valid satisfaction ballots; with 9 required none counts (the
    // public round is void): no valid satisfaction result. Its item points alone (19.4) would
    // raise B from 94.3 to 19.4 + 19.2 + 40 + 19.4 = 98.0 and drop the low-rate flag: by default
    // (whenNoValidResult: insufficient) 群众反映好 and the total are 数据不足 instead, and B needs follow-up.
    const nine = [
      '- { key: member, label: 党员, synonyms: [党员代表], minBallots: 5, required: false }\n      - { key: public, label: 群众',
      '- { key: member, label: 党员, synonyms: [党员代表], minBallots: 9, required: false }\n      - { key: public, label: 群众',
    ] as const;
    const { org } = await run(schemeWith(...nine));
    expect(await org('B')).toMatchObject({
      total: null,
      rank: null,
      status: 'insufficient',
      missing: ['satisfaction'],
      satisfaction_status: 'insufficient',
      satisfaction_flagged: false,
      follow_up: true,
    });
    const itemPoints = parseScheme(
      BASE_TEXT.replace(nine[0], nine[1]).replace('whenNoValidResult: insufficient', 'whenNoValidResult: itemPoints'),
    );
    const b = await (await run(itemPoints)).org('B');
    expect(b.total).toBeCloseTo(98, 10);
    expect(b).toMatchObject({ status: 'ok', satisfaction_status: 'insufficient', follow_up: true });
  });

  it('rater category weights instead of pooling the ballots', async () => {
    // A1: party members (4×100 + 2×85)/6 = 95, public (2×100 + 2×85)/4 = 92.5; pooled 94,
    // weighted 0.5/0.5 → 93.75.
    const text = BASE_TEXT.replace(
      '{ key: member, label: 党员, synonyms: [党员代表], minBallots: 5, required: false }\n    - { key: public, label: 群众代表',
      '{ key: member, label: 党员, synonyms: [党员代表], minBallots: 5, required: false, weight: 0.5 }\n    - { key: public, label: 群众代表',
    ).replace(
      '家长代表], minBallots: 3, required: false }',
      '家长代表], minBallots: 3, required: false, weight: 0.5 }',
    );
    const { member } = await run(parseScheme(text));
    expect((await member('A1')).review_score).toBeCloseTo(93.75, 10);
  });

  it('the interval z that sets the tiers', async () => {
    const { org } = await run(schemeWith('intervalZ: 1.96', 'intervalZ: 3'));
    // B's half-width becomes 3 × 10 × 0.1030776 = 3.09; 94.3 + 3.09 = 97.39 > C's low 97.9 − 1.006 = 96.89 → same tier.
    expect((await org('B')).tier).toBe(1);
  });

  it('award places and rounding', async () => {
    const { awards } = await run(schemeWith('partyWorkerAwardPlaces: 2', 'partyWorkerAwardPlaces: 1'));
    expect(await awards('party_worker')).toEqual(['C2']);
    const fewer = await run(schemeWith('advancedOrgPlaces: 3', 'advancedOrgPlaces: 1'));
    // ceil(1 × 1.2) = 2.
    expect(await fewer.awards('advanced_org')).toEqual(['A', 'C']);
    const text = BASE_TEXT.replace('advancedOrgPlaces: 3', 'advancedOrgPlaces: 1').replace(
      'advancedOrgShortlistRatio: 1.2',
      'advancedOrgShortlistRatio: 1',
    );
    const one = await run(parseScheme(text));
    // A and C are identical (one tier): the one place is theirs to share, which the committee
    // decides — both are listed, never A for its code.
    expect(
      await one.store.rows(
        "SELECT id, cap, at_cut FROM award_recommendation WHERE award = 'advanced_org' ORDER BY position",
      ),
    ).toEqual([
      { id: 'A', cap: 1, at_cut: 'tier' },
      { id: 'C', cap: 1, at_cut: 'tier' },
    ]);
  });

  it('rounds award places down, up or to the nearest as quotas.rounding says, forgiving a hair of float error', async () => {
    const { store } = await run();
    const places = async (rounding: string, x: number) => {
      await store.con.run("UPDATE scheme_param SET text = $1 WHERE key = 'quotas.rounding'", [rounding]);
      return (await store.rows<{ p: number }>(`SELECT places(${x}) AS p`))[0]!.p;
    };
    expect([await places('floor', 1.65), await places('floor', 2.9999999999)]).toEqual([1, 3]);
    expect([await places('ceil', 1.2), await places('ceil', 2.0000000001)]).toEqual([2, 2]);
    expect([await places('round', 1.5), await places('round', 1.4)]).toEqual([2, 1]);
    // The award round's forms count places without the database (scheme/awards.ts): the same rule.
    for (const rounding of ['floor', 'ceil', 'round'] as const)
      for (const x of [0, 0.5, 1.2, 1.4, 1.5, 1.65, 2.0000000001, 2.9999999999, 4.5])
        expect([rounding, x, placesFor({ quotas: { rounding } } as Scheme, x)]).toEqual([
          rounding,
          x,
          await places(rounding, x),
        ]);
  });

  it('the young cohort age', async () => {
    const { store } = await run(schemeWith('youngAgeBelow: 35', 'youngAgeBelow: 20'));
    const overall = await store.rows<{ young_members: number }>(
      'SELECT young_members::INTEGER AS young_members FROM young_cohort WHERE org_id IS NULL',
    );
    expect(overall[0]!.young_members).toBe(0);
    const { store: s35 } = await run();
    // Members whose id ends in 1 were born in 1985: 26 on 2011-06-30, under 35.
    expect(
      (
        await s35.rows<{ young_members: number }>(
          'SELECT young_members::INTEGER AS young_members FROM young_cohort WHERE org_id IS NULL',
        )
      )[0]!.young_members,
    ).toBe(3);
  });
});

/** One branch F with members F1..Fn and either tallies or electronic ballots (party members only). */
async function miniRun(opts: {
  members: number;
  tallies?: Record<string, Tally>;
  ballots?: [string, string, string][];
  scheme?: Scheme;
}) {
  const store = await Store.open(':memory:');
  stores.push(store);
  const at = { sheet: 's', row_no: 1 };
  const ids = Array.from({ length: opts.members }, (_, i) => `F${i + 1}`);
  await store.loadFile(
    submission('roster', null),
    {
      roster_org: [
        {
          ...at,
          org_id: 'F',
          name: 'F支部',
          level: '党支部',
          type: '小学',
          parent_id: null,
          secretary: null,
          ...noContacts,
          region: null,
        },
      ],
      roster_member: ids.map((id) => ({
        ...at,
        member_id: id,
        name: id,
        sex: null,
        birth_date: new Date(Date.UTC(1970, 0, 1)),
        join_date: null,
        status: 'full',
        org_id: 'F',
        post: null,
        party_worker: false,
      })),
    },
    [],
  );
  const s = { ...at, period: P, org_id: 'F' };
  await store.loadFile(
    submission('branch', 'F'),
    {
      ballot_round: [
        {
          ...s,
          round: 'democraticReview',
          category: 'member',
          eligible: 10,
          issued: 10,
          returned: 10,
          round_date: null,
        },
      ],
      member_tally: Object.entries(opts.tallies ?? {}).flatMap(([id, t]) =>
        Object.entries(t).map(([grade, votes]) => ({ ...s, member_id: id, category: 'member', grade, votes })),
      ),
      member_ballot: (opts.ballots ?? []).map(([ballot_id, member_id, grade]) => ({
        ...s,
        ballot_id,
        category: 'member',
        member_id,
        grade,
        aspects: '',
      })),
      daily_record: ids.map((id) => ({ ...s, member_id: id, score: 80, note: null })),
    },
    [],
  );
  await score({ store, scheme: opts.scheme ?? defaults, overrides: [] });
  return store;
}

describe('rater agreement (Krippendorff’s α, ordinal)', () => {
  it('is 1 when every ballot agrees on each member', async () => {
    const store = await miniRun({ members: 2, tallies: { F1: { excellent: 6 }, F2: { competent: 6 } } });
    expect((await store.rows<{ alpha: number }>('SELECT alpha FROM rater_agreement'))[0]!.alpha).toBeCloseTo(1, 10);
  });

  it('is −0.5 for two members each graded once 优秀 and once 合格', async () => {
    // o_12 = o_21 = 2, n_1 = n_2 = 2, n = 4; δ²_12 = (4 − 2)² = 4;
    // α = 1 − 3 × (2×4 + 2×4) / (2×2×4 + 2×2×4) = 1 − 48/32 = −0.5.
    const store = await miniRun({
      members: 2,
      tallies: { F1: { excellent: 1, competent: 1 }, F2: { excellent: 1, competent: 1 } },
    });
    expect((await store.rows<{ alpha: number }>('SELECT alpha FROM rater_agreement'))[0]!.alpha).toBeCloseTo(-0.5, 10);
  });
});

describe('electronic ballots', () => {
  // Three members: at most floor(3 / 3) = 1 优秀 per ballot.
  const ballots = (extra: [string, string, string][] = []): [string, string, string][] => [
    ...['R1', 'R2', 'R3', 'R4', 'R5'].flatMap((r): [string, string, string][] => [
      [r, 'F1', 'excellent'],
      [r, 'F2', 'competent'],
      [r, 'F3', 'competent'],
    ]),
    ...extra,
  ];

  it('voids a ballot with more 优秀 than a third of the members and leaves it out', async () => {
    const store = await miniRun({
      members: 3,
      ballots: ballots([
        ['R6', 'F1', 'excellent'],
        ['R6', 'F2', 'excellent'],
        ['R6', 'F3', 'incompetent'],
      ]),
    });
    expect(await store.rows('SELECT kind, ballot_id, excellent, allowed FROM excellent_quota')).toEqual([
      { kind: 'ballot', ballot_id: 'R6', excellent: 2, allowed: 1 },
    ]);
    // F3 keeps its 5 合格 from R1–R5: R6's 不合格 is not counted.
    expect(
      (await store.rows<{ review_score: number }>("SELECT review_score FROM member_result WHERE member_id = 'F3'"))[0]!
        .review_score,
    ).toBe(85);
  });

  it('accepts that ballot when the 优秀 limit is two thirds', async () => {
    const store = await miniRun({
      members: 3,
      ballots: ballots([
        ['R6', 'F1', 'excellent'],
        ['R6', 'F2', 'excellent'],
        ['R6', 'F3', 'incompetent'],
      ]),
      scheme: schemeWith('excellentGradeShareMax: 1/3', 'excellentGradeShareMax: 2/3'),
    });
    expect(await store.rows('SELECT * FROM excellent_quota')).toEqual([]);
    // F3: 5 合格 + 1 不合格 → (425 + 50)/6 = 79.1666…
    expect(
      (await store.rows<{ review_score: number }>("SELECT review_score FROM member_result WHERE member_id = 'F3'"))[0]!
        .review_score,
    ).toBeCloseTo(475 / 6, 10);
  });

  it('averages the five models where ballots grade them', async () => {
    const store = await miniRun({ members: 3, ballots: ballots() });
    await store.con.run(
      "UPDATE member_ballot SET aspects = CASE WHEN ballot_id IN ('R1', 'R2') THEN 'study=excellent' ELSE 'study=competent' END WHERE member_id = 'F2'",
    );
    // Rows inserted straight into the table, not through a file the skip check would see.
    await score({ store, scheme: defaults, overrides: [], force: true });
    // F2 学习钻研: 2 × 100 + 3 × 85 over 5 ballots = 91.
    expect(
      await store.rows(
        "SELECT dimension, label, n::INTEGER AS n, mean FROM member_dimension_review WHERE member_id = 'F2'",
      ),
    ).toEqual([{ dimension: 'study', label: '学习钻研的模范', n: 5, mean: 91 }]);
  });

  it('corrects for a rater’s leniency when adjustments.leniency is on', async () => {
    // Lenient raters R1–R3 grade F1 优秀 and F3 合格; strict raters R4–R6 grade F2 合格 and F3 基本合格.
    // Plain means: F1 100, F2 85, F3 (3×85 + 3×70)/6 = 77.5. Each rater's sd is 7.5 and each
    // gives +1 sd to the better of their two: corrected value = 85 (branch mean of 12 values)
    // ± 7.5 → F1 92.5, F2 92.5 (the best of the strict raters' pair counts like F1), F3 77.5.
    const design: [string, string, string][] = [
      ...['R1', 'R2', 'R3'].flatMap((r): [string, string, string][] => [
        [r, 'F1', 'excellent'],
        [r, 'F3', 'competent'],
      ]),
      ...['R4', 'R5', 'R6'].flatMap((r): [string, string, string][] => [
        [r, 'F2', 'competent'],
        [r, 'F3', 'basicallyCompetent'],
      ]),
    ];
    const three =
      'raterCategories:\n    - { key: member, label: 党员, synonyms: [党员代表], minBallots: 3, required: false }';
    const min5 =
      /raterCategories:\n {4}- \{ key: member, label: 党员, synonyms: \[党员代表\], minBallots: 5, required: false \}/;
    const score = async (leniency: boolean) => {
      const text = BASE_TEXT.replace(min5, three).replace(
        'leniency: { enabled: false }',
        `leniency: { enabled: ${leniency} }`,
      );
      const store = await miniRun({ members: 3, ballots: design, scheme: parseScheme(text) });
      return Object.fromEntries(
        (
          await store.rows<{ member_id: string; review_score: number }>(
            'SELECT member_id, review_score FROM member_result',
          )
        ).map((r) => [r.member_id, r.review_score]),
      );
    };
    const plain = await score(false);
    expect([plain.F1, plain.F2, plain.F3]).toEqual([100, 85, 77.5]);
    const corrected = await score(true);
    expect(corrected.F1).toBeCloseTo(92.5, 10);
    expect(corrected.F2).toBeCloseTo(92.5, 10);
    expect(corrected.F3).toBeCloseTo(77.5, 10);
  });
});

describe('change since the previous period', () => {
  it('takes the previous half year’s total and rank', async () => {
    const store = await fixtureStore();
    // The same branches a half year earlier: B full marks everywhere except 2 points in L1.
    await store.loadFile(
      submission('bureau', null),
      {
        bureau_review: BRANCHES.flatMap((b) =>
          itemPoints(b.org === 'B' ? {} : { L1: 2 }).map(([item_key, points]) => ({
            sheet: 's',
            row_no: 1,
            period: '2010H2',
            org_id: b.org,
            item_key,
            points,
            note: null,
          })),
        ),
        self_assessment: BRANCHES.flatMap((b) =>
          itemPoints({}).map(([item_key, points]) => ({
            sheet: 's',
            row_no: 1,
            period: '2010H2',
            org_id: b.org,
            item_key,
            points,
            note: null,
          })),
        ),
      },
      [],
    );
    await score({ store, scheme: parseScheme(ITEM_POINTS_TEXT), overrides: [] });
    // 2010H2 without satisfaction ballots, 群众反映好 from its items: A and C 0.4×20 + 0.6×18 = 18.8 + 80 = 98.8; B 100 → B first.
    const rows = await store.rows<{
      org_id: string;
      previous_total: number;
      previous_rank: number;
      rank_change: number;
      total_change: number;
    }>(
      "SELECT org_id, previous_total, previous_rank, rank_change, total_change FROM org_result WHERE period = '2011H1' ORDER BY org_id",
    );
    expect(rows.map((r) => [r.org_id, r.previous_rank, r.rank_change])).toEqual([
      ['A', 2, 1],
      ['B', 1, -2],
      ['C', 2, 1],
    ]);
    expect(rows[0]!.previous_total).toBeCloseTo(98.8, 10);
    expect(rows[0]!.total_change).toBeCloseTo(97.9 - 98.8, 10);
  });
});

describe('docs/scoring.md', () => {
  it('is generated from the models’ header comments (run `npm run docs` after changing a model)', () => {
    expect(readFileSync('docs/scoring.md', 'utf8')).toBe(scoringReference());
  });
});

describe('the overrides file', () => {
  it('reads decisions with who, when and why, and names each problem in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pingyi-overrides-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      '- { period: 2011年上半年, target: member, id: X02-005, field: band, value: 好, by: 局党委, date: 2011-07-10, reason: 表现突出 }\n',
    );
    expect(loadOverrides(good, defaults)).toEqual([
      {
        period: '2011H1',
        target: 'member',
        id: 'X02-005',
        field: 'band',
        value: '好',
        by: '局党委',
        date: new Date(Date.UTC(2011, 6, 10)),
        reason: '表现突出',
      },
    ]);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      '- { period: 2011H1, target: member, id: X02-005, field: band, value: 优秀, by: 局党委, date: 2011-07-10 }\n- { period: 2011H1, target: org, id: X02, field: eligible, value: true, by: 局党委, date: 2011-07-10, reason: 无 }\n',
    );
    expect(() => loadOverrides(bad, defaults)).toThrow(/\[0\]\.reason（第 1 行）: 缺少此项/);
    writeFileSync(
      bad,
      '- { period: 2011H1, target: member, id: X02-005, field: band, value: 优秀, by: 局党委, date: 2011-07-10, reason: 无 }\n',
    );
    expect(() => loadOverrides(bad, defaults)).toThrow(
      '[0].value（第 1 行）: 等次应为 好、合格、基本合格、不合格 之一（当前 优秀）',
    );
    writeFileSync(
      bad,
      [
        '- period: 2011H1',
        '  target: member',
        '  id: X02-005',
        '  field: band',
        '  value: 好',
        '  by: 局党委',
        '  reason: 无',
        '- { period: 2011H1, target: org, id: X02, field: band, value: 好, by: 局党委, date: 2011/7/10, reason: 无, note: x }',
      ].join('\n'),
    );
    expect(() => loadOverrides(bad, defaults)).toThrow(
      [
        '调整决定文件 ' + bad + ' 有 3 处问题：',
        '  [0].date（第 1 行）: 缺少此项（应为日期，如 2011-07-15）',
        '  [1].date（第 8 行）: 应为日期，如 2011-07-15（当前 2011/7/10）',
        '  [1]（第 8 行）: 未知的键 "note"（请检查拼写，可用的键见 docs/scoring.md“调整决定”）',
      ].join('\n'),
    );
    writeFileSync(bad, '');
    expect(loadOverrides(bad, defaults)).toEqual([]);
  });
});

describe('the award eligibility override', () => {
  const file = (value: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'pingyi-overrides-'));
    const path = join(dir, 'overrides.yaml');
    writeFileSync(
      path,
      `- { period: 2011H1, target: member, id: A2, field: eligible, value: ${value}, by: 局党委, date: 2011-07-10, reason: 经研究 }\n`,
    );
    return path;
  };

  it('reads yes and no in the words a form takes them in, and as YAML true and false', () => {
    for (const [written, value] of [
      ['否', 'false'],
      ['√', 'true'],
      ['false', 'false'],
      ['"true"', 'true'],
      ['是', 'true'],
    ] as const)
      expect(loadOverrides(file(written), defaults)[0]!.value, written).toBe(value);
    expect(() => loadOverrides(file('也许'), defaults)).toThrow(
      '[0].value（第 1 行）: 应为 true 或 false（或 是、否）（当前 也许）',
    );
  });

  it('takes a member out of the awards when the committee writes 否', async () => {
    // Graded 好 by the committee, A2 is eligible (see above) until the committee says 否.
    const good: Override = { ...loadOverrides(file('否'), defaults)[0]!, field: 'band', value: '好' };
    const { member } = await run(defaults, [good, ...loadOverrides(file('否'), defaults)]);
    expect(await member('A2')).toMatchObject({ final_band: '好', award_eligible: false, overridden: true });
  });
});

describe('the score stage', () => {
  it('is skipped when neither the files nor the scheme nor the overrides changed, and runs again when one did', async () => {
    const store = await fixtureStore();
    const skipped = async (scheme: Scheme, overrides: Override[] = [], force = false) =>
      (await score({ store, scheme, overrides, force })).skipped;
    expect(await skipped(defaults)).toBe(false);
    expect(await skipped(defaults)).toBe(true);
    const halfAndHalf = { ...defaults, weights: { ...defaults.weights, org: { self: 0.5, bureau: 0.5 } } };
    expect(await skipped(halfAndHalf)).toBe(false);
    expect(await skipped(halfAndHalf)).toBe(true);
    await store.con.run("UPDATE submission SET present = false WHERE kind = 'bureau'");
    expect(await skipped(halfAndHalf)).toBe(false);
    expect(await skipped(halfAndHalf, [], true)).toBe(false);
  });
});
