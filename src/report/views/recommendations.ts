// 表彰推荐名单（公示）: each award's list in the order the rules drew it up.
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { AWARD_KINDS, wording } from '../wording.ts';
import { groupBy, header } from './shared.ts';

interface RecommendationRow {
  award: string;
  position: number;
  id: string;
  name: string;
  org_name: string | null;
  total: number | null;
  rank: number | null;
  tie_at_cut: boolean;
  withheld: string | null;
  unkept: { content: string; status: string }[] | null;
}

export async function recommendationsModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<RecommendationRow>(
    `SELECT a.award, a.position::INTEGER AS position, a.id, a.name, CASE WHEN a.target = 'member' THEN o.name END AS org_name,
            a.total, a.rank, a.tie_at_cut, a.withheld,
            CASE WHEN a.withheld IS NOT NULL THEN
              (SELECT list({'content': c.content, 'status': c.status} ORDER BY c.made_in, c.sheet, c.row_no)
               FROM commitment_status c WHERE c.period = a.period AND c.member_id = a.id AND c.unexcused) END AS unkept
     FROM award_recommendation a LEFT JOIN current_roster_org o USING (org_id)
     WHERE a.period = $1 ORDER BY a.award, a.position NULLS LAST, a.rank, a.id`,
    [period],
  );
  const w = wording(scheme);
  const byAward = groupBy(rows, (r) => r.award);
  const row = (r: RecommendationRow) => ({
    position: r.position,
    id: r.id,
    name: r.name,
    org_name: r.org_name,
    total: r.total,
    rank: r.rank,
    note: r.withheld ? w.withheldNote(r.withheld, r.unkept ?? []) : w.tieNote(r.tie_at_cut),
  });
  const awards = AWARD_KINDS.map((kind) => ({
    award: w.awardName(kind),
    rule: w.awardRule(kind),
    rows: (byAward.get(kind) ?? []).filter((r) => r.withheld === null).map(row),
    // Met the award's conditions but kept off the list by a rule the committee may set aside.
    withheld: (byAward.get(kind) ?? []).filter((r) => r.withheld !== null).map(row),
  }));
  return { ...header(scheme, period, '创先争优表彰推荐名单（公示）'), awards, unkeptRule: w.unkeptRule };
}
