// "Did you mean …": the nearest roster entry for a code or name that does not match.
import type { Member, Org, Roster } from '../contract/roster.ts';
import type { RosterIndex } from './form-context.ts';

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

function nearest<T>(items: T[], key: (t: T) => string, target: string, within: number): T | undefined {
  let best: { item: T; d: number } | undefined;
  for (const item of items) {
    const d = editDistance(key(item), target);
    if (d <= within && (!best || d < best.d)) best = { item, d };
  }
  return best?.item;
}

const who = (m: Member) => `${m.name}（${m.memberId}）`;

/**
 * A hint for an unknown member code: same name anywhere, else a near code or name in the branch.
 * From the roster's index, not a scan of it: a form can have hundreds of such rows.
 */
export function suggestMember(index: RosterIndex, orgId: string, id: string, name: string): string {
  const byName = index.membersNamed.get(name) ?? [];
  if (byName.length === 1) return `名册中“${name}”的编号是 ${byName[0]!.memberId}`;
  const inOrg = index.membersOf.get(orgId) ?? [];
  const near = (id && nearest(inOrg, (m) => m.memberId, id, 2)) || (name && nearest(inOrg, (m) => m.name, name, 1));
  return near ? `是否为 ${who(near)}？` : '请核对名册';
}

/** A hint for an unknown organization code: a name that contains what was typed, else a near code. */
export function suggestOrg(roster: Roster, id: string, name: string): string {
  const byName = name
    ? roster.orgs.find((o) => o.name === name || o.name.includes(name) || name.includes(o.name))
    : undefined;
  const near: Org | undefined = byName ?? nearest(roster.orgs, (o) => o.orgId, id, 2);
  return near ? `是否为 ${near.name}（${near.orgId}）？` : '请核对名册中的组织编号';
}
