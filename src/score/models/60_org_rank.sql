-- Competition ranking (1, 2, 2, 4) of organizations with a total, overall and within their
-- type; equal totals are separated by ranking.orgTieBreak in order, and stay tied when every
-- key is equal. Tiers: ordered by rank, a new tier starts where an organization's interval
-- (total_low..total_high, see org_score) no longer overlaps the one ranked just above it, so
-- organizations whose difference is within the ballots' uncertainty share a tier.
CREATE OR REPLACE TABLE org_rank AS
WITH k AS (
  SELECT period, org_id, type, round(total, 6) AS total, total_low, total_high,
         [CASE tiebreak('org', 1) WHEN 'bureau' THEN bureau_total WHEN 'self' THEN self_total WHEN 'satisfaction' THEN satisfaction_index END,
          CASE tiebreak('org', 2) WHEN 'bureau' THEN bureau_total WHEN 'self' THEN self_total WHEN 'satisfaction' THEN satisfaction_index END,
          CASE tiebreak('org', 3) WHEN 'bureau' THEN bureau_total WHEN 'self' THEN self_total WHEN 'satisfaction' THEN satisfaction_index END] AS tb
  FROM org_score WHERE total IS NOT NULL
), ranked AS (
  SELECT *,
         rank() OVER (PARTITION BY period ORDER BY total DESC, tb[1] DESC NULLS LAST, tb[2] DESC NULLS LAST, tb[3] DESC NULLS LAST)::INTEGER AS rank,
         rank() OVER (PARTITION BY period, type ORDER BY total DESC, tb[1] DESC NULLS LAST, tb[2] DESC NULLS LAST, tb[3] DESC NULLS LAST)::INTEGER AS rank_in_type,
         count(*) OVER (PARTITION BY period)::INTEGER AS ranked
  FROM k
), breaks AS (
  SELECT *, coalesce(total_high < lag(total_low) OVER (PARTITION BY period ORDER BY rank, org_id), true)::INTEGER AS new_tier FROM ranked
)
SELECT period, org_id, rank, rank_in_type, ranked, (sum(new_tier) OVER (PARTITION BY period ORDER BY rank, org_id))::INTEGER AS tier FROM breaks
