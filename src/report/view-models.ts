// View models: what each document shows, read from the result tables in SQL and shaped
// for a template. No scoring happens here.
import { parsePeriod, periodEnd, periodLabel } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';

export interface DocumentHeader {
  title: string;
  issuer: string;
  period: string;
  periodLabel: string;
}

function header(scheme: Scheme, period: string, title: string): DocumentHeader {
  const p = parsePeriod(period);
  return {
    title: `${p ? periodLabel(scheme, p) : period}${title}`,
    issuer: scheme.issuer,
    period,
    periodLabel: p ? periodLabel(scheme, p) : period,
  };
}

export async function resultPeriods(store: Store): Promise<string[]> {
  return (
    await store.rows<{ period: string }>(
      'SELECT DISTINCT period FROM org_result WHERE total IS NOT NULL ORDER BY period',
    )
  ).map((r) => r.period);
}

/** Organizations with a result in the largest period. */
export async function organizationCount(store: Store): Promise<number> {
  const [row] = await store.rows<{ n: bigint | number | null }>(
    'SELECT max(n) AS n FROM (SELECT count(*) AS n FROM org_result GROUP BY period)',
  );
  return Number(row?.n ?? 0);
}

interface OrgRow {
  org_id: string;
  name: string;
  type: string;
  rank: number | null;
  tier: number | null;
  self_total: number | null;
  bureau_total: number | null;
  total: number | null;
  final_band: string | null;
  total_change: number | null;
  satisfaction_n: number | null;
  overridden: boolean;
  override_reason: string | null;
  override_by: string | null;
  dims: number[];
}

export async function orgRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<OrgRow>(
    `SELECT r.org_id, r.name, r.type, r.rank, r.tier, r.self_total, r.bureau_total, r.total, r.final_band, r.total_change,
            r.satisfaction_n::INTEGER AS satisfaction_n, r.overridden, r.override_reason, r.override_by,
            (SELECT list(d.final_points ORDER BY d.ord) FROM org_dimension_final d WHERE d.period = r.period AND d.org_id = r.org_id) AS dims
     FROM org_result r WHERE r.period = $1 ORDER BY r.rank NULLS LAST, r.org_id`,
    [period],
  );
  const z = scheme.ranking.intervalZ;
  return {
    ...header(scheme, period, '党组织创先争优评议排名'),
    dimensions: scheme.org.dimensions.map((d) => d.label),
    selfWeight: `${scheme.weights.org.self * 100}%`,
    bureauWeight: `${scheme.weights.org.bureau * 100}%`,
    satisfactionShare: `${scheme.org.satisfaction.dimensionShare * 100}%`,
    intervalNote: `满意度测评的抽样误差，z = ${z}`,
    rows: rows.map((r, i) => ({
      name: r.name,
      type: r.type,
      rank: r.rank,
      tier: r.tier,
      tierBreak: i > 0 && r.tier !== rows[i - 1]!.tier,
      dimensions: r.dims,
      selfTotal: r.self_total,
      bureauTotal: r.bureau_total,
      total: r.total,
      finalBand: r.final_band ?? '数据不足',
      overridden: r.overridden,
      totalChange: r.total_change,
      satisfactionN: r.satisfaction_n,
    })),
    overrides: rows
      .filter((r) => r.overridden)
      .map((r) => ({ name: r.name, reason: r.override_reason, by: r.override_by })),
  };
}

interface MemberRow {
  member_id: string;
  name: string;
  org_id: string;
  org_name: string;
  member_status: string;
  rank: number | null;
  rank_in_org: number | null;
  daily_score: number | null;
  review_score: number | null;
  review_n: number | null;
  total: number | null;
  final_band: string | null;
  status: string;
  veto_reason: string | null;
  sanction: string | null;
  overridden: boolean;
}

const STATUS_TEXT: Record<string, string> = {
  ok: '',
  probationary: '预备党员，不评定等次',
  too_few: '票数不足，数据不足',
  low_participation: '参评人数不足三分之二，评议无效',
  void: '收回票数多于发出票数，评议无效',
  no_daily_record: '缺少日常量化得分',
};

