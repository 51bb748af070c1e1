// Checks across files: the same form sent twice, two versions of one form, forms that
// never came back. Pure functions over a list of what each file claims to be.
import type { Roster } from '../contract/roster.ts';
import type { Problem } from '../contract/problem.ts';

export interface Claim {
  name: string;
  kind: string;
  period: string | null;
  orgId: string | null;
  fillDate: Date | null;
  mtime: Date;
}

const warn = (file: string, message: string): Problem => ({ severity: 'warning', file, message });
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '未填');

/** Newest first: the form's fill date, then the file's modification time. */
export function newestFirst(a: Claim, b: Claim): number {
  const fa = a.fillDate?.getTime() ?? -Infinity;
  const fb = b.fillDate?.getTime() ?? -Infinity;
  return fb - fa || b.mtime.getTime() - a.mtime.getTime();
}

export function supersessionProblems(claims: Claim[]): Problem[] {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    if (c.kind === 'csv') continue;
    const key = `${c.kind}|${c.period ?? ''}|${c.orgId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const problems: Problem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [winner, ...rest] = [...group].sort(newestFirst);
    const what = winner!.kind === 'roster' ? '名册' : `${winner!.period ?? ''} ${winner!.orgId ?? '上级考评'} 的表格`;
    problems.push(
      warn(
        winner!.name,
        `${what}有 ${group.length} 份：${[winner!, ...rest].map((c) => `“${c.name}”（填表日期 ${day(c.fillDate)}）`).join('、')}，采用最新的“${winner!.name}”，其余保留在历史记录中`,
      ),
    );
  }
  return problems;
}

/** The form a claim stands for: a CSV file with data of an organization is (a part of) its form, one without the bureau's. */
const formOf = (c: Claim) => (c.kind === 'csv' ? (c.orgId ? 'branch' : 'bureau') : c.kind);

/** For each period that has any form: organizations whose form, and a bureau form, are missing. */
export function missingFormProblems(claims: Claim[], roster: Roster): Problem[] {
  const periods = [...new Set(claims.map((c) => c.period).filter((p): p is string => !!p))].sort();
  const problems: Problem[] = [];
  for (const period of periods) {
    const here = claims.filter((c) => c.period === period);
    const have = new Set(here.filter((c) => formOf(c) === 'branch').map((c) => c.orgId));
    const missing = roster.orgs.filter((o) => !have.has(o.orgId));
    if (missing.length > 0)
      problems.push(
        warn('', `${period} 缺少以下党组织的评议表：${missing.map((o) => `${o.name}（${o.orgId}）`).join('、')}`),
      );
    if (!here.some((c) => formOf(c) === 'bureau')) problems.push(warn('', `${period} 缺少上级考评和领导点评表`));
  }
  return problems;
}
