// A problem found in the input, located to the cell and worded for office staff.
import { basename } from 'node:path';

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

/** Problems for people: grouped by file, errors before warnings, one line each. */
export function problemLines(problems: Problem[]): string[] {
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(file ? `【${file}】` : '【全部文件】');
    const sorted = [...list].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'));
    for (const p of sorted) lines.push(`  ${formatProblem({ ...p, file: '' })}`);
  }
  return lines;
}

export function problemCounts(problems: Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return `错误 ${errors} 处（相应的行或文件未采用），提醒 ${problems.length - errors} 处（已采用，请核对）`;
}
