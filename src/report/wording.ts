// The words people read for the codes the scoring returns, and the scheme's numbers written
// out for them. The SQL models return codes and numbers only; view models and exports turn
// them into Chinese here, every limit taken from the scheme, so that a changed scheme reads
// as changed in every document. Labels the scheme itself names (bands, dimensions, grades)
// are shown as the scheme writes them.
import {
  AWARD_LABELS,
  FORM_KIND_LABELS,
  PAIR_KINDS,
  PUBLIC_WORKS,
  ROUNDS,
  type FormKind,
} from '../contract/form-layout.ts';
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import { AWARD_KINDS, type AwardKind, type AwardRound, type CommitmentStatus, type Scheme } from '../scheme/schema.ts';
import type { Strengths } from './strengths.ts';

/** member_score.status: 'ok' when the member has a graded total, otherwise why not. */
export type MemberStatus =
  'ok' | 'probationary' | 'too_few' | 'low_participation' | 'void' | 'no_daily_record' | 'unverified' | 'not_returned';

/** org_score.status, and what an 'insufficient' result lacks (org_score.missing). */
export type OrgStatus = 'ok' | 'insufficient' | 'not_returned';
export type OrgMissing = 'self' | 'bureau' | 'satisfaction';

/** member_score.vetoes: the rules that vetoed the member (一票否决), every one that applies. */
export type Veto = 'low_trust' | 'high_fail_share';

/** award_recommendation.at_cut: the candidate shares its standing across the last place. */
export type AtCut = 'tie' | 'branch_tie' | 'tier';

/** A rater category's status in member_review_category / org_satisfaction_category. */
export type CategoryStatus = 'valid' | 'missing' | 'over_limit' | 'void' | 'low_participation' | 'too_few';

/** A rater category without a valid result, with the numbers its words need. */
export interface CategoryGap {
  category: string;
  status: string;
  eligible: number | null;
  returned: number | null;
  /** Valid ballots cast in the category. */
  ballots: number | null;
  min_ballots: number | null;
}

/** A row of scoring_problem. */
export interface ScoringProblemRow {
  code: string;
  org_id: string;
  period: string;
  round: string | null;
  category: string | null;
  ballot_id: string | null;
  severity: string;
  observed: number | null;
  allowed: number | null;
  per_ballot: number | null;
  members: number | null;
  eligible: number | null;
  returned: number | null;
  rows: number | null;
  /** award_overridden: the candidate agreed to and the override that removes it. */
  award?: string | null;
  candidate_id?: string | null;
  name?: string | null;
  override_by?: string | null;
  override_on?: Date | null;
  override_reason?: string | null;
  /** award_agreed_failing: the rules the agreed candidate fails (award_candidate.fails codes). */
  fails?: string[] | null;
  /** decided_before_notice: the 表彰决定's date and the 公示's last day. */
  doc_date?: Date | null;
  notice_to?: Date | null;
}

/** award_final.award, in the order the documents list the awards. */
export { AWARD_KINDS, type AwardKind };
export const AWARD_NAMES: Record<AwardKind, string> = AWARD_LABELS;

/** In place of a band the data do not give. */
export const NO_BAND = '数据不足';
/** In place of the band of a member who is not graded (预备党员). */
export const NOT_GRADED = '—';
/** In place of a member's band when a required rater category has no valid result. */
export const UNVERIFIED = '待核实';
/** In place of the band of an organization, and its members, without its form for the period. */
export const NOT_RETURNED = '未交';

/** submission.kind: the forms by their names, and a table sent as CSV. */
export function fileKind(kind: string): string {
  return kind === 'csv' ? 'CSV 单表' : (FORM_KIND_LABELS[kind as FormKind] ?? kind);
}

const AT_CUT: Record<AtCut, string> = {
  tie: '与其他候选人名次相同，名额线落在他们之间，请领导小组决定',
  branch_tie: '与本支部名次相同的党员并列于支部名额线，请领导小组决定',
  tier: '与同组党组织（分数差别在误差范围内）并列于名额线，请领导小组决定',
};

