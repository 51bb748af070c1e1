-- 优秀 on ballots is limited to quotas.excellentGradeShareMax of the branch's members
-- (default one third, rounded down): every breach is a row here, and each is reported.
--   kind 'ballot': an electronic ballot with more 优秀 than allowed; void (left out of the
--     民主评议 and counted as rejected) unless quotas.excellentOverLimit is 'warn'.
--   kind 'tally': for a paper tally only the sum can be checked: more 优秀 votes in a rater
--     category than returned ballots × the limit; void — that category's tally of the branch is
--     left out — only when quotas.excellentOverLimit is 'voidTally', otherwise counted.
-- Located for the reports: a ballot at its first row of the ballot sheet (rows: how many), a
-- tally at the category's row of the ballot counts (评议票数), where the ballots returned are.
CREATE OR REPLACE TABLE excellent_quota AS
WITH size AS (
  SELECT org_id, count(*) AS members, floor(param('quotas.excellentGradeShareMax') * count(*) + 1e-9)::INTEGER AS per_ballot
  FROM current_roster_member GROUP BY ALL
), excellent AS (
  SELECT key FROM scheme_grade WHERE scale = 'member' AND is_excellent
), ballots AS (
  SELECT b.period, b.org_id, b.category, b.ballot_id,
         count(*) FILTER (WHERE b.grade IN (SELECT key FROM excellent)) AS excellent,
         arg_min(b.submission_id, b.row_no) AS submission_id, arg_min(b.sheet, b.row_no) AS sheet,
         min(b.row_no) AS row_no, count(*) AS rows
  FROM current_member_ballot b GROUP BY ALL
), tallies AS (
  SELECT t.period, t.org_id, t.category, sum(t.votes) FILTER (WHERE t.grade IN (SELECT key FROM excellent)) AS excellent
  FROM current_member_tally t GROUP BY ALL
)
SELECT 'ballot' AS kind, b.period, b.org_id, b.category, b.ballot_id, b.excellent::INTEGER AS excellent,
       s.per_ballot AS allowed, s.per_ballot, s.members::INTEGER AS members, NULL::INTEGER AS returned,
       param_text('quotas.excellentOverLimit') <> 'warn' AS void,
       b.submission_id, b.sheet, b.row_no, b.rows::INTEGER AS rows
FROM ballots b JOIN size s USING (org_id)
WHERE b.excellent > s.per_ballot
UNION ALL
SELECT 'tally', t.period, t.org_id, t.category, NULL, t.excellent::INTEGER,
       (s.per_ballot * r.returned)::INTEGER, s.per_ballot, s.members::INTEGER, r.returned,
       param_text('quotas.excellentOverLimit') = 'voidTally',
       r.submission_id, r.sheet, r.row_no, NULL
FROM tallies t JOIN size s USING (org_id)
JOIN current_ballot_round r ON r.period = t.period AND r.org_id = t.org_id AND r.round = 'democraticReview' AND r.category = t.category
WHERE t.excellent > s.per_ballot * r.returned
