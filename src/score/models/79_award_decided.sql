-- The committee's decided lists: every candidate agreed to (同意) in a period's decision
-- (award_decision, the period having its 表彰决定 in award_document), with the eligible
-- override (overrides.yaml) that removes the candidate afterwards, when there is one:
-- overridden is true when the committee's override for that period, target and id says
-- eligible false. Such a candidate is not on the final list (award_final) nor in the history
-- (award_history), and the contradiction is reported (scoring_problem award_overridden).
CREATE OR REPLACE TABLE award_decided AS
SELECT d.period, d.award, CASE WHEN d.award = 'advanced_org' THEN 'org' ELSE 'member' END AS target, d.candidate_id,
       d.reason, d.submission_id, d.sheet, d.row_no,
       o.id IS NOT NULL AS overridden, o.decided_by AS override_by, o.decided_on AS override_on, o.reason AS override_reason
FROM current_award_decision d
LEFT JOIN (SELECT period, target, id, arg_max(decided_by, decided_on) AS decided_by, max(decided_on) AS decided_on,
                  arg_max(reason, decided_on) AS reason
           FROM override WHERE field = 'eligible' AND value = 'false' GROUP BY ALL) o
  ON o.period = d.period AND o.id = d.candidate_id
 AND o.target = CASE WHEN d.award = 'advanced_org' THEN 'org' ELSE 'member' END
WHERE d.agreed AND EXISTS (SELECT 1 FROM current_award_document x WHERE x.period = d.period)
