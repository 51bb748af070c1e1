// Every problem for people in one list: the reading's, from the store, and the scoring's
// (scoring_problem: breaches of the 优秀 limit, invalid rounds, categories without ballots, a
// decision's 同意 an override undoes; and, counted here in the scheme's working-day calendar, a
// 表彰决定 dated before its 公示 ends), worded by wording.ts. build.log, the summary, the
// organizations' reports and results.xlsx all read it.
import type { Problem } from '../../contract/problem.ts';
import { awardRound, noticePeriod } from '../../scheme/awards.ts';
import type { Scheme } from '../../scheme/schema.ts';
import type { Store } from '../../store/db.ts';
import { currentProblems } from '../../store/problems.ts';
import { chineseDate, wording, type ScoringProblemRow } from '../wording.ts';
import { documentDate } from './shared.ts';

/** A problem the scoring found, with the organization and period it concerns. */
export type ScoringProblem = Problem & { orgId: string; period: string };

/** The scoring's problems, of one period or of all; in file order. */
export async function scoringProblems(
  store: Store,
  scheme: Scheme,
  o: { period?: string } = {},
): Promise<ScoringProblem[]> {
  const rows = await store.rows<
    ScoringProblemRow & { path: string | null; sheet: string | null; row_no: number | null }
  >(
    `SELECT p.*, s.path FROM scoring_problem p LEFT JOIN submission s USING (submission_id)
     ${o.period === undefined ? '' : 'WHERE p.period = $1'}
     ORDER BY s.path NULLS FIRST, p.period, p.org_id, p.severity, p.sheet NULLS FIRST, p.row_no NULLS FIRST, p.code, p.category, p.ballot_id`,
    o.period === undefined ? [] : [o.period],
  );
  const w = wording(scheme);
  return rows
    .map((r): ScoringProblem => ({
      severity: r.severity === 'error' ? 'error' : 'warning',
      file: r.path ?? '',
      ...(r.sheet !== null && { sheet: r.sheet }),
      ...(r.row_no !== null && { cell: String(r.row_no) }),
      ...(r.ballot_id !== null && { value: r.ballot_id }),
      message: w.scoringProblem(r),
      orgId: r.org_id,
      period: r.period,
    }))
    .concat(await earlyDecisions(store, scheme, o));
}

/**
 * A 表彰决定 (award_document) dated on or before the last day of its period's 公示 — the
 * 公示 counted from the documents' date (documentDate) in the scheme's working days — is
 * reported at the decision form's row: the committee decides after the 公示 and its objections.
 */
async function earlyDecisions(store: Store, scheme: Scheme, o: { period?: string }): Promise<ScoringProblem[]> {
  const docs = await store.rows<{ period: string; doc_date: Date; sheet: string; row_no: number; path: string | null }>(
    `SELECT d.period, d.doc_date, d.sheet, d.row_no, s.path FROM current_award_document d LEFT JOIN submission s USING (submission_id)
     ${o.period === undefined ? '' : 'WHERE d.period = $1'} ORDER BY d.period, s.path, d.row_no`,
    o.period === undefined ? [] : [o.period],
  );
  const w = wording(scheme);
  const problems: ScoringProblem[] = [];
  for (const d of docs) {
    const round = awardRound(scheme, d.period);
    if (!round) continue;
    const { to } = noticePeriod(scheme, await documentDate(store, d.period), round.noticeDays);
    if (d.doc_date.getTime() > to.getTime()) continue;
    const row = { code: 'decided_before_notice', period: d.period, doc_date: d.doc_date, notice_to: to };
    problems.push({
      severity: 'warning',
      file: d.path ?? '',
      sheet: d.sheet,
      cell: String(d.row_no),
      value: chineseDate(d.doc_date),
      message: w.scoringProblem(row as ScoringProblemRow),
      orgId: '',
      period: d.period,
    });
  }
  return problems;
}

/** A period's problems (allProblems), asked for by the render stage's key and by several documents. */
export type PeriodProblems = (period: string) => Promise<Problem[]>;

/**
 * Each period's problems read once: the render stage's key, the summary, the data-quality report
 * and results.xlsx all need them (a province's 69,000 took 1.8 s to read, each time).
 */
export function periodProblems(store: Store, scheme: Scheme): PeriodProblems {
  const read = new Map<string, Promise<Problem[]>>();
  return (period) => {
    let problems = read.get(period);
    if (!problems) read.set(period, (problems = allProblems(store, scheme, { period })));
    return problems;
  };
}

/** The reading's problems and the scoring's, each file's together (the scoring's after the reading's). */
export async function allProblems(store: Store, scheme: Scheme, o: { period?: string } = {}): Promise<Problem[]> {
  const reading = await currentProblems(store, o);
  const scoring = (await scoringProblems(store, scheme, o)).map(({ orgId: _o, period: _p, ...p }) => p);
  const order = new Map<string, number>();
  for (const p of [...reading, ...scoring]) if (!order.has(p.file)) order.set(p.file, order.size);
  // A stable sort: each file's problems keep their order, files keep the reading's order.
  return [...reading, ...scoring].sort((a, b) => order.get(a.file)! - order.get(b.file)!);
}
