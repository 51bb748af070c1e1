-- Every commitment of a period: the organization's own (level org, member_id NULL) and its
-- members' (level member), with what its 兑现 status means:
--   due: judged this period (kept, partial, unkept) and counted in the 兑现率 with credit 1,
--     commitments.partialCredit or 0; postponed and notDue ones are not judged yet;
--   carries_forward: everything not kept goes onto the next period's form (pingyi forms);
--   carried_in: made in an earlier period (its 承诺期) and reported again in this one;
--   unexcused: partial or unkept without its reason accepted at the 评诺 (原因是否认可 not 是).
CREATE OR REPLACE TABLE commitment_status AS
WITH c AS (
  SELECT period, org_id, 'org' AS level, NULL::VARCHAR AS member_id, sheet, row_no, category, content, deadline,
         responsible, status, explanation, rating, reason_accepted, made_in
  FROM current_org_commitment
  UNION ALL
  SELECT period, org_id, 'member', member_id, sheet, row_no, category, content, deadline,
         NULL, status, explanation, rating, reason_accepted, made_in
  FROM current_member_commitment
)
SELECT *,
       status IN ('kept', 'partial', 'unkept') AS due,
       CASE status WHEN 'kept' THEN 1 WHEN 'partial' THEN param('commitments.partialCredit') WHEN 'unkept' THEN 0 END AS credit,
       status <> 'kept' AS carries_forward,
       made_in < period AS carried_in,
       status IN ('partial', 'unkept') AND NOT coalesce(reason_accepted, false) AS unexcused
FROM c
