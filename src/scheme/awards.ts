// The campaign's award calendar read from the scheme: which round a period has, and how
// many candidates an organization may propose for an award.
import type { AwardKind, AwardRound, Scheme } from './schema.ts';

/** The period's award round, or undefined: a period without one has no award documents. */
export function awardRound(scheme: Scheme, period: string): AwardRound | undefined {
  return scheme.awards.rounds.find((r) => r.period === period);
}

/** A share of people as whole places, rounded as quotas.rounding says (the SQL places() macro's rule). */
export function placesFor(scheme: Scheme, x: number): number {
  // The macro's tolerance: 0.15 × 20 is 3, not 2.9999…
  const eps = 1e-9;
  switch (scheme.quotas.rounding) {
    case 'floor':
      return Math.floor(x + eps);
    case 'ceil':
      // 0, not the -0 that ceil(-1e-9) is.
      return Math.ceil(x - eps) || 0;
    default:
      return Math.round(x);
  }
}

/** Places an organization of `members` members has for an award in a round. */
export function branchPlaces(scheme: Scheme, round: AwardRound, award: AwardKind, members: number): number {
  const spec = round.awards.find((a) => a.kind === award);
  if (!spec) return 0;
  return spec.branchPlaces ?? placesFor(scheme, scheme.quotas.excellentMemberAwardShareMax * members);
}

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Whether a day is a working day in the scheme's calendar (awards.calendar): Monday to Friday
 * unless a public holiday, and a weekend day the holiday arrangement makes worked (调休).
 */
export function workingDays(scheme: Scheme): (d: Date) => boolean {
  const holidays = new Set(scheme.awards.calendar.holidays);
  const workdays = new Set(scheme.awards.calendar.workdays);
  return (d) => {
    const day = dayOf(d);
    if (workdays.has(day)) return true;
    return d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.has(day);
  };
}

/**
 * The 公示's first and last day: `days` working days from `start`, or from the next working
 * day when `start` is not one (a weekend or a public holiday).
 */
export function noticePeriod(scheme: Scheme, start: Date, days: number): { from: Date; to: Date } {
  const working = workingDays(scheme);
  let from = new Date(start.getTime());
  while (!working(from)) from = new Date(from.getTime() + DAY);
  let to = from;
  for (let left = days - 1; left > 0;) {
    to = new Date(to.getTime() + DAY);
    if (working(to)) left--;
  }
  return { from, to };
}

/** The first working day after `d`. */
export function nextWorkingDay(scheme: Scheme, d: Date): Date {
  const working = workingDays(scheme);
  let next = new Date(d.getTime() + DAY);
  while (!working(next)) next = new Date(next.getTime() + DAY);
  return next;
}
