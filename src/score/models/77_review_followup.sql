-- 领导点评 with its 整改 follow-up: for each organization (member_id NULL) and each member with a
-- 点评 this period or the previous one, this period's strengths, problems, direction and
-- reviewer beside the previous period's problems — the first thing this 点评 checks.
-- commented false with previous_problems set = this period's 点评 was left blank.
-- Only periods with results (org_result) are listed.
CREATE OR REPLACE TABLE review_followup AS
WITH c AS (
  SELECT period, org_id, NULL::VARCHAR AS member_id, strengths, problems, direction, reviewer FROM current_review_comment
  UNION ALL
  SELECT period, org_id, member_id, strengths, problems, direction, reviewer FROM current_member_comment
), periods AS (
  SELECT DISTINCT period FROM org_result
), keys AS (
  SELECT period, org_id, member_id FROM c
  UNION
  SELECT p.period, c.org_id, c.member_id FROM c JOIN periods p ON c.period = previous_period(p.period)
)
SELECT k.period, k.org_id, k.member_id,
       cur.strengths, cur.problems, cur.direction, cur.reviewer, cur.period IS NOT NULL AS commented,
       prev.problems AS previous_problems, prev.reviewer AS previous_reviewer
FROM keys k
JOIN periods USING (period)
LEFT JOIN c cur ON cur.period = k.period AND cur.org_id = k.org_id AND cur.member_id IS NOT DISTINCT FROM k.member_id
LEFT JOIN c prev ON prev.period = previous_period(k.period) AND prev.org_id = k.org_id
  AND prev.member_id IS NOT DISTINCT FROM k.member_id
