// 数据质量报告: for the office, not for filing. Every file read with its rows, every problem
// located to the cell (names and values as typed), the members given the lowest grade by
// name, and how far each branch's raters agreed (Krippendorff's α).
import { SEVERITY_WORDS } from '../../contract/problem.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { currentProblems } from '../../store/problems.ts';
import { fileKind } from '../wording.ts';
import { header } from './shared.ts';

export async function dataQualityModel(store: Store, scheme: Scheme, period: string) {
  const q = <T>(sql: string) => store.rows<T>(sql, [period]);
  const files = await q<{ path: string; kind: string; read: number; accepted: number; rejected: number }>(`
    SELECT path, kind, rows_read AS read, rows_accepted AS accepted, rows_rejected AS rejected FROM submission
    WHERE present AND (period = $1 OR period IS NULL) ORDER BY path`);
  const problems = await currentProblems(store, { period });
  const agreement = await q<{ name: string; alpha: number | null }>(`
    SELECT o.name, a.alpha FROM rater_agreement a JOIN current_roster_org o USING (org_id) WHERE a.period = $1 ORDER BY o.org_id`);
  const lowestBand = scheme.member.bands.at(-1)!.label;
  const lowest = await store.rows<{ org: string; name: string; total: number | null }>(
    `SELECT o.name AS org, m.name, m.total FROM member_result m JOIN current_roster_org o USING (org_id)
     WHERE m.period = $1 AND m.final_band = $2 ORDER BY o.org_id, m.member_id`,
    [period, lowestBand],
  );
  const h = header(scheme, period, '数据质量报告');
  return {
    ...h,
    files: files.map((f) => ({ ...f, kind: fileKind(f.kind), code: f.kind })),
    totals: files.reduce(
      (t, f) => ({ read: t.read + f.read, accepted: t.accepted + f.accepted, rejected: t.rejected + f.rejected }),
      { read: 0, accepted: 0, rejected: 0 },
    ),
    problems: problems.map((pr) => ({ ...pr, severity: SEVERITY_WORDS[pr.severity] })),
    errors: problems.filter((pr) => pr.severity === 'error').length,
    warnings: problems.filter((pr) => pr.severity === 'warning').length,
    lowestBand,
    lowest,
    agreement,
  };
}
