-- 结对子 / 一带一 per organization and period, and for the whole system (org_id NULL): its young
-- members (member_result.young: under cohort.youngAgeBelow in full years at the period's end),
-- how many of them are the mentee of a pair this period (young_paired), coverage =
-- young_paired ÷ young_members, the pairs recorded and the distinct mentors.
CREATE OR REPLACE TABLE pair_coverage AS
WITH paired AS (
  SELECT DISTINCT period, mentee_id AS member_id FROM current_member_pair
), per_org AS (
  SELECT r.period, r.org_id,
         count(*) FILTER (WHERE r.young)::INTEGER AS young_members,
         count(*) FILTER (WHERE r.young AND p.member_id IS NOT NULL)::INTEGER AS young_paired
  FROM member_result r LEFT JOIN paired p USING (period, member_id)
  GROUP BY ALL
), pairs AS (
  SELECT period, org_id, count(*)::INTEGER AS pairs, count(DISTINCT mentor_id)::INTEGER AS mentors
  FROM current_member_pair GROUP BY ALL
), orgs AS (
  SELECT o.period, o.org_id, o.young_members, o.young_paired,
         coalesce(p.pairs, 0) AS pairs, coalesce(p.mentors, 0) AS mentors
  FROM per_org o LEFT JOIN pairs p USING (period, org_id)
)
SELECT *, young_paired / nullif(young_members, 0) AS coverage FROM orgs
UNION ALL
SELECT period, NULL, sum(young_members)::INTEGER, sum(young_paired)::INTEGER, sum(pairs)::INTEGER,
       (SELECT count(DISTINCT mentor_id)::INTEGER FROM current_member_pair x WHERE x.period = o.period),
       sum(young_paired) / nullif(sum(young_members), 0)
FROM orgs o GROUP BY period