export async function memberRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<MemberRow>(
    `SELECT m.member_id, m.name, m.org_id, o.name AS org_name, m.member_status, m.rank, m.rank_in_org, m.daily_score, m.review_score,
            m.review_n, m.total, m.final_band, m.status, m.veto_reason, m.sanction, m.overridden
     FROM member_result m JOIN current_roster_org o USING (org_id)
     WHERE m.period = $1 ORDER BY o.org_id, m.rank_in_org NULLS LAST, m.member_id`,
    [period],
  );
  const groups = new Map<string, { orgId: string; orgName: string; members: object[] }>();
  for (const r of rows) {
    const g = groups.get(r.org_id) ?? { orgId: r.org_id, orgName: r.org_name, members: [] };
    g.members.push({
      rankInOrg: r.rank_in_org,
      rank: r.rank,
      name: r.name,
      daily: r.daily_score,
      review: r.review_score,
      n: r.review_n,
      total: r.total,
      band: r.final_band ?? (r.status === 'probationary' ? '—' : '数据不足'),
      overridden: r.overridden,
      note: [
        STATUS_TEXT[r.status] ?? r.status,
        r.veto_reason && `一票否决：${r.veto_reason}`,
        r.sanction && `受${r.sanction}处分，不参加评优`,
      ]
        .filter(Boolean)
        .join('；'),
    });
    groups.set(r.org_id, g);
  }
  return {
    ...header(scheme, period, '党员民主评议结果'),
    dailyWeight: `${scheme.weights.member.dailyRecord * 100}%`,
    reviewWeight: `${scheme.weights.member.democraticReview * 100}%`,
    count: rows.length,
    groups: [...groups.values()],
  };
}

interface BranchOrg {
  org_id: string;
  name: string;
  type: string;
  rank: number | null;
  ranked: number | null;
  tier: number | null;
  total: number | null;
  final_band: string | null;
  total_change: number | null;
  rank_change: number | null;
  satisfaction_index: number | null;
  satisfaction_rate: number | null;
  rate_low: number | null;
  rate_high: number | null;
  satisfaction_n: number | null;
  satisfaction_flagged: boolean;
  overridden: boolean;
  override_reason: string | null;
  strengths: string | null;
  problems: string | null;
  direction: string | null;
  reviewer: string | null;
}

export type MemberRanking = Awaited<ReturnType<typeof memberRankingModel>>;

/** Every organization's report for one period: its own results and, from the ranking already read, its members only. */
export async function branchReportModels(store: Store, scheme: Scheme, period: string, members: MemberRanking) {
  const orgs = await store.rows<BranchOrg>(
    `SELECT r.org_id, r.name, r.type, r.rank, r.ranked, r.tier, r.total, r.final_band, r.total_change, r.rank_change,
            r.satisfaction_index, r.satisfaction_rate, r.rate_low, r.rate_high, r.satisfaction_n::INTEGER AS satisfaction_n, r.satisfaction_flagged,
            r.overridden, r.override_reason, c.strengths, c.problems, c.direction, c.reviewer
     FROM org_result r LEFT JOIN current_review_comment c ON c.period = r.period AND c.org_id = r.org_id
     WHERE r.period = $1 ORDER BY r.org_id`,
    [period],
  );
  const dims = await store.rows<{
    org_id: string;
    dimension: string;
    final_points: number | null;
    self_points: number | null;
    bureau_points: number | null;
  }>(
    'SELECT org_id, dimension, final_points, self_points, bureau_points FROM org_dimension_final WHERE period = $1 ORDER BY org_id, ord',
    [period],
  );
  const averages = await store.rows<{ dimension: string; avg: number }>(
    'SELECT dimension, avg(final_points) AS avg FROM org_dimension_final WHERE period = $1 AND final_points IS NOT NULL GROUP BY dimension',
    [period],
  );
  const membersOf = new Map(members.groups.map((g) => [g.orgId, g.members]));
  const categoryLabel = new Map(scheme.org.satisfaction.raterCategories.map((c) => [c.key, c.label]));
  const comments = await store.rows<{ org_id: string; category: string | null; comment: string }>(
    'SELECT org_id, category, comment FROM current_public_comment WHERE period = $1 ORDER BY org_id, sheet, row_no',
    [period],
  );
  const avgOf = new Map(averages.map((a) => [a.dimension, a.avg]));
  const base = header(scheme, period, '');
  return orgs.map((o) => {
    const own = scheme.org.dimensions.map((d) => {
      const row = dims.find((x) => x.org_id === o.org_id && x.dimension === d.key);
      return {
        label: d.label,
        max: d.points,
        points: row?.final_points ?? null,
        self: row?.self_points ?? null,
        bureau: row?.bureau_points ?? null,
        average: avgOf.get(d.key) ?? null,
      };
    });
    const scored = own.filter((d) => d.points !== null);
    const byShare = [...scored].sort((a, b) => b.points! / b.max - a.points! / a.max);
    return {
      ...base,
      title: `${base.periodLabel}${o.name}创先争优评议结果`,
      orgId: o.org_id,
      name: o.name,
      type: o.type,
      rank: o.rank,
      ranked: o.ranked,
      tier: o.tier,
      total: o.total,
      band: o.final_band ?? '数据不足',
      overridden: o.overridden,
      overrideReason: o.override_reason,
      totalChange: o.total_change,
      rankChange: o.rank_change,
      dimensions: own,
      strongest: byShare[0]?.label ?? null,
      weakest: byShare.length > 1 ? byShare[byShare.length - 1]!.label : null,
      satisfaction: {
        index: o.satisfaction_index,
        rate: o.satisfaction_rate,
        low: o.rate_low,
        high: o.rate_high,
        n: o.satisfaction_n,
        flagged: o.satisfaction_flagged,
      },
      comment:
        o.strengths || o.problems || o.direction
          ? { strengths: o.strengths, problems: o.problems, direction: o.direction, reviewer: o.reviewer }
          : null,
      members: membersOf.get(o.org_id) ?? [],
      // No names were recorded with the comments; only the kind of rater who wrote them.
      publicComments: comments
        .filter((c) => c.org_id === o.org_id)
        .map((c) => ({ from: c.category ? (categoryLabel.get(c.category) ?? '') : '', text: c.comment })),
    };
  });
}

