// 党组织排名: the organizations directly under the bureau in rank order, with their dimension
// points; then each 党总支's branches, ranked within it (never against the 党总支, see org_rank).
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { wording } from '../wording.ts';
import { groupBy } from '../../base/group-by.ts';
import { header, regionName, regionsOf } from './shared.ts';

interface OrgRow {
  org_id: string;
  region: string | null;
  name: string;
  type: string;
  parent_id: string | null;
  rank: number | null;
  tier: number | null;
  self_total: number | null;
  bureau_total: number | null;
  total: number | null;
  final_band: string | null;
  status: string;
  missing: string[] | null;
  follow_up: boolean;
  satisfaction_flagged: boolean;
  total_change: number | null;
  rank_change: number | null;
  satisfaction_n: number | null;
  overridden: boolean;
  override_reason: string | null;
  override_by: string | null;
  dims: number[];
  commitment_rate: number | null;
}

/** The rows of the whole ranking, each with its organization's 片区. */
function rankingRows(store: Store, period: string): Promise<OrgRow[]> {
  return store.rows<OrgRow>(
    `SELECT r.org_id, g.region, r.name, r.type, r.parent_id, r.rank, r.tier, r.self_total, r.bureau_total, r.total, r.final_band, r.status, r.missing,
            r.follow_up, r.satisfaction_flagged, r.total_change, r.rank_change,
            r.satisfaction_n::INTEGER AS satisfaction_n, r.overridden, r.override_reason, r.override_by,
            (SELECT list(d.final_points ORDER BY d.ord) FROM org_dimension_final d WHERE d.period = r.period AND d.org_id = r.org_id) AS dims,
            c.rate AS commitment_rate
     FROM org_result r LEFT JOIN commitment_rate c ON c.period = r.period AND c.org_id = r.org_id AND c.level = 'all'
     LEFT JOIN current_roster_org g ON g.org_id = r.org_id
     WHERE r.period = $1 ORDER BY r.rank NULLS LAST, r.org_id`,
    [period],
  );
}

export async function orgRankingModel(store: Store, scheme: Scheme, period: string) {
  const all = await rankingRows(store, period);
  return rankingModel(scheme, period, all, names(all));
}

/**
 * A large system's ranking in volumes, one per 片区: each its organizations with their places in
 * the whole system's ranking (a province's 6,000 in one document were 205 pages and 5.9 GB in
 * Chromium); the whole ranking is in results.xlsx.
 */
export async function orgRankingByRegion(store: Store, scheme: Scheme, period: string) {
  const all = (await rankingRows(store, period)).map((r) => ({ ...r, region: regionName(r.region) }));
  const regions = groupBy(all, (r) => r.region);
  return regionsOf(all).map((region) => {
    const model = rankingModel(scheme, period, regions.get(region)!, names(all));
    return { ...model, title: `${model.title}（${region}）`, region, systemCount: all.length };
  });
}

const names = (rows: OrgRow[]) => new Map(rows.map((r) => [r.org_id, r.name]));

/** The ranking of these rows; `names` gives a 党总支's name when its branches are listed without it. */
function rankingModel(scheme: Scheme, period: string, all: OrgRow[], names: Map<string, string>) {
  const w = wording(scheme);
  const table = (rows: OrgRow[]) =>
    rows.map((r, i) => ({
      name: r.name,
      type: r.type,
      rank: r.rank,
      tier: r.tier,
      tierBreak: i > 0 && r.tier !== rows[i - 1]!.tier,
      dimensions: r.dims,
      selfTotal: r.self_total,
      bureauTotal: r.bureau_total,
      total: r.total,
      finalBand: w.orgBand(r.final_band, r.status),
      overridden: r.overridden,
      totalChange: r.total_change,
      rankChange: w.rankChange(r.rank_change),
      satisfactionN: r.satisfaction_n,
      followUp: r.follow_up,
      commitmentRate: r.commitment_rate,
    }));
  const children = groupBy(
    all.filter((r) => r.parent_id !== null),
    (r) => r.parent_id!,
  );
  return {
    ...header(scheme, period, '党组织创先争优评议排名'),
    dimensions: scheme.org.dimensions.map((d) => d.label),
    selfWeight: w.orgWeights.self,
    bureauWeight: w.orgWeights.bureau,
    satisfactionDimension: w.satisfactionDimension,
    satisfactionShare: w.satisfactionShare,
    intervalNote: w.intervalNote,
    commitmentRule: w.commitmentRateRule,
    count: all.length,
    rows: table(all.filter((r) => r.parent_id === null)),
    generalBranches: [...children].map(([parent, rows]) => ({ name: names.get(parent) ?? parent, rows: table(rows) })),
    // Why an organization has no result, or needs follow-up (△ in the table).
    notes: all
      .filter((r) => r.status !== 'ok' || r.follow_up)
      .map((r) =>
        r.status === 'ok' ? `${r.name}：${w.followUp(r)}，需跟进` : `${r.name}：${w.orgStatus(r.status, r.missing)}`,
      ),
    overrides: all
      .filter((r) => r.overridden)
      .map((r) => ({ name: r.name, reason: r.override_reason, by: r.override_by })),
  };
}
