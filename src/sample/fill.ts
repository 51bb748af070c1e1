// What each organization and the bureau would plausibly type into the forms for one
// period, driven by latent quality so that results vary believably and persist across
// periods. Returns form data only; the form writers lay it out.
import type { BranchFormData } from '../forms/branch-form.ts';
import { roundKey, tallyKey } from '../forms/branch-form.ts';
import type { BureauFormData } from '../forms/bureau-form.ts';
import { reviewKey } from '../forms/bureau-form.ts';
import { ROUNDS } from '../contract/form-layout.ts';
import type { RowInput } from '../forms/sheet-writer.ts';
import { membersOf, type Member, type Org } from '../contract/roster.ts';
import { periodEnd, type Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import {
  campaignRows,
  memberComments,
  MISSES,
  OFFICE_PLEDGES,
  PLEDGES,
  type Ledger,
  type MemberOutcome,
} from './campaign.ts';
import { misspell as misspellName } from './names.ts';
import type { Random } from './random.ts';
import type { SampleSystem } from './system.ts';

const DEDUCTION_NOTES: Record<string, string[]> = {
  leadership: ['中心组学习记录不完整', '述职评议材料报送滞后', '班子调研成果转化不够', '重大事项集体研究记录不规范'],
  membership: ['个别党员未按时交纳党费', '“三会一课”记录不全', '青年党员培养计划落实不到位', '党员承诺公示不及时'],
  mechanism: ['党务公开栏更新不及时', '活动台账资料不齐全', '材料报送晚于规定时间', '制度汇编未及时修订'],
  performance: ['教学质量目标部分未完成', '特色项目成效不明显', '安全台账有缺项', '典型培育不够突出'],
  publicOpinion: [
    '家长反映问题回应不够及时',
    '教代会提案办理进度偏慢',
    '困难教职工帮扶记录不全',
    '“亮牌示岗”落实不均衡',
  ],
};

const STRENGTHS: Record<string, string> = {
  leadership: '班子团结务实，党建工作责任制落实到位，“一把手”抓党建的意识强',
  membership: '党员队伍素质较高，党员先锋岗、责任区作用发挥明显，青年党员培养扎实',
  mechanism: '制度健全，台账规范，创先争优各阶段工作组织有序、按时推进',
  performance: '围绕教育教学中心工作成效明显，办学特色鲜明，教学质量稳中有升',
  publicOpinion: '重视家校沟通和民主管理，为师生办实事，群众满意度较高',
};

const PROBLEMS: Record<string, string> = {
  leadership: '班子理论学习的深度不够，调查研究成果转化不足',
  membership: '部分党员先锋模范作用不够突出，“一带一”结对成效不均衡',
  mechanism: '部分制度执行不够严格，党务资料归档不够及时规范',
  performance: '党建与业务工作结合不够紧密，特色品牌还需提炼',
  publicOpinion: '对群众反映问题的回应还不够及时，满意度有提升空间',
};

const DIRECTIONS: Record<string, string> = {
  leadership: '加强班子自身建设，健全中心组学习和调研制度，提高决策水平',
  membership: '加强党员日常教育管理，深化“结对子”“一带一”，发挥党员先锋模范作用',
  mechanism: '完善制度落实的督查机制，规范党务台账，提高工作运行效率',
  performance: '把创先争优融入教育教学全过程，打造党建特色品牌，推动学校科学发展',
  publicOpinion: '畅通群众诉求渠道，深化民主管理，切实为师生和家长办实事、解难题',
};

const PUBLIC_COMMENTS = [
  '希望学校多组织家长开放日活动',
  '党员老师带头作用明显，对孩子很负责',
  '建议减少形式主义的检查材料，把精力放在教学上',
  '校门口上下学交通秩序需要加强管理',
  '希望党支部多关心青年教师的成长',
  '对学校的办学成绩非常满意',
  '作业量有时偏多，希望统筹安排',
  '家校沟通及时，班主任很负责',
  '希望增加课后服务的内容',
  '个别老师对学生态度生硬，希望改进',
];

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const half = (x: number) => Math.round(x * 2) / 2;

/** Per-period drift so a branch's results move between periods without jumping. */
function qualityIn(base: number, period: Period, salt: number, rng: Random): number {
  return base + (period.half === 'H1' ? 0.15 : 0) + 0.25 * rng.normal() + 0.001 * salt;
}

export function itemPoints(
  rng: Random,
  max: number,
  quality: number,
  lenient: boolean,
): { points: number; deducted: boolean } {
  const p = sigmoid(-(quality + (lenient ? 1.6 : 0.9))) * 0.8;
  if (!rng.chance(p)) return { points: max, deducted: false };
  const cut = rng.pick([0.5, 0.5, 1, 1, 1.5, 2]);
  return { points: clamp(half(max - cut), 0, max), deducted: true };
}

export function memberGradeWeights(quality: number, lenient: boolean): number[] {
  const q = quality + (lenient ? 0.3 : 0);
  return [0.25 * Math.exp(0.9 * q), 0.62, 0.08 * Math.exp(-0.9 * q), 0.015 * Math.exp(-1.5 * q), 0.015];
}

/** Where 优秀 is among the member grades; the grade after it is the next best. */
const excellentIndex = (scheme: Scheme) =>
  scheme.member.grades.findIndex((g) => g.key === scheme.quotas.excellentGrade);

/**
 * How many 优秀 one ballot of the branch gives at most: the scheme's share of its members, rounded
 * down; any number with the excellentOverLimit quirk.
 */
const excellentPerBallot = (scheme: Scheme, members: number, quirks: SampleQuirks) =>
  quirks.excellentOverLimit ? members : Math.floor(scheme.quotas.excellentGradeShareMax * members + 1e-9);

/**
 * A branch's tallies of one rater category (votes per grade, one row per member) with no more 优秀
 * in all than `allowed` ballots can give: the excess moved to the next grade, most-voted first.
 */
function tallyWithinLimit(counts: number[][], excellent: number, allowed: number): void {
  let over = counts.reduce((n, k) => n + k[excellent]!, 0) - allowed;
  for (const k of [...counts].sort((a, b) => b[excellent]! - a[excellent]!)) {
    if (over <= 0) return;
    const moved = Math.min(over, k[excellent]!);
    k[excellent]! -= moved;
    k[excellent + 1]! += moved;
    over -= moved;
  }
}

export function satisfactionWeights(quality: number): number[] {
  return [0.45 * Math.exp(0.6 * quality), 0.33, 0.14 * Math.exp(-0.6 * quality), 0.04 * Math.exp(-quality), 0.04];
}

export interface SampleQuirks {
  /** Branches that send electronic ballots instead of a tally. */
  electronicBallots: Set<string>;
  /** Branches whose public representatives mostly stayed away. */
  lowTurnout: Set<string>;
  /**
   * Voters who give more 优秀 than the scheme's limit allows, as they come: the shipped sample's
   * tallies and V01's ballots, on which the limit's rule is shown and tested. Otherwise each
   * ballot keeps to it, and so each tally (benchmark input: a province of breaches is not one).
   */
  excellentOverLimit?: boolean;
  /** The deliberate mistakes a data-quality report should show. */
  misspeltName?: { orgId: string; memberIndex: number };
  tallyOverReturned?: { orgId: string; memberIndex: number };
  scoreWithUnit?: { orgId: string; memberIndex: number };
  /** A branch that pairs a member no longer young (35 or over) as a mentee. */
  pairOverAge?: string;
  /** The organization whose 领导点评, and its members', the bureau left blank. */
  blankReview?: string;
  /** A member whose promise was not kept, the reason not accepted at the 评诺: no award. */
  unkeptPromise?: { orgId: string; memberIndex: number };
}

export function fillBranch(
  scheme: Scheme,
  sys: SampleSystem,
  org: Org,
  period: Period,
  rng: Random,
  quirks: SampleQuirks,
  side: Random,
  ledger: Ledger,
): BranchFormData {
  const members = membersOf(sys.roster, org.orgId);
  const full = members.filter((m) => m.status === 'full');
  // A 党总支 has no members of its own: its satisfaction ballots go to its branches' members.
  const family = new Set([org.orgId, ...sys.roster.orgs.filter((o) => o.parentId === org.orgId).map((o) => o.orgId)]);
  const voters = sys.roster.members.filter((m) => family.has(m.orgId));
  const q = qualityIn(sys.orgQuality.get(org.orgId) ?? 0, period, 0, rng);
  const filler = members[1] ?? members[0];
  const data: BranchFormData = {
    fields: {
      fillDate: new Date(periodEnd(period).getTime() + rng.int(1, 9) * 86400000),
      fillBy: filler?.name ?? org.secretary ?? '',
      phone: `0791-86${String(rng.int(100000, 999999))}`,
    },
    self: {},
    rounds: {},
    tallies: {},
    satisfaction: {},
    daily: {},
  };

  for (const d of scheme.org.dimensions) {
    for (const it of d.items) {
      const { points, deducted } = itemPoints(rng, it.max, q, true);
      data.self![it.key] = {
        points,
        note: deducted ? rng.pick(DEDUCTION_NOTES[d.key] ?? ['部分工作未达要求']) : undefined,
      };
    }
  }

  const returnedBy = new Map<string, number>();
  for (const c of scheme.member.raterCategories) {
    if (members.length === 0) continue;
    const eligible = c.key === 'member' ? full.length : rng.int(8, 14);
    const issued = eligible - (c.key === 'member' ? rng.int(0, Math.min(2, eligible)) : 0);
    const returned =
      quirks.lowTurnout.has(org.orgId) && c.key !== 'member'
        ? Math.floor(eligible / 2)
        : issued - rng.int(0, Math.min(1, issued));
    returnedBy.set(c.key, returned);
    data.rounds![roundKey(ROUNDS.democraticReview, c.label)] = { eligible, issued, returned, date: periodEnd(period) };
  }
  for (const c of scheme.org.satisfaction.raterCategories) {
    const eligible = c.key === 'member' ? voters.length : rng.int(20, 40);
    const issued = eligible - rng.int(0, Math.min(2, eligible));
    const returned = issued - rng.int(0, Math.min(2, issued));
    data.rounds![roundKey(ROUNDS.satisfaction, c.label)] = { eligible, issued, returned, date: periodEnd(period) };
    const counts = rng.multinomial(returned, satisfactionWeights(q));
    data.satisfaction![c.key] = Object.fromEntries(
      scheme.org.satisfaction.grades.map((g, i) => [`grade_${g.key}`, counts[i] ?? 0]),
    );
  }

  data.comments = rng
    .shuffle(PUBLIC_COMMENTS)
    .slice(0, rng.int(1, 4))
    .map((comment) => ({ category: rng.pick(scheme.org.satisfaction.raterCategories).label, comment }));

  const perBallot = excellentPerBallot(scheme, members.length, quirks);
  if (quirks.electronicBallots.has(org.orgId)) {
    data.ballots = electronicBallots(scheme, sys, members, returnedBy, rng, perBallot);
  } else {
    const excellent = excellentIndex(scheme);
    for (const c of scheme.member.raterCategories) {
      const returned = returnedBy.get(c.key) ?? 0;
      const counts = members.map((m) =>
        rng.multinomial(returned, memberGradeWeights(sys.memberQuality.get(m.memberId) ?? 0, c.key !== 'member')),
      );
      tallyWithinLimit(counts, excellent, returned * perBallot);
      members.forEach((m, j) => {
        data.tallies![tallyKey(c.key, m.memberId)] = Object.fromEntries(
          scheme.member.grades.map((g, i) => [`grade_${g.key}`, counts[j]![i] ?? 0]),
        );
      });
    }
  }

  const integers = rng.chance(0.5);
  const outcomes: MemberOutcome[] = [];
  for (const m of members) {
    const raw = 82 + 6 * (sys.memberQuality.get(m.memberId) ?? 0) + rng.normal(0, 3);
    data.daily![m.memberId] = { score: clamp(integers ? Math.round(raw) : half(raw), 55, 99) };
    const kept = rng.chance(0.9);
    const pledge = rng.pick(org.type === '机关' ? OFFICE_PLEDGES : PLEDGES);
    outcomes.push({ member: m, pledge, miss: kept ? undefined : rng.pick(MISSES) });
  }
  const unkept = quirks.unkeptPromise?.orgId === org.orgId ? outcomes[quirks.unkeptPromise.memberIndex] : undefined;
  if (unkept) Object.assign(unkept, { miss: MISSES.find((m) => m.status === 'unkept'), judged: true });
  const campaign = campaignRows(
    scheme,
    sys,
    org,
    period,
    members,
    outcomes,
    side,
    ledger,
    quirks.pairOverAge === org.orgId,
  );
  Object.assign(data, {
    carried: campaign.carried,
    orgCommitments: campaign.orgCommitments,
    commitments: campaign.commitments,
    pairs: campaign.pairs,
  });
  applyMistakes(scheme, data, org, members, returnedBy, quirks);
  return data;
}

function electronicBallots(
  scheme: Scheme,
  sys: SampleSystem,
  members: Member[],
  returnedBy: Map<string, number>,
  rng: Random,
  /** 优秀 one ballot gives at most (excellentPerBallot). */
  allowed: number,
): RowInput[] {
  const rows: RowInput[] = [];
  const grades = scheme.member.grades;
  const excellent = excellentIndex(scheme);
  for (const c of scheme.member.raterCategories) {
    for (let b = 1; b <= (returnedBy.get(c.key) ?? 0); b++) {
      // A voter keeps to the limit: once it is used up, the next 优秀 becomes the next grade.
      let given = 0;
      for (const m of members) {
        const weights = memberGradeWeights(sys.memberQuality.get(m.memberId) ?? 0, c.key !== 'member').slice(
          0,
          grades.length,
        );
        let overall = rng.multinomial(1, weights).indexOf(1);
        if (overall === excellent && ++given > allowed) overall += 1;
        const row: RowInput = {
          ballotId: `${c.key === 'member' ? 'D' : 'Q'}${String(b).padStart(3, '0')}`,
          category: c.label,
          memberId: m.memberId,
          name: m.name,
          grade: grades[overall]?.label,
        };
        for (const d of scheme.member.dimensions) {
          const step = clamp(overall + rng.pick([-1, 0, 0, 0, 0, 1]), 0, grades.length - 1);
          row[`dim_${d.key}`] = grades[step]?.label;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

function applyMistakes(
  scheme: Scheme,
  data: BranchFormData,
  org: Org,
  members: Member[],
  returnedBy: Map<string, number>,
  quirks: SampleQuirks,
): void {
  const first = scheme.member.raterCategories[0]!;
  const misspelt = quirks.misspeltName?.orgId === org.orgId ? members[quirks.misspeltName.memberIndex] : undefined;
  if (misspelt) {
    const row = data.tallies![tallyKey(first.key, misspelt.memberId)];
    if (row) row.name = misspellName(misspelt.name);
  }
  const over =
    quirks.tallyOverReturned?.orgId === org.orgId ? members[quirks.tallyOverReturned.memberIndex] : undefined;
  if (over) {
    const row = data.tallies![tallyKey(first.key, over.memberId)];
    const key = `grade_${scheme.member.grades[1]!.key}`;
    if (row) row[key] = Number(row[key] ?? 0) + (returnedBy.get(first.key) ?? 0) - sumCounts(row) + 3;
  }
  const unit = quirks.scoreWithUnit?.orgId === org.orgId ? members[quirks.scoreWithUnit.memberIndex] : undefined;
  if (unit) {
    const row = data.daily![unit.memberId];
    if (row) row.score = `${Math.round(Number(row.score))}分`;
  }
}

function sumCounts(row: RowInput): number {
  return Object.entries(row).reduce((a, [k, v]) => (k.startsWith('grade_') ? a + Number(v ?? 0) : a), 0);
}

/** The day the sample's bureau form is filled: twelve days after the period ends (the documents' date). */
export const bureauFillDate = (period: Period): Date => new Date(periodEnd(period).getTime() + 12 * 86400000);

export function fillBureau(
  scheme: Scheme,
  sys: SampleSystem,
  period: Period,
  rng: Random,
  reviewer: string,
  side: Random,
  blankReview?: string,
): BureauFormData {
  const data: BureauFormData = {
    fields: {
      fillDate: bureauFillDate(period),
      fillBy: reviewer,
      phone: '0791-86612345',
    },
    review: {},
    comments: {},
    memberComments: memberComments(sys, side, blankReview),
  };
  for (const org of sys.roster.orgs) {
    const q = qualityIn(sys.orgQuality.get(org.orgId) ?? 0, period, 1, rng);
    const byDimension = scheme.org.dimensions.map((d) => {
      let lost = 0;
      for (const it of d.items) {
        const { points, deducted } = itemPoints(rng, it.max, q, false);
        lost += it.max - points;
        data.review![reviewKey(org.orgId, it.key)] = {
          points,
          note: deducted ? rng.pick(DEDUCTION_NOTES[d.key] ?? ['部分工作未达要求']) : undefined,
        };
      }
      return { key: d.key, share: lost / d.points };
    });
    const sorted = [...byDimension].sort((a, b) => a.share - b.share);
    const best = sorted[0]!.key;
    const worst = sorted[sorted.length - 1]!.key;
    if (org.orgId === blankReview) continue;
    data.comments![org.orgId] = {
      strengths: `${STRENGTHS[best]}。${q > 0.8 ? '在全系统创先争优活动中起到示范带头作用。' : ''}`,
      problems: `${PROBLEMS[worst]}。`,
      direction: `${DIRECTIONS[worst]}。`,
      reviewer,
    };
  }
  return data;
}
