// 总体情况报告: the report filed upward as a 公文 (GB/T 9704), in the order of the document.
// The technical detail (files, every problem, rater agreement, names) is the internal
// 数据质量报告's (data-quality.ts); this report says in words what the data were.
import { parsePeriod, periodLabel } from '../../scheme/period.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import type { DocumentsSettings } from '../documents-file.ts';
import { relativeStrengths } from '../strengths.ts';
import { emWidth, titleLines } from '../title-lines.ts';
import {
  chineseDate,
  chineseNumber,
  documentNumber,
  standingWords,
  tableDate,
  wording,
  type CategoryGap,
} from '../wording.ts';
import { awardNoticeModel } from './awards.ts';
import { fileRows } from './data-quality.ts';
import { periodProblems, type PeriodProblems } from './problems.ts';
import { groupBy } from '../../base/group-by.ts';
import { closing, header, regionName, regionsOf } from './shared.ts';

/** The organizations the ranking section names; the full ranking is its own document. */
const TOP_ORGANIZATIONS = 5;

/** The type block's width in em of a 2号 (22 pt) title: 156 mm. */
const TITLE_LINE_EM = Math.floor(156 / 25.4 / (22 / 72));
/** The 发文机关标志 fills at most the block's width (156 mm ≈ 442 pt), at most 2号 × 1.6. */
const MARK_MAX_PT = 36;
const BLOCK_PT = 442;

interface CommitmentFigures {
  commitments: number;
  kept: number;
  partial: number;
  unkept: number;
  postponed: number;
  not_due: number;
  due: number;
  rate: number | null;
  carried_in: number;
  carries_forward: number;
  committed: number;
  members: number | null;
  unexcused_members: number;
}

/** A statement several organizations share, with how many said it: the 领导点评's gist. */
function gist(texts: (string | null)[]): { text: string; orgs: number }[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    // Without its closing stop: the sentence goes on with the count.
    const text = t?.trim().replace(/[。；;.]+$/, '');
    if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  // Most shared first; equal counts in the order they were first written.
  return [...counts].map(([text, orgs]) => ({ text, orgs })).sort((a, b) => b.orgs - a.orgs);
}