/** award_candidate.fails: each rule a candidate fails, in words. */
export type AwardFail =
  | 'not_proposed'
  | 'not_reviewed'
  | 'not_endorsed'
  | 'unverified'
  | 'veto'
  | 'sanctioned'
  | 'not_top_band'
  | 'satisfaction_flagged'
  | 'not_party_worker'
  | 'unkept_commitment'
  | 'overridden_out'
  | 'repeat';

/** Organizations are counted in 个, people in 名. */
export function awardUnit(kind: AwardKind): string {
  return kind === 'advanced_org' ? '个' : '名';
}

/** What the round does with the list: the bureau commends it (拟表彰) or forwards it (拟推荐). */
export function awardVerb(round: AwardRound): string {
  return round.level === 'commend' ? '拟表彰' : '拟推荐';
}

const DIGITS = '零一二三四五六七八九';

/** Whole numbers from 0 to 99 in Chinese numerals (5 → 五, 12 → 十二, 35 → 三十五); others as digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones > 0 ? DIGITS[ones] : ''}`;
}

/** Where in a sheet a problem is: a cell (B6), or a whole row written 第 12 行. */
export function cellPlace(cell: string | undefined): string | null {
  return cell === undefined ? null : /^\d+$/.test(cell) ? `第${cell}行` : cell;
}

/** A change of rank for people: 2 → ↑2, −4 → ↓4, 0 → 持平; none without a previous rank. */
export function rankChange(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return n > 0 ? `↑${n}` : n < 0 ? `↓${-n}` : '持平';
}

/**
 * x rounded half away from zero (四舍五入) to `digits` decimals. A double near an exact half lies on
 * either side of it (0.15 is 0.1499…; a mean of exactly 18.35 came out of DuckDB as 18.349… or
 * 18.350… by the order it summed in, and printed 18.3 or 18.4 from the same data), so x is taken
 * to six more decimals first.
 */
export function roundHalfUp(x: number, digits: number): number {
  const scaled = Number((Math.abs(x) * 10 ** digits).toFixed(6));
  return (Math.sign(x) * Math.round(scaled)) / 10 ** digits;
}

/** A number as the documents print it, with `digits` decimals: 18.349999999999998 → "18.4". */
export function fixed(x: number, digits: number): string {
  return roundHalfUp(x, digits).toFixed(digits);
}

/** A score as the documents print it, for the exports: 96.30000000000001 → 96.3 (two decimals). */
export function printed(x: number | null, digits = 2): number | null {
  return x === null || !Number.isFinite(x) ? null : roundHalfUp(x, digits);
}

/** A share as a percentage with at most one decimal: 0.15 → 15%, 2/3 → 66.7%. */
export function share(x: number): string {
  return `${roundHalfUp(100 * x, 1)}%`;
}

/** A measured rate, always with one decimal: 0.4 → 40.0%. */
export function rate(x: number): string {
  return `${fixed(100 * x, 1)}%`;
}

/** A simple fraction in words (2/3 → 三分之二, 0.75 → 四分之三); any other share as a percentage. */
export function fraction(x: number): string {
  for (let d = 2; d <= 10; d++) {
    const n = Math.round(x * d);
    if (n > 0 && n < d && Math.abs(x * d - n) < 1e-9) return `${chineseNumber(d)}分之${chineseNumber(n)}`;
  }
  return share(x);
}

/** The error function (Abramowitz & Stegun 7.1.26, error under 1.5e-7: ample for a percentage to 0.1). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

/** The confidence of a two-sided normal interval at z: 1.96 → 95%, 2.576 → 99%. */
export function confidence(z: number): string {
  return share(erf(z / Math.SQRT2));
}

