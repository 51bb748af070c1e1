-- Competition ranking (1, 2, 2, 4) of organizations with a total, among their siblings: the
-- organizations directly under the bureau (a 党总支 among them, standing for its school) are
-- ranked together, and a 党总支's own branches within it — a 党总支 and its branches are
-- never ranked against each other. rank_in_type: within the same siblings and unit type. Equal
-- totals are separated by ranking.orgTieBreak in order, and stay tied when every key is equal.
-- Tiers: ordered by rank, a new tier starts where an organization's interval
-- (total_low..total_high, see org_score) no longer overlaps the one ranked just above it, so
-- organizations whose difference is within the ballots' uncertainty share a tier. (The rule
-- is the rank_and_tier macro, shared with member_rank.)
CREATE OR REPLACE TABLE org_rank AS
WITH keys AS (SELECT tiebreak('org', 1) AS k1, tiebreak('org', 2) AS k2, tiebreak('org', 3) AS k3),
k AS (
  SELECT period, parent_id AS scope, org_id AS id, type AS grp, total, total_low, total_high,
         [CASE k1 WHEN 'bureau' THEN bureau_total WHEN 'self' THEN self_total WHEN 'satisfaction' THEN satisfaction_index END,
          CASE k2 WHEN 'bureau' THEN bureau_total WHEN 'self' THEN self_total WHEN 'satisfaction' THEN satisfaction_index END,
          CASE k3 WHEN 'bureau' THEN bureau_total WHEN 'self' THEN self_total WHEN 'satisfaction' THEN satisfaction_index END] AS tb
  FROM org_score, keys WHERE total IS NOT NULL
)
SELECT period, id AS org_id, rank, rank_in_group AS rank_in_type, ranked, tier FROM rank_and_tier(k)
