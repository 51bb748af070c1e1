-- Problems the scoring finds in the data, each reported like a problem of the reading (file,
-- sheet, row, value; the words are report/wording.ts's), in build.log, the summary, the
-- organization's own report and results.xlsx. code:
--   excellent_ballot / excellent_tally: a breach of the 优秀 limit (excellent_quota); an error
--     when it was voided, a warning when it was counted;
--   low_participation: a round whose participation is under validity.participationMin (error:
--     its ballots do not count);
--   too_few: a satisfaction category with fewer valid ballots than its minBallots (error);
--   missing: a required category without any ballots in a form that was returned (warning);
--   award_overridden: the decision (评先选优审定表) agrees (同意) to a candidate an eligible
--     override removes (award_decided.overridden): the candidate is off the list, and the
--     office is told at the decision's row (warning);
--   award_agreed_failing: the decision agrees to a candidate who fails a rule of the award
--     (award_candidate.fails, not counting not_proposed) and gives no reason: the committee
--     may decide so, but the office checks it or has the reason written (warning). fails: the codes.
-- (A round with more ballots returned than issued is already reported by the reading, and a
-- form that never came back by the check across files.)
CREATE OR REPLACE TABLE scoring_problem AS
WITH excellent AS (
  SELECT period, org_id, 'excellent_' || kind AS code, 'democraticReview' AS round, category, ballot_id,
         CASE WHEN void THEN 'error' ELSE 'warning' END AS severity, submission_id, sheet, row_no,
         excellent AS observed, allowed, per_ballot, members, returned, rows
  FROM excellent_quota
), participation AS (
  SELECT r.period, r.org_id, 'low_participation' AS code, r.round, r.category, 'error' AS severity,
         r.submission_id, r.sheet, r.row_no, r.eligible, r.returned
  FROM current_ballot_round r
  JOIN scheme_category c ON c.key = r.category AND c.scale = CASE r.round WHEN 'satisfaction' THEN 'satisfaction' ELSE 'member' END
  WHERE r.eligible > 0 AND r.returned < param('validity.participationMin') * r.eligible
    AND NOT (param('validity.voidWhenReturnedExceedsIssued') = 1 AND r.returned > r.issued)
), satisfaction AS (
  SELECT s.period, s.org_id, s.status AS code, 'satisfaction' AS round, s.category,
         CASE s.status WHEN 'missing' THEN 'warning' ELSE 'error' END AS severity,
         coalesce(t.submission_id, o.submission_id) AS submission_id, t.sheet, t.row_no,
         s.valid AS observed, s.min_ballots AS allowed
  FROM org_satisfaction_category s
  JOIN org_return o USING (period, org_id)
  LEFT JOIN (SELECT period, org_id, category, arg_min(submission_id, row_no) AS submission_id, arg_min(sheet, row_no) AS sheet, min(row_no) AS row_no
             FROM current_satisfaction_tally GROUP BY ALL) t USING (period, org_id, category)
  WHERE s.status IN ('too_few', 'missing')
), review_missing AS (
  SELECT c.period, c.org_id, 'missing' AS code, 'democraticReview' AS round, c.category, 'warning' AS severity, o.submission_id
  FROM member_review_category c JOIN org_return o USING (period, org_id)
  GROUP BY c.period, c.org_id, c.category, o.submission_id HAVING bool_and(c.status = 'missing')
), award_overridden AS (
  SELECT d.period, '' AS org_id, 'award_overridden' AS code, 'warning' AS severity, d.submission_id, d.sheet, d.row_no,
         d.candidate_id AS ballot_id, d.award, d.candidate_id, coalesce(o.name, m.name) AS name,
         d.override_by, d.override_on, d.override_reason
  FROM award_decided d
  LEFT JOIN current_roster_org o ON d.target = 'org' AND o.org_id = d.candidate_id
  LEFT JOIN current_roster_member m ON d.target = 'member' AND m.member_id = d.candidate_id
  WHERE d.overridden
), award_agreed_failing AS (
  SELECT d.period, '' AS org_id, 'award_agreed_failing' AS code, 'warning' AS severity, d.submission_id, d.sheet, d.row_no,
         d.candidate_id AS ballot_id, d.award, d.candidate_id, c.name, c.fails
  FROM award_decided d
  JOIN (SELECT period, award, candidate_id, name, list_filter(fails, f -> f <> 'not_proposed') AS fails FROM award_candidate) c
    USING (period, award, candidate_id)
  WHERE NOT d.overridden AND coalesce(trim(d.reason), '') = '' AND len(c.fails) > 0
)
SELECT * FROM excellent
UNION ALL BY NAME SELECT * FROM participation
UNION ALL BY NAME SELECT * FROM satisfaction
UNION ALL BY NAME SELECT * FROM review_missing
UNION ALL BY NAME SELECT * FROM award_overridden
UNION ALL BY NAME SELECT * FROM award_agreed_failing
