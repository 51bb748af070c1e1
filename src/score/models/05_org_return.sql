-- Every organization of the roster in every period with data, and whether it returned its
-- form: returned when the period holds any record of its own form (自评, 评议票数, 计票, 电子票,
-- 满意度, 意见建议, 日常量化, 公开承诺); the bureau's 上级考评 and 点评 do not count. An
-- organization that has not returned it is 未交, and so are its members: they are listed as
-- such, never left out. submission_id: the form that problems about the organization's data
-- as a whole are reported against (the first of its submissions holding records).
CREATE OR REPLACE TABLE org_return AS
WITH held AS (
  SELECT DISTINCT period, org_id, submission_id FROM current_self_assessment
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_ballot_round
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_member_tally
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_member_ballot
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_satisfaction_tally
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_public_comment
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_daily_record
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_org_commitment
  UNION SELECT DISTINCT period, org_id, submission_id FROM current_member_commitment
), own AS (
  SELECT period, org_id, min(submission_id) AS submission_id FROM held GROUP BY ALL
), periods AS (
  SELECT period FROM own UNION SELECT DISTINCT period FROM current_bureau_review
)
SELECT p.period, o.org_id, w.org_id IS NOT NULL AS returned, w.submission_id
FROM periods p CROSS JOIN current_roster_org o LEFT JOIN own w USING (period, org_id)
