-- The organization's result per period: total = Σ of the dimensions' final points
-- (org_dimension_final); band = the highest scheme band whose min ≤ total. The interval total ± z ×
-- share × points × index_se carries the ballots' sampling uncertainty into the tiers.
CREATE OR REPLACE TABLE org_score AS
WITH totals AS (
  SELECT period, org_id,
         sum(self_points) AS self_total, sum(bureau_points) AS bureau_total,
         CASE WHEN bool_and(final_points IS NOT NULL) THEN sum(final_points) END AS total,
         sum(CASE WHEN fed_by_ballots AND satisfaction_status = 'valid' THEN param('satisfaction.dimensionShare') * max_points * index_se ELSE 0 END) AS total_se,
         bool_and(self_items = expected_items AND bureau_items = expected_items) AS complete
  FROM org_dimension_final GROUP BY ALL
)
SELECT t.period, t.org_id, o.name, o.type, o.level, o.parent_id,
       t.self_total, t.bureau_total, t.total, t.complete,
       s.satisfaction_index, s.satisfaction_rate, s.rate_low, s.rate_high, s.n AS satisfaction_n,
       coalesce(s.status, 'insufficient') AS satisfaction_status, coalesce(s.flagged, false) AS satisfaction_flagged,
       t.total - param('ranking.intervalZ') * t.total_se AS total_low,
       t.total + param('ranking.intervalZ') * t.total_se AS total_high,
       CASE WHEN t.total IS NULL THEN 'insufficient' ELSE 'ok' END AS status,
       (SELECT b.label FROM scheme_band b WHERE b.scale = 'org' AND b.min <= t.total + 1e-9 ORDER BY b.min DESC LIMIT 1) AS band
FROM totals t JOIN current_roster_org o USING (org_id) LEFT JOIN org_satisfaction s USING (period, org_id)
