// The words people read for the codes the scoring returns, and the scheme's numbers written
// out for them. The SQL models return codes and numbers only; view models and exports turn
// them into Chinese here, every limit taken from the scheme, so that a changed scheme reads
// as changed in every document. Labels the scheme itself names (bands, dimensions, grades)
// are shown as the scheme writes them.
import { AWARD_LABELS, FORM_KIND_LABELS, type FormKind } from '../contract/form-layout.ts';
import { AWARD_KINDS, type AwardKind, type Scheme } from '../scheme/schema.ts';
import type { Strengths } from './strengths.ts';

/** member_score.status: 'ok' when the member has a graded total, otherwise why not. */
export type MemberStatus = 'ok' | 'probationary' | 'too_few' | 'low_participation' | 'void' | 'no_daily_record';

/** member_score.veto: the rule that vetoed the member (一票否决). */
export type Veto = 'low_trust' | 'high_fail_share';

/** award_recommendation.award, in the order the documents list the awards. */
export { AWARD_KINDS, type AwardKind };
export const AWARD_NAMES: Record<AwardKind, string> = AWARD_LABELS;

/** In place of a band the data do not give. */
export const NO_BAND = '数据不足';
/** In place of the band of a member who is not graded (预备党员). */
export const NOT_GRADED = '—';

/** submission.kind: the forms by their names, and a table sent as CSV. */
export function fileKind(kind: string): string {
  return kind === 'csv' ? 'CSV 单表' : (FORM_KIND_LABELS[kind as FormKind] ?? kind);
}

/** award_recommendation.tie_at_cut. */
export const TIE_AT_CUT = '与下一名得分相同，请领导小组决定';

const DIGITS = '零一二三四五六七八九';

/** Whole numbers from 0 to 99 in Chinese numerals (5 → 五, 12 → 十二, 35 → 三十五); others as digits. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones > 0 ? DIGITS[ones] : ''}`;
}

/** A share as a percentage with at most one decimal: 0.15 → 15%, 2/3 → 66.7%. */
export function share(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/**
 * A measured rate, always with one decimal: 0.4 → 40.0%. Rounded as DuckDB's round(100 * x, 1),
 * which wrote these sentences before.
 */
export function rate(x: number): string {
  return `${(Math.round(100 * x * 10) / 10).toFixed(1)}%`;
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

export function chineseDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** What a member's note is made from: member_result's codes and numbers. */
export interface MemberNoteInput {
  status: string;
  veto: string | null;
  trust_rate: number | null;
  fail_share: number | null;
  sanction: string | null;
  ineligible: boolean;
}

export type BranchReportSettings = Scheme['branchReport'];

/** The system-wide lists, for the bureau and the office, show everything. */
const ALL_SHOWN = { showSanctions: true, showTrustRate: true };

export type Wording = ReturnType<typeof wording>;

/** The words for one scheme. */
export function wording(scheme: Scheme) {
  const { veto, validity, weights, quotas } = scheme;
  const gradeLabel = (key: string) => scheme.member.grades.find((g) => g.key === key)?.label ?? key;
  const statusText: Record<MemberStatus, string> = {
    ok: '',
    probationary: '预备党员，不评定等次',
    too_few: '票数不足，数据不足',
    low_participation: `参评人数不足${fraction(validity.participationMin)}，评议无效`,
    void: '收回票数多于发出票数，评议无效',
    no_daily_record: '缺少日常量化得分',
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
  const excellentMemberRule = `先按各支部名额、再按全系统总名额，须评为最高等次且未受一票否决${veto.sanctionMakesIneligible ? '或处分' : ''}`;
  const awardRules: Record<AwardKind, string> = {
    advanced_org: '按名额差额推荐，满意率低于标准的不推荐',
    excellent_member: excellentMemberRule,
    party_worker: '从党务工作者中推荐',
  };
  const satisfactionDimension =
    scheme.org.dimensions.find((d) => d.key === scheme.org.satisfaction.dimension)?.label ??
    scheme.org.satisfaction.dimension;

  return {
    /** Why a member has no graded total ('' when they have one). */
    memberStatus: (status: string): string => statusText[status as MemberStatus] ?? status,
    /** A member's status in a column of its own, where an empty cell would read as missing. */
    memberStatusColumn: (status: string): string =>
      status === 'ok' ? '正常' : (statusText[status as MemberStatus] ?? status),
    /** The rule that vetoed a member, with the member's rate and the scheme's limit. */
    veto: vetoText,
    /**
     * A member's note in the lists: status, veto and sanction, each when there is one; in a
     * branch's own report (`shown`: the scheme's branchReport) only what it may show.
     */
    memberNote: (
      m: MemberNoteInput,
      shown: Pick<BranchReportSettings, 'showSanctions' | 'showTrustRate'> = ALL_SHOWN,
    ): string =>
      [
        statusText[m.status as MemberStatus] ?? m.status,
        m.veto && `一票否决：${shown.showTrustRate ? vetoText(m.veto, m) : vetoRule(m.veto)}`,
        shown.showSanctions && m.sanction && sanctionText(m.sanction, m.ineligible),
      ]
        .filter(Boolean)
        .join('；'),
    memberBand: (band: string | null, status: string): string =>
      band ?? (status === 'probationary' ? NOT_GRADED : NO_BAND),
    orgBand: (band: string | null): string => band ?? NO_BAND,
    awardName: (kind: string): string => AWARD_NAMES[kind as AwardKind] ?? kind,
    /** How the recommendation list for an award was drawn up, for its public notice. */
    awardRule: (kind: AwardKind): string => `${AWARD_NAMES[kind]}${awardRules[kind]}`,
    tieNote: (tie: boolean): string | null => (tie ? TIE_AT_CUT : null),
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
    },
  };
}
