-- 兑现率 per organization and period, and for the whole system (org_id NULL): for the
-- organization's own commitments (level org), its members' (member) and both together (all).
-- rate = Σ credit ÷ commitments due (commitment_status; NULL when none is due yet). Beside it
-- the count per status, those carried in from an earlier period and those carrying forward;
-- for members: on the roster of the organizations counted (members), with at least one
-- commitment (committed), and with an unexcused partial or unkept one (unexcused_members).
CREATE OR REPLACE TABLE commitment_rate AS
WITH c AS (
  SELECT *, level AS scope FROM commitment_status
  UNION ALL
  SELECT *, 'all' FROM commitment_status
), counted AS (
  SELECT period, org_id, scope AS level,
         count(*)::INTEGER AS commitments,
         count(*) FILTER (WHERE status = 'kept')::INTEGER AS kept,
         count(*) FILTER (WHERE status = 'partial')::INTEGER AS partial,
         count(*) FILTER (WHERE status = 'unkept')::INTEGER AS unkept,
         count(*) FILTER (WHERE status = 'postponed')::INTEGER AS postponed,
         count(*) FILTER (WHERE status = 'notDue')::INTEGER AS not_due,
         count(*) FILTER (WHERE due)::INTEGER AS due,
         sum(credit) / nullif(count(*) FILTER (WHERE due), 0) AS rate,
         count(*) FILTER (WHERE carried_in)::INTEGER AS carried_in,
         count(*) FILTER (WHERE carries_forward)::INTEGER AS carries_forward,
         count(DISTINCT member_id)::INTEGER AS committed,
         count(DISTINCT member_id) FILTER (WHERE unexcused)::INTEGER AS unexcused_members
  FROM c GROUP BY GROUPING SETS ((period, org_id, scope), (period, scope))
), reporting AS (
  SELECT r.period, r.org_id, count(m.member_id)::INTEGER AS members
  FROM (SELECT DISTINCT period, org_id FROM commitment_status) r LEFT JOIN current_roster_member m USING (org_id)
  GROUP BY ALL
)
SELECT c.*,
       CASE WHEN c.org_id IS NULL THEN (SELECT sum(members)::INTEGER FROM reporting r WHERE r.period = c.period)
            ELSE (SELECT members FROM reporting r WHERE r.period = c.period AND r.org_id = c.org_id) END AS members
FROM counted c