export async function recommendationsModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<{
    award: string;
    position: number;
    id: string;
    name: string;
    org_name: string | null;
    total: number | null;
    rank: number | null;
    note: string | null;
  }>(
    `SELECT a.award, a.position::INTEGER AS position, a.id, a.name, CASE WHEN a.target = 'member' THEN o.name END AS org_name, a.total, a.rank, a.note
     FROM award_recommendation a LEFT JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY a.award, a.position`,
    [period],
  );
  const awards = ['先进基层党组织', '优秀共产党员', '优秀党务工作者'].map((award) => ({
    award,
    rows: rows.filter((r) => r.award === award),
  }));
  return { ...header(scheme, period, '创先争优表彰推荐名单（公示）'), awards };
}

const CHINESE_DATE = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;

/** The 总体情况报告: everything the leading group needs, in the order of the document. */
export async function summaryModel(store: Store, scheme: Scheme, period: string) {
  const q = <T>(sql: string) => store.rows<T>(sql, [period]);
  const [participation] = await q<{
    orgs: number;
    forms: number;
    members: number;
    issued: number;
    returned: number;
    eligible: number;
  }>(`
    SELECT (SELECT count(*)::INTEGER FROM current_roster_org) AS orgs,
           (SELECT count(DISTINCT org_id)::INTEGER FROM current_self_assessment WHERE period = $1) AS forms,
           (SELECT count(*)::INTEGER FROM current_roster_member) AS members,
           coalesce(sum(issued), 0)::INTEGER AS issued, coalesce(sum(returned), 0)::INTEGER AS returned, coalesce(sum(eligible), 0)::INTEGER AS eligible
    FROM current_ballot_round WHERE period = $1 AND round = 'democraticReview'`);
  const orgBands = await q<{ band: string; n: number }>(`
    SELECT b.label AS band, count(r.org_id)::INTEGER AS n FROM scheme_band b LEFT JOIN org_result r ON r.final_band = b.label AND r.period = $1
    WHERE b.scale = 'org' GROUP BY b.label, b.ord ORDER BY b.ord`);
  const memberBands = await q<{ band: string; n: number }>(`
    SELECT b.label AS band, count(m.member_id)::INTEGER AS n FROM scheme_band b LEFT JOIN member_result m ON m.final_band = b.label AND m.period = $1
    WHERE b.scale = 'member' GROUP BY b.label, b.ord ORDER BY b.ord`);
  const byType = await q<{ type: string; n: number; dims: number[]; total: number }>(`
    SELECT type, max(n)::INTEGER AS n, list(avg ORDER BY ord) AS dims,
           (SELECT avg(total) FROM org_result r WHERE r.period = $1 AND r.type = t.type) AS total
    FROM (SELECT o.type, d.dimension, d.ord, avg(d.final_points) AS avg, count(DISTINCT d.org_id) AS n
          FROM org_dimension_final d JOIN current_roster_org o USING (org_id) WHERE d.period = $1 GROUP BY ALL) t
    GROUP BY type ORDER BY type`);
  // Up to this period: a report never shows what came after it.
  const trend = await q<{ period: string; org_avg: number; member_avg: number }>(`
    SELECT o.period, avg(o.total) AS org_avg, (SELECT avg(total) FROM member_result m WHERE m.period = o.period) AS member_avg
    FROM org_result o WHERE o.total IS NOT NULL AND o.period <= $1 GROUP BY o.period ORDER BY o.period`);
  const satisfaction = await q<{
    name: string;
    rate: number | null;
    low: number | null;
    high: number | null;
    n: number | null;
    flagged: boolean;
  }>(`
    SELECT name, satisfaction_rate AS rate, rate_low AS low, rate_high AS high, satisfaction_n::INTEGER AS n, satisfaction_flagged AS flagged
    FROM org_result WHERE period = $1 ORDER BY satisfaction_rate DESC NULLS LAST, org_id`);
  const top = await q<{ name: string; rank: number; tier: number; total: number; band: string }>(`
    SELECT name, rank, tier, total, final_band AS band FROM org_result WHERE period = $1 AND rank IS NOT NULL ORDER BY rank, org_id LIMIT 5`);
  const awards = (await recommendationsModel(store, scheme, period)).awards;
  const [young] = await q<{
    members: number;
    young: number;
    young_mean: number | null;
    mean: number | null;
    young_top: number;
    top: number;
  }>(`
    SELECT members::INTEGER AS members, young_members::INTEGER AS young, young_mean_total AS young_mean, mean_total AS mean,
           young_top_band::INTEGER AS young_top, top_band::INTEGER AS top FROM young_cohort WHERE period = $1 AND org_id IS NULL`);
  const overrides = await q<{
    name: string;
    proposed: string | null;
    final: string | null;
    by: string;
    on: Date;
    reason: string;
  }>(`
    SELECT name, proposed_band AS proposed, final_band AS final, override_by AS by, override_on AS on, override_reason AS reason FROM org_result WHERE period = $1 AND overridden
    UNION ALL
    SELECT name, proposed_band, final_band, override_by, override_on, override_reason FROM member_result WHERE period = $1 AND overridden
    ORDER BY 5, 1, 2`);
  const files = await q<{ path: string; kind: string; read: number; accepted: number; rejected: number }>(`
    SELECT path, kind, rows_read AS read, rows_accepted AS accepted, rows_rejected AS rejected FROM submission
    WHERE present AND (period = $1 OR period IS NULL) ORDER BY path`);
  const rejected = await q<{
    path: string;
    sheet: string | null;
    cell: string | null;
    value: string | null;
    severity: string;
    message: string;
  }>(`
    SELECT coalesce(s.path, p.path) AS path, p.sheet, p.cell, p.value, p.severity, p.message
    FROM problem p LEFT JOIN submission s USING (submission_id)
    WHERE (s.present AND (s.period = $1 OR s.period IS NULL)) OR p.scope = 'scan'
    ORDER BY p.severity, path, p.sheet NULLS FIRST, length(p.cell), p.cell, p.message, p.value`);
  const agreement = await q<{ name: string; alpha: number | null }>(`
    SELECT o.name, a.alpha FROM rater_agreement a JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY o.org_id`);
  // Dated from the data, never from the clock: the same data must print the same document.
  const [fill] = await q<{ d: Date | null }>(
    "SELECT max(fill_date) AS d FROM submission WHERE period = $1 AND kind = 'bureau' AND present",
  );
  const p = parsePeriod(period);
  const h = header(scheme, period, '');
  return {
    ...h,
    title: `关于${h.periodLabel}创先争优活动评议情况的报告`,
    year: period.slice(0, 4),
    date: CHINESE_DATE(fill?.d ?? (p ? periodEnd(p) : new Date(0))),
    participation: participation
      ? { ...participation, rate: participation.eligible > 0 ? participation.returned / participation.eligible : null }
      : null,
    orgBands,
    memberBands,
    dimensions: scheme.org.dimensions.map((d) => d.label),
    byType,
    trend,
    satisfaction,
    flagged: satisfaction.filter((s) => s.flagged).map((s) => s.name),
    top,
    awards,
    young: young ? { ...young, share: young.members > 0 ? young.young / young.members : null } : null,
    overrides: overrides.map((o) => ({ ...o, on: o.on ? CHINESE_DATE(o.on) : '' })),
    files,
    problems: rejected,
    agreement,
    method: {
      orgWeights: `自评 ${scheme.weights.org.self * 100}%、上级考评 ${scheme.weights.org.bureau * 100}%`,
      memberWeights: `日常量化 ${scheme.weights.member.dailyRecord * 100}%、民主评议 ${scheme.weights.member.democraticReview * 100}%`,
      satisfactionGrades: scheme.org.satisfaction.grades
        .map((g) => (g.value === null ? `${g.label}（不计分）` : `${g.label} ${g.value}`))
        .join('、'),
      memberGrades: scheme.member.grades.map((g) => `${g.label} ${g.value}`).join('、'),
      orgBands: scheme.org.bands.map((b) => `${b.label} ≥ ${b.min}`).join('，'),
      memberBands: scheme.member.bands.map((b) => `${b.label} ≥ ${b.min}`).join('，'),
      share: `${scheme.org.satisfaction.dimensionShare * 100}%`,
      participation: `${Math.round(scheme.validity.participationMin * 1000) / 10}%`,
      trust: `${scheme.veto.trustRateBelow * 100}%`,
      fail: `${scheme.veto.failShareAbove * 100}%`,
      award: `${scheme.quotas.excellentMemberAwardShareMax * 100}%`,
      places: scheme.quotas.advancedOrgPlaces,
      ratio: scheme.quotas.advancedOrgShortlistRatio,
    },
  };
}
