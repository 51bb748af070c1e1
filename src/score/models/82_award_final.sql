-- The award lists of each period with a round: from the committee's decision (award_decided:
-- award_decision with the 表彰决定 in award_document) when the period has one — every candidate
-- it agreed to, proposed or not, except one an eligible override removes (the override applies
-- with or without a decision; against an 同意 it is also reported, scoring_problem
-- award_overridden) —, otherwise the draft of award_candidate marked draft (草案), which the
-- overrides already shape.
CREATE OR REPLACE TABLE award_final AS
WITH doc AS (
  SELECT period, doc_no, doc_date FROM current_award_document
), decided AS (
  SELECT d.period, d.award, d.candidate_id, d.reason, false AS draft
  FROM award_decided d WHERE NOT d.overridden
), drafted AS (
  SELECT c.period, c.award, c.candidate_id, NULL AS reason, true AS draft
  FROM award_candidate c WHERE c.drafted AND c.period NOT IN (SELECT period FROM doc)
), listed AS (
  SELECT * FROM decided UNION ALL SELECT * FROM drafted
)
SELECT l.period, l.award, CASE WHEN l.award = 'advanced_org' THEN 'org' ELSE 'member' END AS target, l.candidate_id,
       coalesce(o.name, m.name) AS name, coalesce(o.org_id, m.org_id) AS org_id, m.post, c.party_role,
       c.narrative, c.party_work, l.draft, d.doc_no, d.doc_date, r.level,
       row_number() OVER (PARTITION BY l.period, l.award ORDER BY c.position NULLS LAST, c.rank NULLS LAST, l.candidate_id) AS position
FROM listed l
JOIN scheme_award_round r USING (period, award)
LEFT JOIN award_candidate c USING (period, award, candidate_id)
LEFT JOIN current_roster_org o ON l.award = 'advanced_org' AND o.org_id = l.candidate_id
LEFT JOIN current_roster_member m ON l.award <> 'advanced_org' AND m.member_id = l.candidate_id
LEFT JOIN doc d USING (period)
