// 数据质量报告: for the office, not for filing. Every file read with its rows, every problem
// located to the cell (names and values as typed), the members given the lowest grade by
// name, and how far each branch's raters agreed (Krippendorff's α).
import { SEVERITY_WORDS } from '../../contract/problem.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { cellPlace, fileKind } from '../wording.ts';
import { periodProblems, type PeriodProblems } from './problems.ts';
import { groupBy } from '../../base/group-by.ts';
import { header, regionName, regionsOf } from './shared.ts';
import { WHOLE_SYSTEM_REGION } from '../../contract/roster.ts';

/**
 * Each file of the period with its rows read, used and rejected. Electronic ballots voided over
 * the 优秀 limit were read but are not used: their rows count as rejected (voided says how many).
 */
export async function fileRows(store: Store, period: string) {
  return store.rows<{
    path: string;
    kind: string;
    read: number;
    accepted: number;
    rejected: number;
    voided: number;
    org_id: string | null;
    region: string | null;
  }>(
    `WITH voided AS (
       SELECT b.submission_id, count(*)::INTEGER AS rows FROM current_member_ballot b
       JOIN excellent_quota q ON q.kind = 'ballot' AND q.void AND q.period = b.period AND q.org_id = b.org_id
                             AND q.category = b.category AND q.ballot_id = b.ballot_id
       WHERE b.period = $1 GROUP BY ALL)
     SELECT path, kind, rows_read AS read, rows_accepted - coalesce(v.rows, 0) AS accepted,
            rows_rejected + coalesce(v.rows, 0) AS rejected, coalesce(v.rows, 0) AS voided, s.org_id, g.region
     FROM submission s LEFT JOIN voided v USING (submission_id) LEFT JOIN current_roster_org g ON g.org_id = s.org_id
     WHERE present AND (period = $1 OR period IS NULL) ORDER BY path`,
    [period],
  );
}

/**
 * Problems listed in the PDF, in their order, at most: a province's synthetic forms had 69,000,
 * which Chromium failed to print ("Printing failed"). The rest are counted, and all of them are
 * in results.xlsx's 数据问题 sheet and build.log.
 */
export const PROBLEMS_LISTED = 3000;

/** What the report lists, each row with the 片区 it belongs to (全系统 for a file of no one organization). */
async function qualityRows(store: Store, scheme: Scheme, period: string, problemsOf: PeriodProblems) {
  const q = <T>(sql: string) => store.rows<T>(sql, [period]);
  const files = (await fileRows(store, period)).map((f) => ({
    ...f,
    region: f.org_id === null ? WHOLE_SYSTEM_REGION : regionName(f.region),
  }));
  const regionOfFile = new Map(files.map((f) => [f.path, f.region]));
  const problems = (await problemsOf(period)).map((p) => ({
    ...p,
    region: regionOfFile.get(p.file) ?? WHOLE_SYSTEM_REGION,
  }));
  const agreement = await q<{ org_id: string; region: string | null; name: string; alpha: number | null }>(`
    SELECT o.org_id, o.region, o.name, a.alpha FROM rater_agreement a JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY o.org_id`);
  const lowestBand = scheme.member.bands.at(-1)!.label;
  const lowest = await store.rows<{
    org_id: string;
    region: string | null;
    org: string;
    name: string;
    total: number | null;
  }>(
    `SELECT o.org_id, o.region, o.name AS org, m.name, m.total FROM member_result m JOIN current_roster_org o USING (org_id)
     WHERE m.period = $1 AND m.final_band = $2 ORDER BY o.org_id, m.member_id`,
    [period, lowestBand],
  );
  return {
    files,
    problems,
    agreement: agreement.map((a) => ({ ...a, region: regionName(a.region) })),
    lowestBand,
    lowest: lowest.map((l) => ({ ...l, region: regionName(l.region) })),
  };
}
type QualityRows = Awaited<ReturnType<typeof qualityRows>>;

/** `limit`: problems listed at most; `problemsOf`: the period's problems, if read already. */
interface QualityOptions {
  limit?: number;
  problemsOf?: PeriodProblems;
}

export async function dataQualityModel(store: Store, scheme: Scheme, period: string, o: QualityOptions = {}) {
  const rows = await qualityRows(store, scheme, period, o.problemsOf ?? periodProblems(store, scheme));
  return qualityModel(scheme, period, rows, o.limit ?? PROBLEMS_LISTED);
}

/**
 * A large system's report in volumes: 全系统 (the roster and the files of no one organization)
 * and one per 片区 with its organizations' files, problems, members and agreement, each listing
 * up to `limit` problems (a province's in one were 755 pages, too long for Chromium to lay out).
 */
export async function dataQualityByRegion(store: Store, scheme: Scheme, period: string, o: QualityOptions = {}) {
  const rows = await qualityRows(store, scheme, period, o.problemsOf ?? periodProblems(store, scheme));
  const limit = o.limit ?? PROBLEMS_LISTED;
  const byRegion = <T extends { region: string }>(list: T[]) => {
    const groups = groupBy(list, (r) => r.region);
    return (region: string) => groups.get(region) ?? [];
  };
  const [files, problems, agreement, lowest] = [
    byRegion(rows.files),
    byRegion(rows.problems),
    byRegion(rows.agreement),
    byRegion(rows.lowest),
  ];
  const regions = [
    ...(rows.files.some((f) => f.region === WHOLE_SYSTEM_REGION) ? [WHOLE_SYSTEM_REGION] : []),
    ...regionsOf(rows.files.filter((f): f is typeof f & { org_id: string } => f.org_id !== null)),
  ];
  return regions.map((region) => {
    const model = qualityModel(
      scheme,
      period,
      {
        ...rows,
        files: files(region),
        problems: problems(region),
        agreement: agreement(region),
        lowest: lowest(region),
      },
      limit,
    );
    return { ...model, title: `${model.title}（${region}）`, region };
  });
}

function qualityModel(scheme: Scheme, period: string, rows: QualityRows, limit: number) {
  const { files, problems, agreement, lowestBand, lowest } = rows;
  const h = header(scheme, period, '数据质量报告');
  return {
    ...h,
    files: files.map((f) => ({ ...f, kind: fileKind(f.kind), code: f.kind })),
    totals: files.reduce(
      (t, f) => ({ read: t.read + f.read, accepted: t.accepted + f.accepted, rejected: t.rejected + f.rejected }),
      { read: 0, accepted: 0, rejected: 0 },
    ),
    problems: problems
      .slice(0, limit)
      .map((pr) => ({ ...pr, cell: cellPlace(pr.cell), severity: SEVERITY_WORDS[pr.severity] })),
    unlisted: Math.max(0, problems.length - limit),
    voided: files.reduce((n, f) => n + f.voided, 0),
    errors: problems.filter((pr) => pr.severity === 'error').length,
    warnings: problems.filter((pr) => pr.severity === 'warning').length,
    lowestBand,
    lowest,
    agreement,
  };
}
