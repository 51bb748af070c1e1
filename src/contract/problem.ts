// A problem found in the input, located to the cell and worded for office staff: the one
// shape from the reader to the problem table, build.log, the reports and JSON.
import { basename } from 'node:path';
import type { Row } from './tables.ts';

export type Severity = 'error' | 'warning';

export const SEVERITY_WORDS: Record<Severity, string> = { error: '错误', warning: '提醒' };

export interface Problem {
  severity: Severity;
  file: string;
  sheet?: string;
  /** A1-style address, or a whole row as "12行". */
  cell?: string;
  /** What the cell held, as text. */
  value?: string;
  message: string;
}

/** A problem as the problem table holds it, before the store adds its file and scope. */
export type ProblemColumns = Omit<Row<'problem'>, 'submission_id' | 'scope'>;

export function problemColumns(p: Problem): ProblemColumns {
  return {
    path: p.file,
    sheet: p.sheet ?? null,
    cell: p.cell ?? null,
    value: p.value ?? null,
    severity: p.severity,
    message: p.message,
  };
}

export function problemFromColumns(r: ProblemColumns): Problem {
  return {
    severity: r.severity as Severity,
    file: r.path,
    message: r.message,
    ...(r.sheet !== null && { sheet: r.sheet }),
    ...(r.cell !== null && { cell: r.cell }),
    ...(r.value !== null && { value: r.value }),
  };
}

export function formatProblem(p: Problem): string {
  const where = [
    p.file && basename(p.file),
    p.sheet && `工作表“${p.sheet}”`,
    p.cell && `${/^\d+$/.test(p.cell) ? `第 ${p.cell} 行` : `单元格 ${p.cell}`}`,
  ]
    .filter(Boolean)
    .join('，');
  const value = p.value === undefined || p.value === '' ? '' : `（填写的是“${p.value}”）`;
  const head = where || value ? `${where}${value}：` : '';
  return `${SEVERITY_WORDS[p.severity]}：${head}${p.message}`;
}

/** Collects problems for one file so readers can report without repeating the file name. */
export class ProblemLog {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}

  add(
    severity: Severity,
    sheet: string | undefined,
    cell: string | undefined,
    value: string | undefined,
    message: string,
  ): void {
    const p: Problem = { severity, file: this.file, message };
    if (sheet !== undefined) p.sheet = sheet;
    if (cell !== undefined) p.cell = cell;
    if (value !== undefined) p.value = value;
    this.problems.push(p);
  }

  error(sheet: string | undefined, cell: string | undefined, value: string | undefined, message: string): void {
    this.add('error', sheet, cell, value, message);
  }

  warn(sheet: string | undefined, cell: string | undefined, value: string | undefined, message: string): void {
    this.add('warning', sheet, cell, value, message);
  }

  get errorCount(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }
}

/**
 * Problems for people: grouped by file, errors before warnings, one line each. Linear in the
 * number of problems: a province roster can have 150,000.
 */
export function problemLines(problems: Problem[]): string[] {
  const byFile = new Map<string, { errors: Problem[]; warnings: Problem[] }>();
  for (const p of problems) {
    let group = byFile.get(p.file);
    if (!group) byFile.set(p.file, (group = { errors: [], warnings: [] }));
    (p.severity === 'error' ? group.errors : group.warnings).push(p);
  }
  const lines: string[] = [];
  for (const [file, { errors, warnings }] of byFile) {
    lines.push(file ? `【${file}】` : '【全部文件】');
    for (const p of errors) lines.push(`  ${formatProblem({ ...p, file: '' })}`);
    for (const p of warnings) lines.push(`  ${formatProblem({ ...p, file: '' })}`);
  }
  return lines;
}

export function problemCounts(problems: Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return `错误 ${errors} 处（相应的行或文件未采用），提醒 ${problems.length - errors} 处（已采用，请核对）`;
}
