// What the commands print: results on standard output, problems and failures on standard error,
// a line at a time.
import { formatProblem, problemCounts, problemLines, type Problem } from '../contract/problem.ts';
import { displayWidth } from '../forms/sheet-writer.ts';

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

/** A table as aligned columns (CJK characters count double); columns empty in every row are left out. */
export function printTable(columns: string[], rows: (string | number | null)[][], indent = '  '): void {
  const text = (v: string | number | null) => (v === null || v === '' ? '—' : String(v));
  const used = columns.map((_, i) => rows.some((r) => r[i] !== null && r[i] !== '' && r[i] !== 0));
  const keep = columns.map((_, i) => i).filter((i) => used[i]);
  const widths = keep.map((i) => Math.max(displayWidth(columns[i]!), ...rows.map((r) => displayWidth(text(r[i]!)))));
  const line = (cells: string[]) =>
    `${indent}${cells.map((c, k) => c + ' '.repeat(widths[k]! - displayWidth(c))).join('  ')}`.trimEnd();
  out(line(keep.map((i) => columns[i]!)));
  for (const r of rows) out(line(keep.map((i) => text(r[i]!))));
}
