// The scheme as tables, so the scoring SQL takes every number from the scheme file and
// none from its own text (the dbt "seed" step).
import type { Row, SchemeTable } from '../contract/tables.ts';
import { AWARD_KINDS, type RaterCategory, type Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';

/** Every scheme_* table's rows; the columns are declared in contract/tables.ts. */
export type SchemeRows = { [T in SchemeTable]: Row<T>[] };

export function schemeSeeds(s: Scheme): SchemeRows {
  const fail = s.veto.failGrade;
  const params: [string, number | null, string | null][] = [
    ['weights.org.self', s.weights.org.self, null],
    ['weights.org.bureau', s.weights.org.bureau, null],
    ['weights.member.dailyRecord', s.weights.member.dailyRecord, null],
    ['weights.member.democraticReview', s.weights.member.democraticReview, null],
    ['periods.annualWeights.H1', s.periods.annualWeights.H1, null],
    ['periods.annualWeights.H2', s.periods.annualWeights.H2, null],
    ['satisfaction.flagBelowRate', s.org.satisfaction.flagBelowRate, null],
    ['satisfaction.dimension', null, s.org.satisfaction.dimension],
    ['satisfaction.dimensionShare', s.org.satisfaction.dimensionShare, null],
    ['satisfaction.whenNoValidResult', null, s.org.satisfaction.whenNoValidResult],
    ['member.probationaryGraded', s.member.probationaryGraded ? 1 : 0, null],
    ['member.fiveModels.reviewShare', s.member.fiveModels.reviewShare, null],
    ['commitments.partialCredit', s.commitments.partialCredit, null],
    ['commitments.unkeptBlocksAward', s.commitments.unkeptBlocksAward ? 1 : 0, null],
    ['commitments.rateFeeds.dimension', null, s.commitments.rateFeeds?.dimension ?? null],
    ['commitments.rateFeeds.share', s.commitments.rateFeeds?.share ?? 0, null],
    ['veto.sanctionMakesIneligible', s.veto.sanctionMakesIneligible ? 1 : 0, null],
    ['veto.trustRateBelow', s.veto.trustRateBelow, null],
    ['veto.failShareAbove', s.veto.failShareAbove, null],
    ['quotas.excellentGradeShareMax', s.quotas.excellentGradeShareMax, null],
    ['quotas.excellentMemberAwardShareMax', s.quotas.excellentMemberAwardShareMax, null],
    ['quotas.advancedOrgPlaces', s.quotas.advancedOrgPlaces, null],
    ['quotas.advancedOrgShortlistRatio', s.quotas.advancedOrgShortlistRatio, null],
    ['quotas.partyWorkerAwardPlaces', s.quotas.partyWorkerAwardPlaces, null],
    ['quotas.rounding', null, s.quotas.rounding],
    ['quotas.excellentOverLimit', null, s.quotas.excellentOverLimit],
    ['quotas.awardBaseIncludesProbationary', s.quotas.awardBaseIncludesProbationary ? 1 : 0, null],
    ...AWARD_KINDS.map((k): [string, number, null] => [
      `awards.topBandRequired.${k}`,
      s.awards.topBandRequired[k] ? 1 : 0,
      null,
    ]),
    ['awards.validSatisfactionRequired', s.awards.validSatisfactionRequired ? 1 : 0, null],
    ['awards.oneIndividualAwardPerPerson', s.awards.oneIndividualAwardPerPerson ? 1 : 0, null],
    ['validity.participationMin', s.validity.participationMin, null],
    ['validity.voidWhenReturnedExceedsIssued', s.validity.voidWhenReturnedExceedsIssued ? 1 : 0, null],
    ['adjustments.trim.enabled', s.adjustments.trim.enabled ? 1 : 0, null],
    ['adjustments.trim.minBallots', s.adjustments.trim.minBallots, null],
    ['adjustments.leniency.enabled', s.adjustments.leniency.enabled ? 1 : 0, null],
    ['ranking.intervalZ', s.ranking.intervalZ, null],
    ['cohort.youngAgeBelow', s.cohort.youngAgeBelow, null],
    ['awards.repeatGapPeriods', s.awards.repeatGapPeriods, null],
  ];
  return {
    scheme_param: params.map(([key, num, text]) => ({ key, num, text })),
    scheme_dimension: [
      ...s.org.dimensions.map((d, i) => ({ scale: 'org', key: d.key, label: d.label, points: d.points, ord: i + 1 })),
      ...s.member.dimensions.map((d, i) => ({
        scale: 'member',
        key: d.key,
        label: d.label,
        points: d.points,
        ord: i + 1,
      })),
    ],
    scheme_item: s.org.dimensions.flatMap((d) =>
      d.items.map((it, i) => ({ dimension: d.key, item_key: it.key, max: it.max, ord: i + 1 })),
    ),
    scheme_grade: [
      ...s.org.satisfaction.grades.map((g, i) => ({
        scale: 'satisfaction',
        key: g.key,
        label: g.label,
        value: g.value,
        ord: i + 1,
        is_rate: s.org.satisfaction.rateGrades.includes(g.key),
        is_trust: false,
        is_fail: false,
        is_excellent: false,
      })),
      ...s.member.grades.map((g, i) => ({
        scale: 'member',
        key: g.key,
        label: g.label,
        value: g.value,
        ord: i + 1,
        is_rate: false,
        is_trust: s.veto.trustGrades.includes(g.key),
        is_fail: g.key === fail,
        is_excellent: g.key === s.quotas.excellentGrade,
      })),
    ],
    scheme_category: [
      ...s.org.satisfaction.raterCategories.map((c) => ({ scale: 'satisfaction', ...category(c) })),
      ...s.member.raterCategories.map((c) => ({ scale: 'member', ...category(c) })),
    ],
    scheme_band: [
      ...s.org.bands.map((b, i) => ({ scale: 'org', label: b.label, min: b.min, ord: i + 1 })),
      ...s.member.bands.map((b, i) => ({ scale: 'member', label: b.label, min: b.min, ord: i + 1 })),
    ],
    scheme_tiebreak: [
      ...s.ranking.orgTieBreak.map((key, i) => ({ scale: 'org', pos: i + 1, key })),
      ...s.ranking.memberTieBreak.map((key, i) => ({ scale: 'member', pos: i + 1, key })),
    ],
    scheme_award_round: s.awards.rounds.flatMap((r) =>
      r.awards.map((a) => ({
        period: r.period,
        level: r.level,
        award: a.kind,
        places: a.places,
        branch_places: a.branchPlaces ?? null,
      })),
    ),
    scheme_period_half: [
      { half: 'H1', label: s.periods.halves.H1 },
      { half: 'H2', label: s.periods.halves.H2 },
    ],
  };
}

const category = (c: RaterCategory) => ({
  key: c.key,
  label: c.label,
  weight: c.weight ?? null,
  min_ballots: c.minBallots,
  required: c.required,
});

/** The scheme's tables, replaced whole: through the appender, as the records are loaded. */
export async function loadSchemeTables(store: Store, scheme: Scheme): Promise<void> {
  const seeds = schemeSeeds(scheme);
  const load = <T extends SchemeTable>(table: T) => store.replaceTable(table, seeds[table]);
  for (const table of Object.keys(seeds) as SchemeTable[]) await load(table);
}
