// 党组织排名: every organization of a period in rank order, with its dimension points.
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { wording } from '../wording.ts';
import { header } from './shared.ts';

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
  commitment_rate: number | null;
}

export async function orgRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<OrgRow>(
    `SELECT r.org_id, r.name, r.type, r.rank, r.tier, r.self_total, r.bureau_total, r.total, r.final_band, r.total_change,
            r.satisfaction_n::INTEGER AS satisfaction_n, r.overridden, r.override_reason, r.override_by,
            (SELECT list(d.final_points ORDER BY d.ord) FROM org_dimension_final d WHERE d.period = r.period AND d.org_id = r.org_id) AS dims,
            c.rate AS commitment_rate
     FROM org_result r LEFT JOIN commitment_rate c ON c.period = r.period AND c.org_id = r.org_id AND c.level = 'all'
     WHERE r.period = $1 ORDER BY r.rank NULLS LAST, r.org_id`,
    [period],
  );
  const w = wording(scheme);
  return {
    ...header(scheme, period, '党组织创先争优评议排名'),
    dimensions: scheme.org.dimensions.map((d) => d.label),
    selfWeight: w.orgWeights.self,
    bureauWeight: w.orgWeights.bureau,
    satisfactionDimension: w.satisfactionDimension,
    satisfactionShare: w.satisfactionShare,
    intervalNote: w.intervalNote,
    commitmentRule: w.commitmentRateRule,
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
      finalBand: w.orgBand(r.final_band),
      overridden: r.overridden,
      totalChange: r.total_change,
      satisfactionN: r.satisfaction_n,
      commitmentRate: r.commitment_rate,
    })),
    overrides: rows
      .filter((r) => r.overridden)
      .map((r) => ({ name: r.name, reason: r.override_reason, by: r.override_by })),
  };
}
