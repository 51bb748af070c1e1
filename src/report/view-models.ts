// View models: what each document shows, read from the result tables in SQL and shaped
// for a template. No scoring happens here.
import { parsePeriod, periodLabel } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';

export interface DocumentHeader {
  title: string;
  issuer: string;
  period: string;
  periodLabel: string;
}

function header(scheme: Scheme, period: string, title: string): DocumentHeader {
  const p = parsePeriod(period);
  return { title: `${p ? periodLabel(scheme, p) : period}${title}`, issuer: scheme.issuer, period, periodLabel: p ? periodLabel(scheme, p) : period };
}

export async function resultPeriods(store: Store): Promise<string[]> {
  return (await store.rows<{ period: string }>('SELECT DISTINCT period FROM org_result WHERE total IS NOT NULL ORDER BY period')).map((r) => r.period);
}

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
}

export async function orgRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<OrgRow>(
    `SELECT r.org_id, r.name, r.type, r.rank, r.tier, r.self_total, r.bureau_total, r.total, r.final_band, r.total_change,
            r.satisfaction_n::INTEGER AS satisfaction_n, r.overridden, r.override_reason, r.override_by,
            (SELECT list(d.final_points ORDER BY d.ord) FROM org_dimension_final d WHERE d.period = r.period AND d.org_id = r.org_id) AS dims
     FROM org_result r WHERE r.period = $1 ORDER BY r.rank NULLS LAST, r.org_id`,
    [period],
  );
  const z = scheme.ranking.intervalZ;
  return {
    ...header(scheme, period, '党组织创先争优评议排名'),
    dimensions: scheme.org.dimensions.map((d) => d.label),
    selfWeight: `${scheme.weights.org.self * 100}%`,
    bureauWeight: `${scheme.weights.org.bureau * 100}%`,
    satisfactionShare: `${scheme.org.satisfaction.dimensionShare * 100}%`,
    intervalNote: `满意度测评的抽样误差，z = ${z}`,
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
      finalBand: r.final_band ?? '数据不足',
      overridden: r.overridden,
      totalChange: r.total_change,
      satisfactionN: r.satisfaction_n,
    })),
    overrides: rows.filter((r) => r.overridden).map((r) => ({ name: r.name, reason: r.override_reason, by: r.override_by })),
  };
}

interface MemberRow {
  member_id: string;
  name: string;
  org_id: string;
  org_name: string;
  member_status: string;
  rank: number | null;
  rank_in_org: number | null;
  daily_score: number | null;
  review_score: number | null;
  review_n: number | null;
  total: number | null;
  final_band: string | null;
  status: string;
  veto_reason: string | null;
  sanction: string | null;
  overridden: boolean;
}

const STATUS_TEXT: Record<string, string> = {
  ok: '',
  probationary: '预备党员，不评定等次',
  too_few: '票数不足，数据不足',
  low_participation: '参评人数不足三分之二，评议无效',
  void: '收回票数多于发出票数，评议无效',
  no_daily_record: '缺少日常量化得分',
};

export async function memberRankingModel(store: Store, scheme: Scheme, period: string) {
  const rows = await store.rows<MemberRow>(
    `SELECT m.member_id, m.name, m.org_id, o.name AS org_name, m.member_status, m.rank, m.rank_in_org, m.daily_score, m.review_score,
            m.review_n, m.total, m.final_band, m.status, m.veto_reason, m.sanction, m.overridden
     FROM member_result m JOIN current_roster_org o USING (org_id)
     WHERE m.period = $1 ORDER BY o.org_id, m.rank_in_org NULLS LAST, m.member_id`,
    [period],
  );
  const groups = new Map<string, { orgName: string; members: object[] }>();
  for (const r of rows) {
    const g = groups.get(r.org_id) ?? { orgName: r.org_name, members: [] };
    g.members.push({
      rankInOrg: r.rank_in_org,
      rank: r.rank,
      name: r.name,
      daily: r.daily_score,
      review: r.review_score,
      n: r.review_n,
      total: r.total,
      band: r.final_band ?? (r.status === 'probationary' ? '—' : '数据不足'),
      overridden: r.overridden,
      note: [STATUS_TEXT[r.status] ?? r.status, r.veto_reason && `一票否决：${r.veto_reason}`, r.sanction && `受${r.sanction}处分，不参加评优`].filter(Boolean).join('；'),
    });
    groups.set(r.org_id, g);
  }
  return {
    ...header(scheme, period, '党员民主评议结果'),
    dailyWeight: `${scheme.weights.member.dailyRecord * 100}%`,
    reviewWeight: `${scheme.weights.member.democraticReview * 100}%`,
    count: rows.length,
    groups: [...groups.values()],
  };
}
