-- 群众满意度 per organization over its valid categories: pooled by ballots, or weighted by the
-- categories' weights when the scheme gives them. index in [0, 1]; rate with a Wilson interval
-- at ranking.intervalZ; index_se is the standard error of the index (for tiers).
-- status: 'valid' needs a valid round in every required category (and at least one valid
-- category); 'incomplete' when a required category has none — its numbers are not given, a
-- partial round must not stand for the whole —; 'insufficient' when no category is valid.
-- flagged: a valid rate under satisfaction.flagBelowRate (the branch needs follow-up).
CREATE OR REPLACE TABLE org_satisfaction AS
WITH v AS (
  SELECT * FROM org_satisfaction_category WHERE status = 'valid'
), pooled AS (
  SELECT period, org_id,
         sum(valid) AS n,
         CASE WHEN bool_and(weight IS NOT NULL)
              THEN sum(weight * value_sum / (top * valid)) / sum(weight)
              ELSE sum(value_sum) / (any_value(top) * sum(valid)) END AS idx,
         CASE WHEN bool_and(weight IS NOT NULL)
              THEN sum(weight * rate_votes / valid) / sum(weight)
              ELSE sum(rate_votes) / sum(valid) END AS rate,
         sum(value_sq) / sum(valid) - power(sum(value_sum) / sum(valid), 2) AS value_var,
         any_value(top) AS top
  FROM v GROUP BY ALL
), every AS (
  SELECT period, org_id, string_agg(category || ':' || status, ',' ORDER BY category) AS category_status,
         bool_or(required AND status <> 'valid') AS required_invalid
  FROM org_satisfaction_category GROUP BY ALL
), judged AS (
  SELECT e.*, p.*, CASE WHEN e.required_invalid THEN 'incomplete' WHEN p.n IS NULL THEN 'insufficient' ELSE 'valid' END AS status
  FROM every e LEFT JOIN pooled p USING (period, org_id)
)
SELECT period, org_id, category_status, status,
       CASE WHEN status = 'valid' THEN n END AS n,
       CASE WHEN status = 'valid' THEN idx END AS satisfaction_index,
       CASE WHEN status = 'valid' THEN rate END AS satisfaction_rate,
       CASE WHEN status = 'valid' THEN wilson_low(rate, n, param('ranking.intervalZ')) END AS rate_low,
       CASE WHEN status = 'valid' THEN wilson_high(rate, n, param('ranking.intervalZ')) END AS rate_high,
       CASE WHEN status = 'valid' THEN sqrt(greatest(value_var, 0) / n) / top END AS index_se,
       status = 'valid' AND rate < param('satisfaction.flagBelowRate') AS flagged
FROM judged
