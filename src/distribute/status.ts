// 回收情况: for one period, which organizations have returned their form, when, in which file,
// which sheets are blank or only partly filled, and how late they are against the due date.
// A pure function of facts read from the database (status-facts.ts), so every rule here is
// tested without files.
import { groupBy } from '../base/group-by.ts';
import {
  BALLOT_ROUNDS,
  DAILY_RECORD,
  MEMBER_COMMITMENTS,
  SELF_ASSESSMENT,
  satisfactionSheet,
  tallySheet,
} from '../contract/form-layout.ts';
import type { Scheme } from '../scheme/schema.ts';

/** The parts of a branch form whose data the office waits for. */
export const FORM_PARTS = ['self', 'rounds', 'votes', 'satisfaction', 'daily', 'commitments'] as const;
export type FormPart = (typeof FORM_PARTS)[number];

export interface OrgFacts {
  orgId: string;
  name: string;
  parentId: string | null;
  secretary: string | null;
  secretaryPhone: string | null;
  secretaryEmail: string | null;
  contact: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  /** Members in the roster now: the member sheets expect one row each. */
  members: number;
}

/** One file that was read as this organization's form (or a CSV of one of its sheets). */
export interface VersionFacts {
  orgId: string;
  path: string;
  /** Still in the input folder. */
  present: boolean;
  usable: boolean;
  /** Data rows found: none in a form sent back as it was received (which ingest refuses as empty). */
  rowsRead: number;
  fillDate: Date | null;
  /** The file's time: modified, or first read by pingyi if that was earlier (copying resets it). */
  mtime: Date;
}

export interface StatusFacts {
  period: string;
  orgs: OrgFacts[];
  versions: VersionFacts[];
  /** What the current records hold per organization and part (distinct items, rounds, members…). */
  filled: { orgId: string; part: FormPart; count: number }[];
  problems: { orgId: string; errors: number; warnings: number }[];
  /** The bureau's own form for the period. */
  bureau: Omit<VersionFacts, 'orgId'>[];
}

export type FormState = 'missing' | 'blank' | 'incomplete' | 'complete';

export interface Version {
  path: string;
  /** The day the form counts as returned: its 填表日期, or the day the file was last changed. */
  date: Date;
}

export interface SheetGap {
  sheet: string;
  filled: number;
  expected: number;
}

export interface OrgStatus extends OrgFacts {
  state: FormState;
  /** The first version received (even one since replaced or removed) and the one that counts now. */
  first: Version | null;
  latest: Version | null;
  /** Files in the input folder now that hold this organization's data. */
  files: string[];
  /** Files recognised as this organization's that could not be used at all. */
  unusable: string[];
  blankSheets: string[];
  partialSheets: SheetGap[];
  errors: number;
  warnings: number;
  /** Days past the due date: still outstanding (missing, blank, a blank sheet) or returned late. */
  overdueDays: number;
  /** Something to chase: the form, or a whole sheet of it, is not in. */
  outstanding: boolean;
}

export interface PeriodStatus {
  period: string;
  due: Date | null;
  asOf: Date;
  orgs: OrgStatus[];
  bureau: { returned: boolean; latest: Version | null };
  totals: Record<FormState, number> & { orgs: number; outstanding: number; overdue: number; late: number };
}

const DAY = 86_400_000;

/** The local calendar day of a moment, as UTC midnight (the way the database gives dates). */
export function localDay(d: Date): Date {
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
}

const days = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY);

/** A form dated after the file was last changed has a wrong 填表日期: the file's day counts. */
function versionDate(v: Omit<VersionFacts, 'orgId'>): Date {
  const fileDay = localDay(v.mtime);
  return v.fillDate && v.fillDate.getTime() <= fileDay.getTime() ? v.fillDate : fileDay;
}

/** Each part's sheet name in the form, as people see it. */
export function partSheets(scheme: Scheme): Record<FormPart, string> {
  return {
    self: SELF_ASSESSMENT.name,
    rounds: BALLOT_ROUNDS.name,
    votes: tallySheet(scheme).name,
    satisfaction: satisfactionSheet(scheme).name,
    daily: DAILY_RECORD.name,
    commitments: MEMBER_COMMITMENTS.name,
  };
}

