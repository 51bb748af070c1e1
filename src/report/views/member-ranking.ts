// 党员排名: every member of a period, grouped by organization in rank order within it.
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { wording } from '../wording.ts';
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
  veto: string | null;
  trust_rate: number | null;
  fail_share: number | null;
  sanction: string | null;
  ineligible: boolean;
  overridden: boolean;
}

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
}

export async function memberRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<MemberRow>(
    `SELECT m.member_id, m.name, m.org_id, o.name AS org_name, m.rank, m.rank_in_org, m.daily_score, m.review_score,
            m.review_n, m.total, m.final_band, m.status, m.veto, m.trust_rate, m.fail_share, m.sanction, m.ineligible, m.overridden
     FROM member_result m JOIN current_roster_org o USING (org_id)
     WHERE m.period = $1 ORDER BY o.org_id, m.rank_in_org NULLS LAST, m.member_id`,
    [period],
  );
  const w = wording(scheme);
  const groups = new Map<string, { orgId: string; orgName: string; members: RankedMember[] }>();
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
      band: w.memberBand(r.final_band, r.status),
      overridden: r.overridden,
      note: w.memberNote(r),
      branchNote: w.memberNote(r, scheme.branchReport),
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
