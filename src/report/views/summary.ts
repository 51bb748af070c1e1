// 总体情况报告: everything the leading group needs, in the order of the document.
import { SEVERITY_WORDS } from '../../contract/problem.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { cellPlace, chineseDate, chineseNumber, fileKind, wording, type CategoryGap } from '../wording.ts';
import { allProblems } from './problems.ts';
import { recommendationsModel } from './recommendations.ts';
import { dataDate, header } from './shared.ts';

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
           (SELECT count(*)::INTEGER FROM org_return WHERE period = $1 AND returned) AS forms,
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
    SELECT name, rank, tier, total, final_band AS band FROM org_result WHERE period = $1 AND rank IS NOT NULL AND parent_id IS NULL ORDER BY rank, org_id LIMIT ${TOP_ORGANIZATIONS}`);
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
  // Electronic ballots voided over the 优秀 limit were read, but are not used: rejected rows.
  const files = await q<{
    path: string;
    kind: string;
    read: number;
    accepted: number;
    rejected: number;
    voided: number;
  }>(`
    WITH voided AS (
      SELECT b.submission_id, count(DISTINCT b.sheet || ':' || b.row_no)::INTEGER AS rows FROM current_member_ballot b
      JOIN excellent_quota q ON q.kind = 'ballot' AND q.void AND q.period = b.period AND q.org_id = b.org_id AND q.category = b.category AND q.ballot_id = b.ballot_id
      WHERE b.period = $1 GROUP BY ALL)
    SELECT path, kind, rows_read AS read, rows_accepted - coalesce(v.rows, 0) AS accepted, rows_rejected + coalesce(v.rows, 0) AS rejected,
           coalesce(v.rows, 0) AS voided
    FROM submission LEFT JOIN voided v USING (submission_id)
    WHERE present AND (period = $1 OR period IS NULL) ORDER BY path`);
  const problems = await allProblems(store, scheme, { period });
  // What the data lacked or broke, for the sections that name it.
  const lacking = await q<{
    name: string;
    status: string;
    missing: string[] | null;
    follow_up: boolean;
    satisfaction_flagged: boolean;
    gaps: CategoryGap[] | null;
  }>(`
    SELECT r.name, r.status, r.missing, r.follow_up, r.satisfaction_flagged,
           (SELECT list({category: s.category, status: s.status, eligible: s.eligible, returned: s.returned, ballots: s.valid::INTEGER,
                         min_ballots: s.min_ballots} ORDER BY s.category)
            FROM org_satisfaction_category s WHERE s.period = r.period AND s.org_id = r.org_id AND s.required AND s.status <> 'valid') AS gaps
    FROM org_result r WHERE r.period = $1 AND (r.status <> 'ok' OR r.follow_up) ORDER BY r.org_id`);
  const [unverified] = await q<{ n: number; orgs: string[] | null }>(`
    SELECT count(*)::INTEGER AS n, list(DISTINCT o.name ORDER BY o.name) AS orgs
    FROM member_result m JOIN current_roster_org o USING (org_id) WHERE m.period = $1 AND m.status = 'unverified'`);
  const breaches = await q<{ code: string; severity: string; n: number }>(`
    SELECT code, severity, count(*)::INTEGER AS n FROM scoring_problem
    WHERE period = $1 AND code IN ('excellent_tally', 'excellent_ballot') GROUP BY ALL ORDER BY ALL`);
  const agreement = await q<{ name: string; alpha: number | null }>(`
    SELECT o.name, a.alpha FROM rater_agreement a JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY o.org_id`);
  const dated = await dataDate(store, period);
  const h = header(scheme, period, '');
  const w = wording(scheme);
  return {
    ...h,
    title: `关于${h.periodLabel}创先争优活动评议情况的报告`,
    year: period.slice(0, 4),
    date: chineseDate(dated),
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
    // Needing follow-up without a valid satisfaction result, with why.
    invalidSatisfaction: lacking
      .filter((o) => o.follow_up && !o.satisfaction_flagged)
      .map((o) => ({ name: o.name, why: (o.gaps ?? []).map((g) => w.categoryGap('satisfaction', g)).join('；') })),
    notReturned: lacking.filter((o) => o.status === 'not_returned').map((o) => o.name),
    insufficient: lacking
      .filter((o) => o.status === 'insufficient')
      .map((o) => ({ name: o.name, why: w.orgMissing(o.missing) })),
    unverified: unverified && unverified.n > 0 ? { n: unverified.n, orgs: unverified.orgs ?? [] } : null,
    breaches: w.excellentBreaches(breaches),
    topCount: chineseNumber(TOP_ORGANIZATIONS),
    top,
    awards,
    young: young ? { ...young, share: young.members > 0 ? young.young / young.members : null } : null,
    overrides: overrides.map((o) => ({ ...o, on: o.on ? chineseDate(o.on) : '' })),
    files: files.map((f) => ({ ...f, kind: fileKind(f.kind) })),
    problems: problems.map((pr) => ({ ...pr, cell: cellPlace(pr.cell), severity: SEVERITY_WORDS[pr.severity] })),
    agreement,
    method: w.method,
  };
}