/** Bands by their lower limits, highest first: 先进90分以上，…，后进60分以下. */
function bandWords(bands: { label: string; min: number }[]): string {
  return bands
    .map((b, i) =>
      i > 0 && i === bands.length - 1 && b.min <= 0
        ? `${b.label}${bands[i - 1]!.min}分以下`
        : `${b.label}${b.min}分以上`,
    )
    .join('，');
}

/** Labels as a list in running text: 甲、乙和丙. */
export function listWords(labels: string[]): string {
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join('、')}和${labels.at(-1)!}`;
}

/** Where a score stands against the system: the dimensions furthest above and below its average, ties said as ties. */
export function standingWords(s: Strengths): string {
  const part = (labels: string[]) => `${listWords(labels)}${labels.length > 1 ? '（并列）' : ''}`;
  const above = s.strongest.length ? `较强的是${part(s.strongest)}` : '';
  const below = s.weakest.length ? `较弱的是${part(s.weakest)}` : '';
  return [above, below].filter(Boolean).join('、') || '各项与全系统平均相当';
}

/** 发文字号: 机关代字〔年份〕序号号, the number left blank for the office to fill when there is none. */
export function documentNumber(code: string, year: number, n: number | undefined): string {
  return `${code}〔${year}〕${n ?? '\u3000\u3000'}号`;
}

/** A date in a table column, where 2011年12月31日 would wrap: 2011-12-31, as the forms write it. */
export function tableDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function chineseDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** What a member's note is made from: member_result's codes and numbers. */
export interface MemberNoteInput {
  status: string;
  vetoes: string[] | null;
  trust_rate: number | null;
  fail_share: number | null;
  sanction: string | null;
  ineligible: boolean;
  /** For a member 待核实: the required categories without a valid result, each said in words. */
  gaps?: string[];
}

export type BranchReportSettings = Scheme['branchReport'];

/** The system-wide lists, for the bureau and the office, show everything. */
const ALL_SHOWN = { showSanctions: true, showTrustRate: true };

export type Wording = ReturnType<typeof wording>;

const ROUNDING_WORDS: Record<Scheme['quotas']['rounding'], string> = {
  floor: '向下取整',
  round: '四舍五入',
  ceil: '向上取整',
};

/** The words for one scheme. */
export function wording(scheme: Scheme) {
  const { veto, validity, weights, quotas, awards } = scheme;
  const gradeLabel = (key: string) => scheme.member.grades.find((g) => g.key === key)?.label ?? key;
  const excellent = gradeLabel(quotas.excellentGrade);
  const labelOf = (list: { key: string; label: string }[], key: string | null) =>
    list.find((c) => c.key === key)?.label ?? key ?? '';
  const categories = (round: string | null) =>
    round === 'satisfaction' ? scheme.org.satisfaction.raterCategories : scheme.member.raterCategories;
  const required = (round: string | null, key: string | null) =>
    categories(round).find((c) => c.key === key)?.required ?? false;
  const participation = fraction(validity.participationMin);
  const limitShare = fraction(quotas.excellentGradeShareMax);
  const topOrgBand = scheme.org.bands[0]!.label;
  const topMemberBand = scheme.member.bands[0]!.label;
  // The awards that need the top band, each with its band: 先进基层党组织（先进）.
  const topBandAwards = AWARD_KINDS.filter((k) => awards.topBandRequired[k]).map(
    (k) => `${AWARD_NAMES[k]}（${k === 'advanced_org' ? topOrgBand : topMemberBand}）`,
  );
  const satisfactionDimension =
    scheme.org.dimensions.find((d) => d.key === scheme.org.satisfaction.dimension)?.label ??
    scheme.org.satisfaction.dimension;
  const itemPointsOnly = scheme.org.satisfaction.whenNoValidResult === 'itemPoints';
  const unverified = `${UNVERIFIED}：不评定等次、不排名、不作一票否决、不参加评优`;
  const statusText: Record<MemberStatus, string> = {
    ok: '',
    probationary: '预备党员，不评定等次',
    too_few: '票数不足，数据不足',
    low_participation: `参评人数不足${participation}，评议无效`,
    void: '收回票数多于发出票数，评议无效',
    no_daily_record: '缺少日常量化得分',
    unverified,
    not_returned: '本组织未交评议表',
  };
  const missingText: Record<OrgMissing, string> = {
    self: '支部自评有考核细则没有得分',
    bureau: '上级考评有考核细则没有得分',
    satisfaction: '群众满意度测评无效或不全',
  };
  const vetoText = (code: string, m: Pick<MemberNoteInput, 'trust_rate' | 'fail_share'>): string => {
    if (code === 'low_trust') return `信任率${rate(m.trust_rate ?? 0)}，低于${rate(veto.trustRateBelow)}`;
    if (code === 'high_fail_share')
      return `评为${gradeLabel(veto.failGrade)}的票占${rate(m.fail_share ?? 0)}，超过${rate(veto.failShareAbove)}`;
    return code;
  };
  // The rule alone, without the member's own rate: what a branch meeting is told (branchReport.showTrustRate).
  const vetoRule = (code: string): string => {
    if (code === 'low_trust') return `信任率低于${rate(veto.trustRateBelow)}`;
    if (code === 'high_fail_share') return `评为${gradeLabel(veto.failGrade)}的票超过${rate(veto.failShareAbove)}`;
    return code;
  };
  const sanctionText = (sanction: string, ineligible: boolean) =>
    `受${sanction}处分${ineligible ? '，不参加评优' : ''}`;
  const statusNote = (m: MemberNoteInput) =>
    m.status === 'unverified' && m.gaps?.length
      ? `${UNVERIFIED}：${m.gaps.join('；')}`
      : (statusText[m.status as MemberStatus] ?? m.status);
  const awardFails: Record<AwardFail, string> = {
    not_proposed: '未经基层推荐（按评议结果列出，供领导小组参考）',
    not_reviewed: '所在党总支未提出审核意见',
    not_endorsed: '所在党总支不同意推荐',
    unverified: '本期没有评定结果（待核实或数据不足）',
    veto: '一票否决',
    sanctioned: '本期受处分',
    not_top_band: '本期未评为最高等次',
    satisfaction_flagged: `满意率低于${share(scheme.org.satisfaction.flagBelowRate)}`,
    not_party_worker: '名册中不是党务工作者',
    unkept_commitment: '公开承诺未兑现，原因未被认可',
    overridden_out: '领导小组决定不列入表彰',
    repeat: `${scheme.awards.repeatGapPeriods}个评议期内已获同一表彰`,
  };
  /** What a round without a valid result costs the organization, said after it. */
  const consequence = (round: string | null, category: string | null): string => {
    if (!required(round, category)) return '，该类不计入';
    if (round !== 'satisfaction') return `，本组织党员的民主评议${UNVERIFIED}`;
    return itemPointsOnly
      ? `，${satisfactionDimension}只按考核细则计分，需跟进`
      : `，本组织本期总分为“${NO_BAND}”，需跟进`;
  };
  const overLimit: Record<Scheme['quotas']['excellentOverLimit'], string> = {
    warn: '电子票和计票表都照计，并逐一提醒',
    voidBallots: '超过的电子票作废（计入拒收）；计票表只能核对合计，照计并逐一提醒',
    voidTally: '超过的电子票作废，计票表超过时该类评议人的计票作废（都计入拒收）',
  };
  const awardBase = quotas.awardBaseIncludesProbationary ? '党员人数' : '正式党员人数';
  /** 'in both categories 党员、群众' as a rule says it, for the categories a result requires. */
  const inEvery = (list: { label: string; required: boolean }[]) => {
    const needed = list.filter((c) => c.required).map((c) => c.label);
    return needed.length > 1
      ? `在${needed.join('、')}${needed.length === 2 ? '两' : chineseNumber(needed.length)}类评议人中都`
      : `在${needed.join('')}类评议人中`;
  };
  const missingWords = (missing: string[] | null) =>
    (missing ?? []).map((m) => missingText[m as OrgMissing] ?? m).join('，');
  const { commitments } = scheme;
  const statusLabel = (code: string): string => commitments.statuses[code as CommitmentStatus]?.label ?? code;
  const periodName = (code: string) => {
    const p = parsePeriod(code);
    return p ? periodLabel(scheme, p) : code;
  };
  const feeds = commitments.rateFeeds;
  const fedDimension = feeds ? labelOf(scheme.org.dimensions, feeds.dimension) : null;

  /** The award's name; in a period's round, the round's own title when it has one (先进单位 of the district's 五项活动). */
  const awardName = (kind: string, period?: string): string =>
    scheme.awards.rounds.find((r) => r.period === period)?.awards.find((a) => a.kind === kind)?.title ??
    AWARD_NAMES[kind as AwardKind] ??
    kind;
  return {
    /** Why a member has no graded total ('' when they have one). */
    memberStatus: (status: string): string => statusText[status as MemberStatus] ?? status,
    /** A member's status in a column of its own, where an empty cell would read as missing. */
    memberStatusColumn: (status: string): string =>
      status === 'ok' ? '正常' : (statusText[status as MemberStatus] ?? status),
    /** The rule that vetoed a member, with the member's rate and the scheme's limit. */
    veto: vetoText,
    /** Every rule that vetoed a member, in one cell. */
    vetoes: (m: Pick<MemberNoteInput, 'vetoes' | 'trust_rate' | 'fail_share'>): string | null =>
      m.vetoes?.length ? m.vetoes.map((v) => vetoText(v, m)).join('；') : null,
    /**
     * A member's note in the lists: status, every veto and sanction, each when there is one; in
     * a branch's own report (`shown`: the scheme's branchReport) only what it may show.
     */
    memberNote: (
      m: MemberNoteInput,
      shown: Pick<BranchReportSettings, 'showSanctions' | 'showTrustRate'> = ALL_SHOWN,
    ): string =>
      [
        statusNote(m),
        m.vetoes?.length &&
          `一票否决：${m.vetoes.map((v) => (shown.showTrustRate ? vetoText(v, m) : vetoRule(v))).join('；')}`,
        shown.showSanctions && m.sanction && sanctionText(m.sanction, m.ineligible),
      ]
        .filter(Boolean)
        .join('；'),
    /** A rater category without a valid result, with its numbers. */
    categoryGap: (round: 'democraticReview' | 'satisfaction', g: CategoryGap): string => {
      const label = `${labelOf(categories(round), g.category)}类别`;
      switch (g.status as CategoryStatus) {
        case 'missing':
          return `${label}没有有效的评议票`;
        case 'over_limit':
          return `${label}计票中“${excellent}”超过规定比例，该类计票作废`;
        case 'void':
          return `${label}收回票数多于发出票数，评议无效`;
        case 'low_participation':
          return `${label}参评${g.returned}人，不足应参加${g.eligible}人的${participation}，评议无效`;
        case 'too_few':
          return `${label}有效票${g.ballots ?? 0}张，少于规定的${g.min_ballots}张`;
        default:
          return `${label}：${g.status}`;
      }
    },
    /** A rejected row that explains a gap: where it is and why it was rejected. */
    rejectedRow: (sheet: string | null, cell: string | null, message: string): string =>
      `${[sheet, cell].filter(Boolean).join(' ')} 被拒收：${message}`,
    memberBand: (band: string | null, status: string): string =>
      band ??
      (status === 'probationary'
        ? NOT_GRADED
        : status === 'unverified'
          ? UNVERIFIED
          : status === 'not_returned'
            ? NOT_RETURNED
            : NO_BAND),
    orgBand: (band: string | null, status = 'ok'): string =>
      band ?? (status === 'not_returned' ? NOT_RETURNED : NO_BAND),
    /** An organization's status in words: 正常, 未交, or 数据不足 with what is lacking. */
    orgStatus: (status: string, missing: string[] | null): string =>
      status === 'ok'
        ? '正常'
        : status === 'not_returned'
          ? '未交评议表'
          : `${NO_BAND}${missing?.length ? `：${missingWords(missing)}` : ''}`,
    /** What an 'insufficient' organization lacks, in words. */
    orgMissing: missingWords,
    /** Why an organization needs follow-up (null when it does not). */
    followUp: (o: { follow_up: boolean; satisfaction_flagged: boolean }): string | null =>
      !o.follow_up ? null : o.satisfaction_flagged ? '满意率低于规定标准' : missingText.satisfaction,
    /** A problem the scoring found, as its message in the problem lists. */
    scoringProblem: (r: ScoringProblemRow): string => {
      const round = r.round === 'satisfaction' || r.round === 'democraticReview' ? ROUNDS[r.round] : '';
      const category = labelOf(categories(r.round), r.category);
      const limit = `党员人数${r.members}的${limitShare}`;
      switch (r.code) {
        case 'excellent_ballot':
          return `${category}的电子票 ${r.ballot_id} 评了${r.observed}名“${excellent}”，超过${limit}（${r.per_ballot}名）${r.severity === 'error' ? `，该票作废，${r.rows}行不计入` : '，已照计，请核实'}`;
        case 'excellent_tally':
          return `${category}的民主评议计票中“${excellent}”合计${r.observed}票，超过上限${r.allowed}票（每张票至多${r.per_ballot}名，即${limit}，收回${r.returned}张）${r.severity === 'error' ? `，该类计票作废${required(r.round, r.category) ? `，本组织党员的民主评议${UNVERIFIED}` : ''}` : '；计票表只能核对合计，已照计，请核实'}`;
        case 'low_participation':
          return `${round}（${category}）参评${r.returned}人，不足应参加${r.eligible}人的${participation}，该轮评议无效${consequence(r.round, r.category)}`;
        case 'too_few':
          return `${round}（${category}）有效票${r.observed}张，少于规定的${r.allowed}张${consequence(r.round, r.category)}`;
        case 'missing':
          return `没有${round}（${category}）的票数${consequence(r.round, r.category)}`;
        case 'award_overridden':
          return `审定表同意${r.name ?? r.candidate_id}为${awardName(String(r.award), r.period)}，但调整决定（${[r.override_by, r.override_on && chineseDate(r.override_on)].filter(Boolean).join('，')}：${r.override_reason ?? '未写理由'}）取消其评优资格，已不列入名单；请核实后修改审定表或调整决定`;
        case 'award_agreed_failing':
          return `审定表同意${r.name ?? r.candidate_id}为${awardName(String(r.award), r.period)}，但其${(r.fails ?? []).map((f) => awardFails[f as AwardFail] ?? f).join('；')}，审定表没有写明理由；请核实，或在“理由”栏写明破格的理由`;
        case 'decided_before_notice':
          return `表彰决定的成文日期为${r.doc_date ? chineseDate(r.doc_date) : ''}，公示到${r.notice_to ? chineseDate(r.notice_to) : ''}才结束：公示期满、反映的意见核实后才能审定，请核实日期`;
        default:
          return r.code;
      }
    },
    /** The breaches of the 优秀 limit of a period in one sentence (null when none), from scoring_problem counts. */
    excellentBreaches: (rows: { code: string; severity: string; n: number }[]): string | null => {
      const part = (code: string, unit: string, what: string) =>
        rows
          .filter((r) => r.code === code)
          .map((r) => `${what}${r.n}${unit}（${r.severity === 'error' ? '已作废，计入拒收' : '已照计，请核实'}）`);
      const parts = [...part('excellent_tally', '处', '计票表'), ...part('excellent_ballot', '张', '电子票')];
      return parts.length === 0
        ? null
        : `民主评议票中评为“${excellent}”的人数超过党员人数${limitShare}的：${parts.join('，')}，逐一列入《数据质量报告》。`;
    },
    awardName,
    /** award_history.level: the bureau commended, or recommended to the higher committee. */
    awardLevel: (level: string): string => (level === 'recommend' ? '推荐' : '表彰'),
    /** award_final.draft: the committee has not decided yet. */
    awardStatus: (draft: boolean): string => (draft ? '草案' : '已审定'),
    /** A rule a candidate for an award fails (award_candidate.fails), for the committee. */
    awardFail: (code: string): string => awardFails[code as AwardFail] ?? code,
    /** Why a candidate is listed with others of equal standing at the last place (null: not). */
    atCut: (code: string | null): string | null => (code ? (AT_CUT[code as AtCut] ?? code) : null),
    rankChange,
    /** Below this satisfaction rate an organization is followed up (满意率低于 60%). */
    followUpBelow: share(scheme.org.satisfaction.flagBelowRate),
    /** The confidence of the satisfaction intervals (rate_low..rate_high). */
    intervalConfidence: confidence(scheme.ranking.intervalZ),
    intervalNote: `满意度测评的抽样误差，z = ${scheme.ranking.intervalZ}`,
    satisfactionDimension,
    satisfactionShare: share(scheme.org.satisfaction.dimensionShare),
    orgWeights: { self: share(weights.org.self), bureau: share(weights.org.bureau) },
    memberWeights: { daily: share(weights.member.dailyRecord), review: share(weights.member.democraticReview) },
    probationaryGraded: scheme.member.probationaryGraded,
    /** commitment_status.status: 已兑现, 部分兑现, … as the scheme names them. */
    commitmentStatus: statusLabel,
    /** A member's commitments of a period in a few words: 已兑现2条、未兑现1条（原因未认可）; — without any. */
    commitmentSummary: (list: { status: string; unexcused: boolean }[]): string => {
      if (list.length === 0) return '—';
      const counts = new Map<string, { n: number; unexcused: number }>();
      for (const c of list) {
        const k = counts.get(c.status) ?? { n: 0, unexcused: 0 };
        counts.set(c.status, { n: k.n + 1, unexcused: k.unexcused + (c.unexcused ? 1 : 0) });
      }
      return [...counts]
        .map(([status, k]) => `${statusLabel(status)}${k.n}条${k.unexcused > 0 ? '（原因未认可）' : ''}`)
        .join('、');
    },
    /** commitment_status.rating: the 评诺 verdict. */
    commitmentRating: (code: string | null): string | null => labelOf(commitments.ratings, code),
    /** commitment_status.category: a 五个好 or 为群众办实事 for an organization's, a 五个模范 for a member's. */
    commitmentCategory: (code: string | null, level: string): string | null =>
      level === 'org'
        ? code === PUBLIC_WORKS
          ? commitments.publicWorks
          : labelOf(scheme.org.dimensions, code)
        : labelOf(scheme.member.dimensions, code),
    /** 原因是否认可, as the form offers it. */
    yesNo: (v: boolean | null): string | null =>
      v === null ? null : v ? (scheme.yesNo.yes[0] ?? '是') : (scheme.yesNo.no[0] ?? '否'),
    /** A period code in words: 2010H2 → 2010年下半年. */
    periodName,
    /** member_pair.kind: 结对子 or 一带一. */
    pairKind: (code: string | null): string | null => labelOf(PAIR_KINDS, code),
    /** How the 兑现率 is counted, and whether it counts toward a dimension. */
    commitmentRateRule: `兑现率 = 到期承诺中已兑现的比例（部分兑现按${share(commitments.partialCredit)}计，顺延和未到期的不计）${
      feeds && fedDimension ? `，按${share(feeds.share)}计入“${fedDimension}”` : '，不计入总分'
    }`,
    /** The award rule on commitments, when the scheme has it. */
    unkeptRule: commitments.unkeptBlocksAward
      ? '承诺部分兑现或未兑现、评诺时原因未被认可的党员，不列入推荐（领导小组可作调整）'
      : null,
    youngAgeBelow: scheme.cohort.youngAgeBelow,
    /** The summary's appendix on method: every rule with the scheme's numbers. */
    method: {
      orgWeights: `自评${share(weights.org.self)}、上级考评${share(weights.org.bureau)}`,
      memberWeights: `日常量化${share(weights.member.dailyRecord)}、民主评议${share(weights.member.democraticReview)}`,
      satisfactionDimension,
      share: share(scheme.org.satisfaction.dimensionShare),
      satisfactionGrades: scheme.org.satisfaction.grades
        .map((g) => (g.value === null ? `${g.label}（不计分）` : `${g.label}${g.value}分`))
        .join('、'),
      memberGrades: scheme.member.grades.map((g) => `${g.label}${g.value}分`).join('、'),
      orgBands: bandWords(scheme.org.bands),
      memberBands: bandWords(scheme.member.bands),
      trustGrades: veto.trustGrades.map(gradeLabel).join('与'),
      trust: share(veto.trustRateBelow),
      failGrade: gradeLabel(veto.failGrade),
      fail: share(veto.failShareAbove),
      sanctionMakesIneligible: veto.sanctionMakesIneligible,
      probationaryGraded: scheme.member.probationaryGraded,
      participation: share(validity.participationMin),
      voidWhenReturnedExceedsIssued: validity.voidWhenReturnedExceedsIssued,
      noBand: NO_BAND,
      advancedOrg: AWARD_NAMES.advanced_org,
      places: quotas.advancedOrgPlaces,
      ratio: quotas.advancedOrgShortlistRatio,
      excellentMember: AWARD_NAMES.excellent_member,
      award: share(quotas.excellentMemberAwardShareMax),
      /** The rules for data that are missing, partial or over a limit, and for ranks and awards, one sentence each. */
      rules: [
        `群众满意度须${inEvery(scheme.org.satisfaction.raterCategories)}有有效的测评（参评人数、有效票数达到规定）；否则${itemPointsOnly ? `${satisfactionDimension}只按考核细则计分` : `${satisfactionDimension}和总分为“${NO_BAND}”，不参加排名`}，该党组织列为需跟进，不推荐为${AWARD_NAMES.advanced_org}。`,
        `党员的民主评议须${inEvery(scheme.member.raterCategories)}有有效票；否则为“${UNVERIFIED}”：不评定等次、不排名、不作一票否决、不参加评优，报告写明原因，被拒收的行列入《数据质量报告》。`,
        `支部自评或上级考评有考核细则没有得分的，该党组织本期总分为“${NO_BAND}”，不按0分计算；未交评议表的党组织及其党员列为“${NOT_RETURNED}”。`,
        `每张民主评议票评为“${excellent}”的不超过党员人数的${limitShare}：${overLimit[quotas.excellentOverLimit]}；每一处都列入《数据质量报告》。`,
        '直属局党委的党组织（含党总支）相互排名，党总支所属的党支部在党总支内排名，党总支与所属党支部不相互排名；名次变化以↑、↓表示。',
        `${AWARD_NAMES.excellent_member}各支部名额为本支部${awardBase}的${share(quotas.excellentMemberAwardShareMax)}${ROUNDING_WORDS.ceil}，全系统名额为全系统${awardBase}的${share(quotas.excellentMemberAwardShareMax)}${ROUNDING_WORDS[quotas.rounding]}，两者同时适用；${topBandAwards.length > 0 ? `${topBandAwards.join('、')}须为最高档次；` : ''}${awards.oneIndividualAwardPerPerson ? '同一人本期只推荐一项个人奖；' : ''}名额线落在名次相同（${AWARD_NAMES.advanced_org}为同一组）的候选人之间时一并列出，由领导小组决定。`,
        `青年党员按评议期末的周岁计算（未满${scheme.cohort.youngAgeBelow}周岁）。`,
      ],
    },
  };
}