export async function summaryModel(
  store: Store,
  scheme: Scheme,
  period: string,
  documents: DocumentsSettings,
  problemsOf: PeriodProblems = periodProblems(store, scheme),
) {
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
  const lowestBand = scheme.member.bands.at(-1)!.label;
  const [members] = await store.rows<{ probationary: number; vetoed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'probationary')::INTEGER AS probationary,
            count(*) FILTER (WHERE vetoes IS NOT NULL AND final_band = $2)::INTEGER AS vetoed
     FROM member_result WHERE period = $1`,
    [period, lowestBand],
  );
  const byType = await q<{ type: string; n: number; dims: number[]; total: number }>(`
    SELECT type, max(n)::INTEGER AS n, list(avg ORDER BY ord) AS dims,
           (SELECT avg(total) FROM org_result r WHERE r.period = $1 AND r.type = t.type) AS total
    FROM (SELECT o.type, d.dimension, d.ord, avg(d.final_points) AS avg, count(DISTINCT d.org_id) AS n
          FROM org_dimension_final d JOIN current_roster_org o USING (org_id) WHERE d.period = $1 GROUP BY ALL) t
    GROUP BY type ORDER BY type`);
  const system = await q<{ avg: number | null; spread: number | null }>(`
    SELECT avg(final_points) AS avg, stddev_pop(final_points) AS spread
    FROM org_dimension_final WHERE period = $1 AND final_points IS NOT NULL GROUP BY dimension, ord ORDER BY ord`);
  // Up to this period: a report never shows what came after it.
  const trend = await q<{ period: string; org_avg: number; member_avg: number | null }>(`
    SELECT o.period, avg(o.total) AS org_avg, (SELECT avg(total) FROM member_result m WHERE m.period = o.period) AS member_avg
    FROM org_result o WHERE o.total IS NOT NULL AND o.period <= $1 GROUP BY o.period ORDER BY o.period`);
  // The per-organization rows of 附件2 and 3, with each one's 片区 for a large system's regional volumes.
  const satisfaction = await q<{
    org_id: string;
    region: string | null;
    name: string;
    rate: number | null;
    low: number | null;
    high: number | null;
    n: number | null;
    flagged: boolean;
    invalid: boolean;
  }>(`
    SELECT r.org_id, g.region, r.name, r.satisfaction_rate AS rate, r.rate_low AS low, r.rate_high AS high, r.satisfaction_n::INTEGER AS n,
           r.satisfaction_flagged AS flagged, r.follow_up AND NOT r.satisfaction_flagged AS invalid
    FROM org_result r LEFT JOIN current_roster_org g USING (org_id) WHERE r.period = $1 ORDER BY r.satisfaction_rate DESC NULLS LAST, r.org_id`);
  const top = await q<{ name: string; rank: number; tier: number; total: number; band: string }>(`
    SELECT name, rank, tier, total, final_band AS band FROM org_result WHERE period = $1 AND rank IS NOT NULL AND parent_id IS NULL ORDER BY rank, org_id LIMIT ${TOP_ORGANIZATIONS}`);
  const notice = await awardNoticeModel(store, scheme, period, documents);
  const awards = notice && {
    draft: notice.draft,
    list: notice.awards.map((a) => ({ name: a.name, count: a.count, unit: a.unit, names: a.rows.map((r) => r.name) })),
  };
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
  // 看票不唯票: every decision is shown, with who took it, when and why.
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
  const commitments = await q<CommitmentFigures & { level: string }>(`
    SELECT level, commitments, kept, partial, unkept, postponed, not_due, due, rate, carried_in, carries_forward,
           committed, members, unexcused_members
    FROM commitment_rate WHERE period = $1 AND org_id IS NULL`);
  const orgCommitments = await q<{
    org_id: string;
    region: string | null;
    name: string;
    commitments: number | null;
    due: number | null;
    kept: number | null;
    partial: number | null;
    unkept: number | null;
    rate: number | null;
    carries_forward: number | null;
    young: number | null;
    paired: number | null;
  }>(`
    SELECT o.org_id, g.region, o.name, c.commitments, c.due, c.kept, c.partial, c.unkept, c.rate, c.carries_forward,
           p.young_members AS young, p.young_paired AS paired
    FROM org_result o
    LEFT JOIN current_roster_org g USING (org_id)
    LEFT JOIN commitment_rate c ON c.period = o.period AND c.org_id = o.org_id AND c.level = 'all'
    LEFT JOIN pair_coverage p ON p.period = o.period AND p.org_id = o.org_id
    WHERE o.period = $1 ORDER BY o.org_id`);
  const carriedOrg = await q<{
    org_id: string;
    region: string | null;
    org: string;
    category: string | null;
    content: string;
    status: string;
    deadline: Date | null;
  }>(`
    SELECT c.org_id, o.region, o.name AS org, c.category, c.content, c.status, c.deadline
    FROM commitment_status c JOIN current_roster_org o USING (org_id)
    WHERE c.period = $1 AND c.level = 'org' AND c.carries_forward ORDER BY c.org_id, c.sheet, c.row_no`);
  const [dropped] = await q<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM commitment_carryover WHERE period = $1 AND NOT reported',
  );
  const [pairs] = await q<{ pairs: number; mentors: number; young: number; paired: number; coverage: number | null }>(`
    SELECT pairs, mentors, young_members AS young, young_paired AS paired, coverage FROM pair_coverage WHERE period = $1 AND org_id IS NULL`);
  const comments = await q<{ problems: string | null; direction: string | null }>(`
    SELECT problems, direction FROM current_review_comment WHERE period = $1 ORDER BY org_id`);
  const rows = await fileRows(store, period);
  const files = rows.reduce(
    (t, f) => ({
      files: t.files + 1,
      read: t.read + f.read,
      accepted: t.accepted + f.accepted,
      rejected: t.rejected + f.rejected,
    }),
    { files: 0, read: 0, accepted: 0, rejected: 0 },
  );
  const problems = await problemsOf(period);
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
  const { organ, date } = await closing(store, scheme, period, documents);
  const p = parsePeriod(period);
  const h = header(scheme, period, '');
  const w = wording(scheme);
  const mark = documents.mark ?? `${organ}文件`;
  const year = p?.year ?? Number(period.slice(0, 4));
  const dimensionLabels = scheme.org.dimensions.map((d) => d.label);
  const standing = (dims: number[]) =>
    standingWords(
      relativeStrengths(
        dimensionLabels.map((label, i) => ({
          label,
          points: dims[i] ?? null,
          average: system[i]?.avg ?? null,
          spread: system[i]?.spread ?? null,
        })),
      ),
    );
  const errors = problems.filter((x) => x.severity === 'error').length;
  const upward = documents.direction === 'upward';
  return {
    ...h,
    title: `关于${h.periodLabel}创先争优活动评议情况的报告`,
    titleLines: titleLines(['关于', h.periodLabel, '创先争优活动', '评议情况的报告'], TITLE_LINE_EM),
    organ,
    mark,
    // One line, as large as fits the block: a long organ name is set smaller, never wrapped.
    markSize: Math.min(MARK_MAX_PT, Math.floor((BLOCK_PT / emWidth(mark)) * 10) / 10),
    number: documents.code ? documentNumber(documents.code, year, documents.numbers[period]) : null,
    upward,
    signer: upward ? (documents.signer ?? null) : null,
    addressee: documents.addressee ?? (upward ? '区委' : '局创先争优活动领导小组'),
    copyTo: documents.copyTo,
    printedBy: documents.printedBy ?? organ,
    contact: documents.contact ?? null,
    date,
    // 右空四字, or more when the organ's name, centred over the date, would otherwise overrun the block.
    dateRightEm: Math.max(4, (emWidth(organ) - emWidth(date)) / 2),
    participation: participation
      ? { ...participation, rate: participation.eligible > 0 ? participation.returned / participation.eligible : null }
      : null,
    orgBands,
    memberBands,
    probationary: members?.probationary ?? 0,
    lowestBand,
    lowest: memberBands.find((b) => b.band === lowestBand)?.n ?? 0,
    vetoed: members?.vetoed ?? 0,
    dimensions: dimensionLabels,
    systemAverages: system.map((s) => s.avg),
    systemCount: byType.reduce((n, t) => n + t.n, 0),
    systemTotal: trend.at(-1)?.period === period ? trend.at(-1)!.org_avg : null,
    byType: byType.map((t) => ({ ...t, standing: standing(t.dims) })),
    trend: trend.map((t) => {
      const tp = parsePeriod(t.period);
      return { ...t, label: tp ? periodLabel(scheme, tp) : t.period };
    }),
    satisfaction: satisfaction.map((s) => ({ ...s, region: regionName(s.region) })),
    intervalConfidence: w.intervalConfidence,
    followUpBelow: w.followUpBelow,
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
    pairs: pairs ?? null,
    commitments: commitmentFigures(commitments, carriedOrg.length, dropped?.n ?? 0),
    commitmentRule: w.commitmentRateRule,
    unkeptRule: w.unkeptRule,
    orgCommitments: orgCommitments.map((c) => ({ ...c, region: regionName(c.region) })),
    carriedOrg: carriedOrg.map((c) => ({
      org_id: c.org_id,
      region: regionName(c.region),
      org: c.org,
      category: w.commitmentCategory(c.category, 'org'),
      content: c.content,
      status: w.commitmentStatus(c.status),
      deadline: c.deadline ? tableDate(c.deadline) : null,
    })),
    overrides: overrides.map((o) => ({ ...o, on: o.on ? chineseDate(o.on) : '' })),
    problemsNamed: gist(comments.map((c) => c.problems)),
    nextSteps: gist(comments.map((c) => c.direction)),
    data: { ...files, errors, warnings: problems.length - errors, problems: problems.length },
    method: w.method,
  };
}

export type SummaryModel = Awaited<ReturnType<typeof summaryModel>>;

/**
 * A large system's report split by 片区: the report itself, whose 附件2 and 3 say they are issued
 * in volumes, and one volume per 片区 with those two attachments for its organizations (the
 * province's 6,000 rows each made the report 957 pages, too long for Chromium to lay out).
 */
export function summaryByRegion(summary: SummaryModel) {
  const regions = regionsOf(summary.orgCommitments);
  const commitments = groupBy(summary.orgCommitments, (r) => r.region);
  const carried = groupBy(summary.carriedOrg, (r) => r.region);
  const satisfaction = groupBy(summary.satisfaction, (r) => r.region);
  return {
    whole: {
      ...summary,
      orgCommitments: [],
      carriedOrg: [],
      satisfaction: [],
      volumes: { count: chineseNumber(regions.length), regions },
      // The body's lists of organizations, thousands of names in a province: counted, and said where they are.
      notReturned: [],
      insufficient: [],
      flagged: [],
      invalidSatisfaction: [],
      unverified: summary.unverified && { n: summary.unverified.n, orgs: [] },
      counted: {
        notReturned: summary.notReturned.length,
        insufficient: summary.insufficient.length,
        flagged: summary.flagged.length,
        invalid: summary.invalidSatisfaction.length,
        unverifiedOrgs: summary.unverified?.orgs.length ?? 0,
      },
    },
    volumes: regions.map((region) => ({
      title: `${summary.title}附件2、3（${region}）`,
      region,
      periodLabel: summary.periodLabel,
      organizations: commitments.get(region)?.length ?? 0,
      orgCommitments: commitments.get(region) ?? [],
      carriedOrg: carried.get(region) ?? [],
      satisfaction: satisfaction.get(region) ?? [],
      commitmentRule: summary.commitmentRule,
      intervalConfidence: summary.intervalConfidence,
      followUpBelow: summary.followUpBelow,
      organ: summary.organ,
      date: summary.date,
    })),
  };
}

/** The system's 公开承诺 figures, all commitments with the organizations' and members' shares; null when none. */
function commitmentFigures(rows: (CommitmentFigures & { level: string })[], carriedOrg: number, dropped: number) {
  const all = rows.find((r) => r.level === 'all');
  if (!all) return null;
  const member = rows.find((r) => r.level === 'member');
  return {
    ...all,
    org: rows.find((r) => r.level === 'org')?.commitments ?? 0,
    member: member?.commitments ?? 0,
    carriedOrg,
    carriedMember: all.carries_forward - carriedOrg,
    withoutCommitment: member ? Math.max(0, (member.members ?? 0) - member.committed) : 0,
    dropped,
  };
}
