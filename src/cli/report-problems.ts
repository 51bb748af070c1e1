// Problems for people: grouped by file, errors before warnings, one line each.
import { formatProblem, type Problem } from '../ingest/problem.ts';

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