/** How much each part should hold for an organization with `members` members. */
export function expectedCounts(scheme: Scheme, members: number): Record<FormPart, number> {
  const memberCategories = members > 0 ? scheme.member.raterCategories.length : 0;
  const satisfactionCategories = scheme.org.satisfaction.raterCategories.length;
  return {
    self: scheme.org.dimensions.reduce((n, d) => n + d.items.length, 0),
    rounds: memberCategories + satisfactionCategories,
    votes: members,
    satisfaction: satisfactionCategories,
    daily: members,
    commitments: members,
  };
}

export function periodStatus(scheme: Scheme, facts: StatusFacts, due: Date | null, asOf: Date): PeriodStatus {
  const today = localDay(asOf);
  const pastDue = due !== null && today.getTime() > due.getTime() ? days(due, today) : 0;
  const sheets = partSheets(scheme);
  // Looked up by organization, not searched for each: a province has 6,000 (3.3 s → ms).
  const versionsOf = groupBy(facts.versions, (v) => v.orgId);
  const filledOf = groupBy(facts.filled, (f) => f.orgId);
  const problemsOf = new Map<string, StatusFacts['problems'][number]>();
  for (const p of facts.problems) if (!problemsOf.has(p.orgId)) problemsOf.set(p.orgId, p);
  const orgs = facts.orgs.map((org): OrgStatus => {
    const versions = (versionsOf.get(org.orgId) ?? [])
      .map((v) => ({ ...v, date: versionDate(v) }))
      .sort((a, b) => a.date.getTime() - b.date.getTime() || a.mtime.getTime() - b.mtime.getTime());
    // A blank form came back, even though ingest refuses it as empty; a broken file did not.
    const returned = versions.filter((v) => v.usable || v.rowsRead === 0);
    const current = returned.filter((v) => v.present);
    const first = returned[0];
    const latest = current[current.length - 1];
    const expected = expectedCounts(scheme, org.members);
    const gaps = FORM_PARTS.filter((p) => expected[p] > 0).map((p) => ({
      sheet: sheets[p],
      filled: filledOf.get(org.orgId)?.find((f) => f.part === p)?.count ?? 0,
      expected: expected[p],
    }));
    const blankSheets = gaps.filter((g) => g.filled === 0).map((g) => g.sheet);
    const partialSheets = gaps.filter((g) => g.filled > 0 && g.filled < g.expected);
    const state: FormState =
      current.length === 0
        ? 'missing'
        : blankSheets.length === gaps.length
          ? 'blank'
          : blankSheets.length > 0 || partialSheets.length > 0
            ? 'incomplete'
            : 'complete';
    const outstanding = state === 'missing' || state === 'blank' || blankSheets.length > 0;
    const late = first && due && first.date.getTime() > due.getTime() ? days(due, first.date) : 0;
    const problems = problemsOf.get(org.orgId);
    return {
      ...org,
      state,
      first: first ? { path: first.path, date: first.date } : null,
      latest: latest ? { path: latest.path, date: latest.date } : null,
      files: current.map((v) => v.path),
      unusable: versions.filter((v) => v.present && !v.usable && v.rowsRead > 0).map((v) => v.path),
      blankSheets: state === 'missing' ? [] : blankSheets,
      partialSheets,
      errors: problems?.errors ?? 0,
      warnings: problems?.warnings ?? 0,
      overdueDays: outstanding ? pastDue : late,
      outstanding,
    };
  });
  const bureau = facts.bureau
    .filter((b) => b.present && b.usable)
    .map((b) => ({ path: b.path, date: versionDate(b) }))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
  const count = (s: FormState) => orgs.filter((o) => o.state === s).length;
  return {
    period: facts.period,
    due,
    asOf: today,
    orgs,
    bureau: { returned: bureau.length > 0, latest: bureau[bureau.length - 1] ?? null },
    totals: {
      orgs: orgs.length,
      missing: count('missing'),
      blank: count('blank'),
      incomplete: count('incomplete'),
      complete: count('complete'),
      outstanding: orgs.filter((o) => o.outstanding).length,
      overdue: orgs.filter((o) => o.outstanding && o.overdueDays > 0).length,
      late: orgs.filter((o) => !o.outstanding && o.overdueDays > 0).length,
    },
  };
}

/** Whom to call: the organizations with something outstanding, the longest overdue first. */
export function chaseList(status: PeriodStatus): OrgStatus[] {
  return status.orgs
    .filter((o) => o.outstanding)
    .sort((a, b) => b.overdueDays - a.overdueDays || a.orgId.localeCompare(b.orgId));
}
