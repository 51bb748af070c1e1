-- The organization's result per period: total = Σ of the dimensions' final points
-- (org_dimension_final), given only when every dimension has them; band = the highest scheme
-- band whose min ≤ total. The interval total ± z × share × points × index_se carries the
-- ballots' sampling uncertainty into the tiers.
-- status: 'not_returned' (未交: no form for the period, org_return), 'insufficient' (数据不足:
-- missing names what is lacking — 'self' or 'bureau', a sheet or an item not scored, or
-- 'satisfaction', no valid satisfaction result under whenNoValidResult 'insufficient'), or 'ok'.
-- follow_up: the organization needs follow-up — its satisfaction rate is under
-- satisfaction.flagBelowRate, or it returned its form without a valid satisfaction result.
CREATE OR REPLACE TABLE org_score AS
WITH totals AS (
  SELECT period, org_id,
         CASE WHEN bool_and(self_points IS NOT NULL) THEN sum(self_points) END AS self_total,
         CASE WHEN bool_and(bureau_points IS NOT NULL) THEN sum(bureau_points) END AS bureau_total,
         CASE WHEN bool_and(final_points IS NOT NULL) THEN sum(final_points) END AS total,
         sum(CASE WHEN fed_by_ballots AND satisfaction_status = 'valid' THEN param('satisfaction.dimensionShare') * max_points * index_se ELSE 0 END) AS total_se,
         bool_and(self_points IS NOT NULL) AS self_complete, bool_and(bureau_points IS NOT NULL) AS bureau_complete,
         bool_and(final_points IS NOT NULL OR weighted_points IS NULL) AS satisfaction_complete
  FROM org_dimension_final GROUP BY ALL
)
SELECT t.period, t.org_id, o.name, o.type, o.level, o.parent_id,
       t.self_total, t.bureau_total, t.total,
       s.satisfaction_index, s.satisfaction_rate, s.rate_low, s.rate_high, s.n AS satisfaction_n,
       coalesce(s.status, 'insufficient') AS satisfaction_status, coalesce(s.flagged, false) AS satisfaction_flagged,
       s.category_status AS satisfaction_category_status,
       r.returned AND (coalesce(s.flagged, false) OR coalesce(s.status, 'insufficient') <> 'valid') AS follow_up,
       t.total - param('ranking.intervalZ') * t.total_se AS total_low,
       t.total + param('ranking.intervalZ') * t.total_se AS total_high,
       CASE WHEN NOT r.returned THEN 'not_returned' WHEN t.total IS NULL THEN 'insufficient' ELSE 'ok' END AS status,
       CASE WHEN r.returned AND t.total IS NULL THEN list_filter(
         [CASE WHEN NOT t.self_complete THEN 'self' END, CASE WHEN NOT t.bureau_complete THEN 'bureau' END,
          CASE WHEN NOT t.satisfaction_complete THEN 'satisfaction' END], x -> x IS NOT NULL) END AS missing,
       (SELECT b.label FROM scheme_band b WHERE b.scale = 'org' AND b.min <= t.total + 1e-9 ORDER BY b.min DESC LIMIT 1) AS band
FROM totals t JOIN current_roster_org o USING (org_id) JOIN org_return r USING (period, org_id)
LEFT JOIN org_satisfaction s USING (period, org_id)
