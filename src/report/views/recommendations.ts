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
  cap: number;
  at_cut: string | null;
}

export async function recommendationsModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<RecommendationRow>(
    `SELECT a.award, a.position::INTEGER AS position, a.id, a.name, CASE WHEN a.target = 'member' THEN o.name END AS org_name,
            a.total, a.rank, a.cap, a.at_cut
     FROM award_recommendation a LEFT JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY a.award, a.position`,
    [period],
  );
  const w = wording(scheme);
  const byAward = groupBy(rows, (r) => r.award);
  const awards = AWARD_KINDS.map((kind) => {
    const list = byAward.get(kind) ?? [];
    return {
      award: w.awardName(kind),
      rule: w.awardRule(kind),
      places: list[0]?.cap ?? null,
      // More names than places: candidates of equal standing share the last place.
      undecided: list.some((r) => r.at_cut !== null),
      rows: list.map((r) => ({
        position: r.position,
        id: r.id,
        name: r.name,
        org_name: r.org_name,
        total: r.total,
        rank: r.rank,
        note: w.atCut(r.at_cut),
      })),
    };
  });
  return { ...header(scheme, period, '创先争优表彰推荐名单（公示）'), awards };
}
