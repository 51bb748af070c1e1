-- What reports show for each organization and period: scores, rank and tier, the change
-- since the previous period, and the committee's overrides (看票不唯票) applied on top with
-- who, when and why — proposed_band keeps the band the rules gave.
CREATE OR REPLACE TABLE org_result AS
WITH cur AS (
  SELECT s.*, r.rank, r.rank_in_type, r.ranked, r.tier FROM org_score s LEFT JOIN org_rank r USING (period, org_id)
), o AS (
  SELECT period, id AS org_id, value AS band, decided_by, decided_on, reason FROM override WHERE target = 'org' AND field = 'band'
)
SELECT c.*, c.band AS proposed_band, coalesce(o.band, c.band) AS final_band,
       o.band IS NOT NULL AS overridden, o.decided_by AS override_by, o.decided_on AS override_on, o.reason AS override_reason,
       p.total AS previous_total, c.total - p.total AS total_change, p.rank AS previous_rank, p.rank - c.rank AS rank_change
FROM cur c
LEFT JOIN o USING (period, org_id)
LEFT JOIN (SELECT s.period, s.org_id, s.total, r.rank FROM org_score s LEFT JOIN org_rank r USING (period, org_id)) p
  ON p.org_id = c.org_id AND p.period = previous_period(c.period)
