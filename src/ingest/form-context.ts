// What a form reader needs besides the workbook: the rules, the roster to check codes
// against, whose form it is, and where to report.
import { groupBy } from '../base/group-by.ts';
import type { Member, Org, Roster } from '../contract/roster.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { RecordTable, NewRecord } from '../contract/tables.ts';
import { normalizeCode, normalizeName } from './cells.ts';
import type { ProblemLog } from '../contract/problem.ts';
import type { RowCheck, RowCounts } from './sheet-rows.ts';
import { suggestMember, suggestOrg } from './suggest.ts';

export interface RosterIndex {
  members: Map<string, Member>;
  orgs: Map<string, Org>;
  /** Each organization's members, in roster order. */
  membersOf: Map<string, Member[]>;
  /** Members by name, for the hints on unknown codes. */
  membersNamed: Map<string, Member[]>;
}

const indexes = new WeakMap<Roster, RosterIndex>();

/** Lookups into a roster, made once per roster: a province's has 150,000 members and 6,000 forms ask. */
export function rosterIndex(roster: Roster): RosterIndex {
  let index = indexes.get(roster);
  if (!index) {
    index = {
      members: new Map(roster.members.map((m) => [m.memberId, m])),
      orgs: new Map(roster.orgs.map((o) => [o.orgId, o])),
      membersOf: groupBy(roster.members, (m) => m.orgId),
      membersNamed: groupBy(roster.members, (m) => m.name),
    };
    indexes.set(roster, index);
  }
  return index;
}

export interface FormContext extends RosterIndex {
  scheme: Scheme;
  roster: Roster;
  period: string;
  log: ProblemLog;
  counts: RowCounts;
}

export type Records = { [T in RecordTable]?: NewRecord<T>[] };

export function formContext(
  scheme: Scheme,
  roster: Roster,
  period: string,
  log: ProblemLog,
  counts: RowCounts,
): FormContext {
  return {
    ...rosterIndex(roster),
    scheme,
    roster,
    period,
    log,
    counts,
  };
}

/** The columns that name a member in a row: 党员编号 and 姓名, or another pair such as the 导师's. */
export interface MemberColumns {
  id: string;
  name: string;
}
const MEMBER_COLUMNS: MemberColumns = { id: 'memberId', name: 'name' };

/**
 * The member a row names, which must belong to `orgId` (to any organization when null);
 * reports and returns undefined otherwise.
 */
export function resolveMember(
  ctx: FormContext,
  c: RowCheck,
  orgId: string | null,
  cols: MemberColumns = MEMBER_COLUMNS,
): Member | undefined {
  const id = normalizeCode(c.value(cols.id));
  const name = normalizeName(c.value(cols.name));
  if (!id) {
    c.reject(cols.id, `${c.header(cols.id)}不能为空${name ? `（${suggestMember(ctx, orgId ?? '', '', name)}）` : ''}`);
    return undefined;
  }
  const member = ctx.members.get(id);
  if (!member) {
    c.reject(cols.id, `党员编号“${id}”不在名册中，${suggestMember(ctx, orgId ?? '', id, name)}`);
    return undefined;
  }
  if (orgId !== null && member.orgId !== orgId) {
    const home = ctx.orgs.get(member.orgId);
    c.reject(cols.id, `${member.name}（${id}）在名册中属于${home?.name ?? member.orgId}，不属于本党组织`);
    return undefined;
  }
  if (name && name !== member.name)
    c.warn(cols.name, `姓名“${name}”与名册中的“${member.name}”不一致，已按党员编号 ${id} 对应`);
  return member;
}

/** The organization a row of the bureau's form names. */
export function resolveOrg(ctx: FormContext, c: RowCheck): Org | undefined {
  const id = normalizeCode(c.value('orgId'));
  const name = c.text('orgName');
  if (!id) {
    c.reject('orgId', `${c.header('orgId')}不能为空`);
    return undefined;
  }
  const org = ctx.orgs.get(id);
  if (!org) c.reject('orgId', `党组织编号“${id}”不在名册中，${suggestOrg(ctx.roster, id, name)}`);
  return org;
}

/** Reports a repeated key (member, item, …) on the later row; true when first seen. */
export function firstTime(seen: Set<string>, key: string, c: RowCheck, column: string, what: string): boolean {
  if (seen.has(key)) {
    c.reject(column, `${what}重复出现，本行未采用（以前面一行为准）`);
    return false;
  }
  seen.add(key);
  return true;
}
