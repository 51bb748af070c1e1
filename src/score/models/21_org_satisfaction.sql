-- 群众满意度 per organization over its valid categories: pooled by ballots, or weighted by the
-- categories' weights when the scheme gives them. index in [0, 1]; rate with a Wilson interval
-- at ranking.intervalZ; index_se is the standard error of the index (for tiers).
-- flagged: the rate is under satisfaction.flagBelowRate (the branch needs follow-up).
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
  SELECT period, org_id, string_agg(category || ':' || status, ',' ORDER BY category) AS category_status
  FROM org_satisfaction_category GROUP BY ALL
)
SELECT e.period, e.org_id, e.category_status, p.n, p.idx AS satisfaction_index, p.rate AS satisfaction_rate,
       wilson_low(p.rate, p.n, param('ranking.intervalZ')) AS rate_low,
       wilson_high(p.rate, p.n, param('ranking.intervalZ')) AS rate_high,
       sqrt(greatest(p.value_var, 0) / p.n) / p.top AS index_se,
       CASE WHEN p.n IS NULL THEN 'insufficient' ELSE 'valid' END AS status,
       coalesce(p.rate < param('satisfaction.flagBelowRate'), false) AS flagged
FROM every e LEFT JOIN pooled p USING (period, org_id)
