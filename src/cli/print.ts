// What the commands print: results on standard output, problems and failures on standard error,
// a line at a time.
import { formatProblem, problemCounts, problemLines, type Problem } from '../contract/problem.ts';

export const out = (line = '') => process.stdout.write(`${line}\n`);
export const err = (line: string) => process.stderr.write(`${line}\n`);

/** One line per problem on standard error, as read (the roster's, before forms are written). */
export function printProblems(problems: Problem[]): void {
  for (const p of problems) err(formatProblem(p));
}

/** The counts, then the problems grouped by file, on standard output. */
export function printProblemList(problems: Problem[]): void {
  out(problemCounts(problems));
  for (const line of problemLines(problems)) out(line);
}
