// Checks across files that need no database: forms that never came back. (Which of two
// versions of a form is current, and the warning about it, belong to the store: views.ts.)
import type { Roster } from '../contract/roster.ts';
import type { Problem } from '../contract/problem.ts';

/** What a usable file claims to be. */
export interface Claim {
  name: string;
  /** As the submission table records it: roster, branch, bureau or csv. */
  kind: string;
  period: string | null;
  orgId: string | null;
}

const warn = (file: string, message: string): Problem => ({ severity: 'warning', file, message });

/** The form a claim stands for: a CSV file with data of an organization is (a part of) its form, one without the bureau's. */
const formOf = (c: Claim) => (c.kind === 'csv' ? (c.orgId ? 'branch' : 'bureau') : c.kind);

/** For each period that has any form: organizations (the roster's) whose form, and a bureau form, are missing. */
export function missingFormProblems(
  claims: Claim[],
  orgs: Pick<Roster['orgs'][number], 'orgId' | 'name'>[],
): Problem[] {
  const periods = [...new Set(claims.map((c) => c.period).filter((p): p is string => !!p))].sort();
  const problems: Problem[] = [];
  for (const period of periods) {
    const here = claims.filter((c) => c.period === period);
    const have = new Set(here.filter((c) => formOf(c) === 'branch').map((c) => c.orgId));
    const missing = orgs.filter((o) => !have.has(o.orgId));
    if (missing.length > 0)
      problems.push(
        warn('', `${period} 缺少以下党组织的评议表：${missing.map((o) => `${o.name}（${o.orgId}）`).join('、')}`),
      );
    if (!here.some((c) => formOf(c) === 'bureau')) problems.push(warn('', `${period} 缺少上级考评和领导点评表`));
  }
  return problems;
}
