// Prints what `build` found in the input folder: forms received per period, what is
// missing, every problem, and plainly which stages do not exist yet.
import type { BuildSummary } from '../build/build.ts';
import { formatProblem } from '../ingest/problem.ts';

export function reportScan(s: BuildSummary, out: (line: string) => void, err: (line: string) => void): number {
  const byPeriod = new Map<string, string[]>();
  let rosters = 0;
  for (const f of s.files) {
    if (f.meta?.kind === 'roster') rosters += 1;
    if (f.meta?.period) byPeriod.set(f.meta.period, [...(byPeriod.get(f.meta.period) ?? []), f.meta.kind === 'bureau' ? '上级考评表' : (f.meta.orgId ?? '?')]);
  }
  out(`名册：${rosters} 份`);
  for (const [period, forms] of [...byPeriod].sort()) {
    const bureau = forms.filter((f) => f === '上级考评表').length;
    out(`${period}：党组织评议表 ${forms.length - bureau} 份，上级考评表 ${bureau} 份`);
  }
  for (const p of s.problems) err(formatProblem(p));
  out('');
  out(`以下阶段尚未实现，本次运行没有生成评分结果或报告：${s.notBuilt.join('；')}。`);
  return s.problems.length > 0 ? 1 : 0;
}
