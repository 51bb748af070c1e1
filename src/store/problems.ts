// The problems that concern the input folder as it is now: those of the files in it, and
// those across files.
import { problemFromColumns, type Problem, type ProblemColumns } from '../contract/problem.ts';
import type { Store } from './db.ts';

export async function currentProblems(store: Store): Promise<Problem[]> {
  const rows = await store.rows<ProblemColumns>(`
    SELECT coalesce(s.path, p.path) AS path, p.sheet, p.cell, p.value, p.severity, p.message
    FROM problem p LEFT JOIN submission s USING (submission_id)
    WHERE p.scope = 'scan' OR s.present
    ORDER BY p.scope, path, p.severity, p.sheet NULLS FIRST, length(p.cell), p.cell, p.message, p.value`);
  return rows.map(problemFromColumns);
}
