-- Small helpers every model uses. Scheme numbers come from the scheme_* tables.
CREATE OR REPLACE MACRO param(k) AS (SELECT num FROM scheme_param WHERE key = k);
CREATE OR REPLACE MACRO param_text(k) AS (SELECT text FROM scheme_param WHERE key = k);
-- Wilson score interval for a proportion p of n at z.
CREATE OR REPLACE MACRO wilson_low(p, n, z) AS CASE WHEN n > 0 THEN
  ((p + z * z / (2 * n)) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) END;
CREATE OR REPLACE MACRO wilson_high(p, n, z) AS CASE WHEN n > 0 THEN
  ((p + z * z / (2 * n)) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) END;
-- 2011H1 → 2010H2, 2011H2 → 2011H1.
CREATE OR REPLACE MACRO previous_period(p) AS CASE WHEN right(p, 2) = 'H2' THEN left(p, 4) || 'H1' ELSE CAST(CAST(left(p, 4) AS INTEGER) - 1 AS VARCHAR) || 'H2' END;
-- Periods counted in halves, so that two periods' distance is a subtraction.
CREATE OR REPLACE MACRO period_index(p) AS CAST(left(p, 4) AS INTEGER) * 2 + CASE WHEN right(p, 2) = 'H2' THEN 1 ELSE 0 END;
-- The last day of the half year.
CREATE OR REPLACE MACRO period_end(p) AS CASE WHEN right(p, 2) = 'H1' THEN make_date(CAST(left(p, 4) AS INTEGER), 6, 30) ELSE make_date(CAST(left(p, 4) AS INTEGER), 12, 31) END;
-- Age in full years on a day: a birthday later in the year than `on_day` has not come yet
-- (date_diff('year', …) alone counts calendar years, one too many before the birthday).
CREATE OR REPLACE MACRO age_years(birth, on_day) AS date_diff('year', birth, on_day) - CASE WHEN month(on_day) * 100 + day(on_day) < month(birth) * 100 + day(birth) THEN 1 ELSE 0 END;
-- A young member (结对子 / 一带一): under cohort.youngAgeBelow in full years at the period's end.
CREATE OR REPLACE MACRO is_young(birth, p) AS age_years(birth, period_end(p)) < param('cohort.youngAgeBelow');
-- Award places from a share of people, rounded as the scheme says.
-- (The rounding is looked up once: a CASE on it would repeat the lookup, a join, for every WHEN.)
CREATE OR REPLACE MACRO places(x) AS CAST([floor(x + 1e-9), ceil(x - 1e-9), round(x)][1 + coalesce(list_position(['ceil', 'round'], param_text('quotas.rounding')), 0)] AS INTEGER);
-- The scheme's n-th tie-break key for a scale ('org' or 'member'), NULL past the end.
CREATE OR REPLACE MACRO tiebreak(scale_, pos_) AS (SELECT key FROM scheme_tiebreak WHERE scale = scale_ AND pos = pos_);
-- Competition ranking (1, 2, 2, 4) and tiers of a relation src(period, scope, id, grp, total,
-- total_low, total_high, tb), overall and within grp, for each period and scope (those ranked
-- against each other; scope NULL is one scope). Equal totals (to 6 decimals) are separated by
-- the tie-break keys tb (at most three, larger first, also to 6 decimals: a sum's last bit
-- follows DuckDB's summing order) and stay tied when every key is equal. Tiers: ordered by rank,
-- a new tier starts where an interval (total_low..total_high) no longer overlaps the one ranked
-- just above it, so those whose difference is within the ballots' uncertainty share a tier.
CREATE OR REPLACE MACRO rank_and_tier(src) AS TABLE
WITH keyed AS (
  SELECT *, round(total, 6) AS k0, round(tb[1], 6) AS k1, round(tb[2], 6) AS k2, round(tb[3], 6) AS k3
  FROM query_table(src)
), ranked AS (
  SELECT period, scope, id, total_low, total_high,
         rank() OVER (PARTITION BY period, scope ORDER BY k0 DESC, k1 DESC NULLS LAST, k2 DESC NULLS LAST, k3 DESC NULLS LAST)::INTEGER AS rank,
         rank() OVER (PARTITION BY period, scope, grp ORDER BY k0 DESC, k1 DESC NULLS LAST, k2 DESC NULLS LAST, k3 DESC NULLS LAST)::INTEGER AS rank_in_group,
         count(*) OVER (PARTITION BY period, scope)::INTEGER AS ranked,
         count(*) OVER (PARTITION BY period, scope, grp)::INTEGER AS ranked_in_group
  FROM keyed
), breaks AS (
  SELECT *, coalesce(total_high < lag(total_low) OVER (PARTITION BY period, scope ORDER BY rank, id), true)::INTEGER AS new_tier FROM ranked
)
SELECT period, id, rank, rank_in_group, ranked, ranked_in_group, (sum(new_tier) OVER (PARTITION BY period, scope ORDER BY rank, id))::INTEGER AS tier FROM breaks;
