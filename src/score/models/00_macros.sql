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
-- The last day of the half year.
CREATE OR REPLACE MACRO period_end(p) AS CASE WHEN right(p, 2) = 'H1' THEN make_date(CAST(left(p, 4) AS INTEGER), 6, 30) ELSE make_date(CAST(left(p, 4) AS INTEGER), 12, 31) END;
-- Award places from a share of people, rounded as the scheme says.
CREATE OR REPLACE MACRO places(x) AS CAST(CASE param_text('quotas.rounding') WHEN 'ceil' THEN ceil(x - 1e-9) WHEN 'round' THEN round(x) ELSE floor(x + 1e-9) END AS INTEGER);
-- The scheme's n-th tie-break key for a scale ('org' or 'member'), NULL past the end.
CREATE OR REPLACE MACRO tiebreak(scale_, pos_) AS (SELECT key FROM scheme_tiebreak WHERE scale = scale_ AND pos = pos_);
-- Age in full years on a day: 1976-07-01 is 34 on 2011-06-30 (date_diff('year') would say 35).
CREATE OR REPLACE MACRO age_years(born, on_day) AS year(on_day) - year(born) - CASE WHEN month(on_day) < month(born) OR (month(on_day) = month(born) AND day(on_day) < day(born)) THEN 1 ELSE 0 END;
