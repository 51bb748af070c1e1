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
      return Math.ceil(x - eps);
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
