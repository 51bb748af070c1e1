// The scheme as tables, so the scoring SQL takes every number from the scheme file and
// none from its own text (the dbt "seed" step).
import type { Scheme } from '../scheme/schema.ts';
import type { Store } from '../store/db.ts';

type Value = string | number | boolean | null;

interface SeedTable {
  name: string;
  columns: string;
  rows: Value[][];
}

export function schemeSeeds(s: Scheme): SeedTable[] {
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
    ['member.probationaryGraded', s.member.probationaryGraded ? 1 : 0, null],
    ['veto.sanctionMakesIneligible', s.veto.sanctionMakesIneligible ? 1 : 0, null],
    ['veto.trustRateBelow', s.veto.trustRateBelow, null],
    ['veto.failShareAbove', s.veto.failShareAbove, null],
    ['quotas.excellentGradeShareMax', s.quotas.excellentGradeShareMax, null],
    ['quotas.excellentMemberAwardShareMax', s.quotas.excellentMemberAwardShareMax, null],
    ['quotas.advancedOrgPlaces', s.quotas.advancedOrgPlaces, null],
    ['quotas.advancedOrgShortlistRatio', s.quotas.advancedOrgShortlistRatio, null],
    ['quotas.partyWorkerAwardPlaces', s.quotas.partyWorkerAwardPlaces, null],
    ['quotas.rounding', null, s.quotas.rounding],
    ['validity.participationMin', s.validity.participationMin, null],
    ['validity.voidWhenReturnedExceedsIssued', s.validity.voidWhenReturnedExceedsIssued ? 1 : 0, null],
    ['adjustments.trim.enabled', s.adjustments.trim.enabled ? 1 : 0, null],
    ['adjustments.trim.minBallots', s.adjustments.trim.minBallots, null],
    ['adjustments.leniency.enabled', s.adjustments.leniency.enabled ? 1 : 0, null],
    ['ranking.intervalZ', s.ranking.intervalZ, null],
    ['cohort.youngAgeBelow', s.cohort.youngAgeBelow, null],
  ];
  return [
    { name: 'scheme_param', columns: 'key VARCHAR, num DOUBLE, text VARCHAR', rows: params },
    {
      name: 'scheme_dimension',
      columns: 'scale VARCHAR, key VARCHAR, label VARCHAR, points DOUBLE, ord INTEGER',
      rows: [
        ...s.org.dimensions.map((d, i) => ['org', d.key, d.label, d.points, i + 1]),
        ...s.member.dimensions.map((d, i) => ['member', d.key, d.label, d.points, i + 1]),
      ],
    },
    {
      name: 'scheme_item',
      columns: 'dimension VARCHAR, item_key VARCHAR, max DOUBLE, ord INTEGER',
      rows: s.org.dimensions.flatMap((d) => d.items.map((it, i) => [d.key, it.key, it.max, i + 1])),
    },
    {
      name: 'scheme_grade',
      columns:
        'scale VARCHAR, key VARCHAR, label VARCHAR, value DOUBLE, ord INTEGER, is_rate BOOLEAN, is_trust BOOLEAN, is_fail BOOLEAN, is_excellent BOOLEAN',
      rows: [
        ...s.org.satisfaction.grades.map((g, i) => [
          'satisfaction',
          g.key,
          g.label,
          g.value,
          i + 1,
          s.org.satisfaction.rateGrades.includes(g.key),
          false,
          false,
          false,
        ]),
        ...s.member.grades.map((g, i) => [
          'member',
          g.key,
          g.label,
          g.value,
          i + 1,
          false,
          s.veto.trustGrades.includes(g.key),
          g.key === fail,
          g.key === s.quotas.excellentGrade,
        ]),
      ],
    },
    {
      name: 'scheme_category',
      columns: 'scale VARCHAR, key VARCHAR, label VARCHAR, weight DOUBLE, min_ballots INTEGER',
      rows: [
        ...s.org.satisfaction.raterCategories.map((c) => [
          'satisfaction',
          c.key,
          c.label,
          c.weight ?? null,
          c.minBallots,
        ]),
        ...s.member.raterCategories.map((c) => ['member', c.key, c.label, c.weight ?? null, c.minBallots]),
      ],
    },
    {
      name: 'scheme_band',
      columns: 'scale VARCHAR, label VARCHAR, min DOUBLE, ord INTEGER',
      rows: [
        ...s.org.bands.map((b, i) => ['org', b.label, b.min, i + 1]),
        ...s.member.bands.map((b, i) => ['member', b.label, b.min, i + 1]),
      ],
    },
    {
      name: 'scheme_tiebreak',
      columns: 'scale VARCHAR, pos INTEGER, key VARCHAR',
      rows: [
        ...s.ranking.orgTieBreak.map((k, i) => ['org', i + 1, k]),
        ...s.ranking.memberTieBreak.map((k, i) => ['member', i + 1, k]),
      ],
    },
    {
      name: 'scheme_period_half',
      columns: 'half VARCHAR, label VARCHAR',
      rows: [
        ['H1', s.periods.halves.H1],
        ['H2', s.periods.halves.H2],
      ],
    },
  ];
}

/** One INSERT per table: the seeds are small, the round trips are what costs. */
export async function loadSchemeTables(store: Store, scheme: Scheme): Promise<void> {
  for (const t of schemeSeeds(scheme)) {
    await store.con.run(`CREATE OR REPLACE TABLE ${t.name} (${t.columns})`);
    if (t.rows.length === 0) continue;
    const width = t.rows[0]!.length;
    const tuples = t.rows.map(
      (_, r) => `(${Array.from({ length: width }, (__, c) => `$${r * width + c + 1}`).join(', ')})`,
    );
    await store.con.run(`INSERT INTO ${t.name} VALUES ${tuples.join(', ')}`, t.rows.flat());
  }
}
