-- 优秀 on ballots is limited to quotas.excellentGradeShareMax of the branch's members
-- (default one third). An electronic ballot over the limit is void and left out of the
-- 民主评议 (kind 'ballot'); for a paper tally only the sum can be checked: more 优秀 votes
-- than returned ballots × the limit is flagged for the branch (kind 'tally'), not corrected.
CREATE OR REPLACE TABLE excellent_quota AS
WITH size AS (
  SELECT org_id, count(*) AS members FROM current_roster_member GROUP BY ALL
), excellent AS (
  SELECT key FROM scheme_grade WHERE scale = 'member' AND is_excellent
), ballots AS (
  SELECT b.period, b.org_id, b.category, b.ballot_id, count(*) FILTER (WHERE b.grade IN (SELECT key FROM excellent)) AS excellent
  FROM current_member_ballot b WHERE b.aspect = 'overall' GROUP BY ALL
), tallies AS (
  SELECT t.period, t.org_id, t.category, sum(t.votes) FILTER (WHERE t.grade IN (SELECT key FROM excellent)) AS excellent
  FROM current_member_tally t GROUP BY ALL
)
SELECT 'ballot' AS kind, b.period, b.org_id, b.category, b.ballot_id, b.excellent::INTEGER AS excellent,
       floor(param('quotas.excellentGradeShareMax') * s.members + 1e-9)::INTEGER AS allowed
FROM ballots b JOIN size s USING (org_id)
WHERE b.excellent > floor(param('quotas.excellentGradeShareMax') * s.members + 1e-9)
UNION ALL
SELECT 'tally', t.period, t.org_id, t.category, NULL, t.excellent::INTEGER,
       (floor(param('quotas.excellentGradeShareMax') * s.members + 1e-9) * r.returned)::INTEGER
FROM tallies t JOIN size s USING (org_id)
JOIN current_ballot_round r ON r.period = t.period AND r.org_id = t.org_id AND r.round = 'democraticReview' AND r.category = t.category
WHERE t.excellent > floor(param('quotas.excellentGradeShareMax') * s.members + 1e-9) * r.returned
