// 党员排名: every member of a period, grouped by organization in rank order within it. A member
// 待核实 is told why: each required rater category without a valid result, and the rows about
// them that were rejected.
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { wording, type CategoryGap } from '../wording.ts';
import { groupBy } from '../../base/group-by.ts';
import { header } from './shared.ts';

interface MemberRow {
  member_id: string;
  name: string;
  org_id: string;
  org_name: string;
  rank: number | null;
  rank_in_org: number | null;
  daily_score: number | null;
  review_score: number | null;
  review_n: number | null;
  total: number | null;
  final_band: string | null;
  status: string;
  vetoes: string[] | null;
  trust_rate: number | null;
  fail_share: number | null;
  sanction: string | null;
  ineligible: boolean;
  overridden: boolean;
  gaps: CategoryGap[] | null;
}

/** The required categories a member lacks, as SQL: a list of CategoryGap structs (NULL when none). */
export const MEMBER_GAPS_SQL = `(SELECT list({category: c.category, status: c.status, eligible: c.eligible, returned: c.returned,
           ballots: c.ballots::INTEGER, min_ballots: c.min_ballots} ORDER BY c.category)
    FROM member_review_category c WHERE c.period = m.period AND c.member_id = m.member_id AND c.required AND c.status <> 'valid')`;

interface RankedMember {
  rankInOrg: number | null;
  rank: number | null;
  name: string;
  daily: number | null;
  review: number | null;
  n: number | null;
  total: number | null;
  band: string;
  overridden: boolean;
  /** Everything, for the system's list. */
  note: string;
  /** What the member's own branch report may show (the scheme's branchReport). */
  branchNote: string;
  /** 待核实: a required rater category has no valid result. */
  unverified: boolean;
}

export async function memberRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<MemberRow>(
    `SELECT m.member_id, m.name, m.org_id, o.name AS org_name, m.rank, m.rank_in_org, m.daily_score, m.review_score,
            m.review_n, m.total, m.final_band, m.status, m.vetoes, m.trust_rate, m.fail_share, m.sanction, m.ineligible, m.overridden,
            CASE WHEN m.status = 'unverified' THEN ${MEMBER_GAPS_SQL} END AS gaps
     FROM member_result m JOIN current_roster_org o USING (org_id)
     WHERE m.period = $1 ORDER BY o.org_id, m.rank_in_org NULLS LAST, m.member_id`,
    [period],
  );
  // Rows about a member that were rejected (the cell holds the member's code or name): the
  // reason a category has no votes. Only asked for when someone is 待核实.
  const rejected = rows.some((r) => r.status === 'unverified')
    ? await store.rows<{ member_id: string; sheet: string | null; cell: string | null; message: string }>(
        `SELECT m.member_id, p.sheet, p.cell, p.message
         FROM problem p JOIN submission s USING (submission_id)
         JOIN member_result m ON m.period = s.period AND m.org_id = s.org_id AND p.value IN (m.member_id, m.name)
         WHERE s.present AND s.period = $1 AND p.severity = 'error' AND m.status = 'unverified'
         ORDER BY m.member_id, p.sheet, length(p.cell), p.cell`,
        [period],
      )
    : [];
  const rejectedOf = groupBy(rejected, (r) => r.member_id);
  const w = wording(scheme);
  const groups = new Map<string, { orgId: string; orgName: string; members: RankedMember[] }>();
  for (const r of rows) {
    const g = groups.get(r.org_id) ?? { orgId: r.org_id, orgName: r.org_name, members: [] };
    const gaps = (r.gaps ?? []).map((gap) => w.categoryGap('democraticReview', gap));
    const why = (rejectedOf.get(r.member_id) ?? []).map((p) => w.rejectedRow(p.sheet, p.cell, p.message));
    const noted = { ...r, gaps: why.length > 0 ? [...gaps, ...why] : gaps };
    g.members.push({
      rankInOrg: r.rank_in_org,
      rank: r.rank,
      name: r.name,
      daily: r.daily_score,
      review: r.review_score,
      n: r.review_n,
      total: r.total,
      band: w.memberBand(r.final_band, r.status),
      overridden: r.overridden,
      note: w.memberNote(noted),
      branchNote: w.memberNote(noted, scheme.branchReport),
      unverified: r.status === 'unverified',
    });
    groups.set(r.org_id, g);
  }
  return {
    ...header(scheme, period, '党员民主评议结果'),
    dailyWeight: w.memberWeights.daily,
    reviewWeight: w.memberWeights.review,
    probationaryGraded: w.probationaryGraded,
    count: rows.length,
    groups: [...groups.values()],
  };
}

export type MemberRanking = Awaited<ReturnType<typeof memberRankingModel>>;
