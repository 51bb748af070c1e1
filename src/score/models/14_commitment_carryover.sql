-- What became of the commitments carried into a period: each one that carried forward from
-- the previous period (commitment_status.carries_forward), for an organization that sent its
-- form this period, with its status then and now. Matched by organization, member and content
-- (white space ignored); status NULL (reported false) = left off this period's form.
CREATE OR REPLACE TABLE commitment_carryover AS
WITH reporting AS (
  SELECT period, org_id FROM current_self_assessment
  UNION SELECT period, org_id FROM current_daily_record
  UNION SELECT period, org_id FROM commitment_status
), squeezed AS (
  SELECT *, regexp_replace(content, '\s+', '', 'g') AS words FROM commitment_status
)
SELECT r.period, p.org_id, p.level, p.member_id, p.category, p.content, p.deadline, p.responsible, p.made_in,
       p.status AS previous_status, p.explanation AS previous_explanation, n.status, n.status IS NOT NULL AS reported
FROM reporting r
JOIN squeezed p ON p.org_id = r.org_id AND p.period = previous_period(r.period) AND p.carries_forward
LEFT JOIN squeezed n ON n.period = r.period AND n.org_id = p.org_id AND n.level = p.level
  AND n.member_id IS NOT DISTINCT FROM p.member_id AND n.words = p.words
