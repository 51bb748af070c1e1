// 总体情况报告: everything the leading group needs, in the order of the document.
import { SEVERITY_WORDS } from '../../contract/problem.ts';
import { parsePeriod, periodEnd } from '../../scheme/period.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { currentProblems } from '../../store/problems.ts';
import { chineseDate, chineseNumber, fileKind, wording } from '../wording.ts';
import { recommendationsModel } from './recommendations.ts';
import { header } from './shared.ts';

/** The organizations the ranking section names; the full ranking is its own document. */
const TOP_ORGANIZATIONS = 5;

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
    SELECT name, rank, tier, total, final_band AS band FROM org_result WHERE period = $1 AND rank IS NOT NULL ORDER BY rank, org_id LIMIT ${TOP_ORGANIZATIONS}`);
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
  const problems = await currentProblems(store, { period });
  const agreement = await q<{ name: string; alpha: number | null }>(`
    SELECT o.name, a.alpha FROM rater_agreement a JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY o.org_id`);
  // Dated from the data, never from the clock: the same data must print the same document.
  const [fill] = await q<{ d: Date | null }>(
    "SELECT max(fill_date) AS d FROM submission WHERE period = $1 AND kind = 'bureau' AND present",
  );
  const p = parsePeriod(period);
  const h = header(scheme, period, '');
  const w = wording(scheme);
  return {
    ...h,
    title: `关于${h.periodLabel}创先争优活动评议情况的报告`,
    year: period.slice(0, 4),
    date: chineseDate(fill?.d ?? (p ? periodEnd(p) : new Date(0))),
    participation: participation
      ? { ...participation, rate: participation.eligible > 0 ? participation.returned / participation.eligible : null }
      : null,
    orgBands,
    memberBands,
    dimensions: scheme.org.dimensions.map((d) => d.label),
    byType,
    trend,
    satisfaction,
    intervalConfidence: w.intervalConfidence,
    flagged: satisfaction.filter((s) => s.flagged).map((s) => s.name),
    topCount: chineseNumber(TOP_ORGANIZATIONS),
    top,
    awards,
    young: young ? { ...young, share: young.members > 0 ? young.young / young.members : null } : null,
    overrides: overrides.map((o) => ({ ...o, on: o.on ? chineseDate(o.on) : '' })),
    files: files.map((f) => ({ ...f, kind: fileKind(f.kind) })),
    problems: problems.map((pr) => ({ ...pr, severity: SEVERITY_WORDS[pr.severity] })),
    agreement,
    method: w.method,
  };
}
