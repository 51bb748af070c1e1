// The previous period's open commitments and pairs as rows of a branch's new form, so that
// the branch reports on them instead of starting blank: content, deadline and the period the
// commitment was made in are filled, its status is left for this period. Members no longer in
// the organization, and mentees who are no longer young at the new period's end, are left out.
import { fullYears } from '../base/age.ts';
import { groupBy } from '../base/group-by.ts';
import type { Carried, CarriedCommitment, CarriedPair } from '../contract/carry-over.ts';
import { orgCommitmentCategories, PAIR_KINDS } from '../contract/form-layout.ts';
import type { Member, Org, Roster } from '../contract/roster.ts';
import { parsePeriod, periodEnd, periodLabel, type Period } from '../scheme/period.ts';
import type { Scheme } from '../scheme/schema.ts';
import type { RowInput } from './sheet-writer.ts';

export interface CarriedRows {
  orgCommitments: RowInput[];
  memberCommitments: RowInput[];
  pairs: RowInput[];
}

const byId = new WeakMap<Roster, Map<string, Member>>();

/** Mentors may be anywhere on the roster: one lookup table per roster, not a scan per pair. */
function memberById(roster: Roster): Map<string, Member> {
  let index = byId.get(roster);
  if (!index) byId.set(roster, (index = new Map(roster.members.map((m) => [m.memberId, m]))));
  return index;
}

/** The carried commitments and pairs by organization, made once per Carried: a form is made per organization. */
const byOrg = new WeakMap<
  Carried,
  { commitments: Map<string, CarriedCommitment[]>; pairs: Map<string, CarriedPair[]> }
>();
function carriedOf(carried: Carried, orgId: string): { commitments: CarriedCommitment[]; pairs: CarriedPair[] } {
  let index = byOrg.get(carried);
  if (!index) {
    byOrg.set(
      carried,
      (index = {
        commitments: groupBy(carried.commitments, (c) => c.org_id),
        pairs: groupBy(carried.pairs, (p) => p.org_id),
      }),
    );
  }
  return { commitments: index.commitments.get(orgId) ?? [], pairs: index.pairs.get(orgId) ?? [] };
}

export function carriedRows(scheme: Scheme, roster: Roster, org: Org, period: Period, carried: Carried): CarriedRows {
  const member = (id: string) => {
    const m = memberById(roster).get(id);
    return m?.orgId === org.orgId ? m : undefined;
  };
  const { commitments: mine, pairs } = carriedOf(carried, org.orgId);
  const label = (list: { key: string; label: string }[], key: string | null) => list.find((x) => x.key === key)?.label;
  const madeIn = (code: string) => {
    const p = parsePeriod(code);
    return p ? periodLabel(scheme, p) : code;
  };
  const end = periodEnd(period);
  return {
    orgCommitments: mine
      .filter((c) => c.member_id === null)
      .map((c) => ({
        category: label(orgCommitmentCategories(scheme), c.category),
        content: c.content,
        deadline: c.deadline,
        responsible: c.responsible,
        madeIn: madeIn(c.made_in),
      })),
    memberCommitments: mine.flatMap((c) => {
      const m = c.member_id === null ? undefined : member(c.member_id);
      if (!m) return [];
      return [
        {
          memberId: m.memberId,
          name: m.name,
          aspect: label(scheme.member.dimensions, c.category),
          content: c.content,
          deadline: c.deadline,
          madeIn: madeIn(c.made_in),
        },
      ];
    }),
    pairs: pairs.flatMap((p) => {
      const mentee = member(p.mentee_id);
      const mentor = memberById(roster).get(p.mentor_id);
      if (!mentee || !mentor || fullYears(mentee.birthDate, end) >= scheme.cohort.youngAgeBelow) return [];
      return [
        {
          kind: label(PAIR_KINDS, p.kind),
          mentorId: mentor.memberId,
          mentorName: mentor.name,
          menteeId: mentee.memberId,
          menteeName: mentee.name,
          since: p.since,
        },
      ];
    }),
  };
}
