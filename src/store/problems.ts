// The problems that concern the input folder as it is now.
import type { Problem } from '../contract/problem.ts';
import type { Store } from './db.ts';

interface ProblemRecord {
  path: string;
  sheet: string | null;
  cell: string | null;
  value: string | null;
  severity: 'error' | 'warning';
  message: string;
}

/** With a period: the problems of its files and of files of no period, and the folder scan's. */
export async function currentProblems(store: Store, o: { period?: string } = {}): Promise<Problem[]> {
  const inPeriod = o.period === undefined ? '' : 'AND (s.period = $1 OR s.period IS NULL)';
  const rows = await store.rows<ProblemRecord>(
    `
    SELECT coalesce(s.path, p.path) AS path, p.sheet, p.cell, p.value, p.severity, p.message
    FROM problem p LEFT JOIN submission s USING (submission_id)
    WHERE p.scope = 'scan' OR (s.present ${inPeriod})
    ORDER BY p.scope, path, p.severity, p.sheet NULLS FIRST, length(p.cell), p.cell, p.message, p.value`,
    o.period === undefined ? [] : [o.period],
  );
  return rows.map((r) => ({
    severity: r.severity,
    file: r.path,
    message: r.message,
    ...(r.sheet !== null && { sheet: r.sheet }),
    ...(r.cell !== null && { cell: r.cell }),
    ...(r.value !== null && { value: r.value }),
  }));
}
