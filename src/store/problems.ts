// The problems that concern the input folder as it is now: those of the files in it, and
// those across files.
import { problemFromColumns, type Problem, type ProblemColumns } from '../contract/problem.ts';
import type { Store } from './db.ts';

/** With a period: the problems of its files and of files of no period, and the folder scan's. */
export async function currentProblems(store: Store, o: { period?: string } = {}): Promise<Problem[]> {
  const inPeriod = o.period === undefined ? '' : 'AND (s.period = $1 OR s.period IS NULL)';
  const rows = await store.rows<ProblemColumns>(
    `
    SELECT coalesce(s.path, p.path) AS path, p.sheet, p.cell, p.value, p.severity, p.message
    FROM problem p LEFT JOIN submission s USING (submission_id)
    WHERE p.scope = 'scan' OR (s.present ${inPeriod})
    ORDER BY p.scope, path, p.severity, p.sheet NULLS FIRST, length(p.cell), p.cell, p.message, p.value`,
    o.period === undefined ? [] : [o.period],
  );
  return rows.map(problemFromColumns);
}
