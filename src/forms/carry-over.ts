// The previous period's open commitments and pairs as rows of a branch's new form, so that
// the branch reports on them instead of starting blank: content, deadline and the period the
// commitment was made in are filled, its status is left for this period. Members no longer in
// the organization, and mentees who are no longer young at the new period's end, are left out.
import { fullYears } from '../base/age.ts';
import type { Carried } from '../contract/carry-over.ts';
import { orgCommitmentCategories, PAIR_KINDS } from '../contract/form-layout.ts';
import { membersOf, type Member, type Org, type Roster } from '../contract/roster.ts';
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

export function carriedRows(scheme: Scheme, roster: Roster, org: Org, period: Period, carried: Carried): CarriedRows {
  const members = new Map(membersOf(roster, org.orgId).map((m) => [m.memberId, m]));
  const label = (list: { key: string; label: string }[], key: string | null) => list.find((x) => x.key === key)?.label;
  const madeIn = (code: string) => {
    const p = parsePeriod(code);
    return p ? periodLabel(scheme, p) : code;
  };
  const mine = carried.commitments.filter((c) => c.org_id === org.orgId);
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
      const m = c.member_id === null ? undefined : members.get(c.member_id);
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
    pairs: carried.pairs
      .filter((p) => p.org_id === org.orgId)
      .flatMap((p) => {
        const mentee = members.get(p.mentee_id);
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
