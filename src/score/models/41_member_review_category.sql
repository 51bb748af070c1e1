-- 民主评议 per member and rater category: valid votes n (after any trimming), mean grade
-- value, trust and fail shares, and the round's validity for the member's branch (returned >
-- issued: void; participation under validity.participationMin: invalid; fewer valid ballots
-- cast than the category's minBallots — counted before trimming — : 数据不足). A required
-- category (raterCategories[].required) in which a member of a branch that returned its form
-- has no votes is 'missing' (its tally row absent or rejected), or 'over_limit' when
-- excellent_quota voided that category's tally.
-- With adjustments.leniency on, a member's mean from electronic ballots is corrected for each
-- rater's leniency: each ballot's values are put on the branch's common scale, value' =
-- branch mean + mean within-rater sd × (value − rater's mean) / rater's sd, so that strict and
-- lenient raters who graded different members count alike (a rater who gave everyone one
-- grade carries no ranking information and counts at the branch mean). Tallies cannot be corrected.
CREATE OR REPLACE TABLE member_review_category AS
WITH agg AS (
  SELECT v.period, v.org_id, v.member_id, v.category,
         sum(v.votes) FILTER (WHERE v.value IS NOT NULL) AS n,
         sum(v.raw_votes) FILTER (WHERE v.value IS NOT NULL) AS ballots,
         sum(v.votes * v.value) AS value_sum,
         sum(v.votes * v.value * v.value) AS value_sq,
         coalesce(sum(v.votes) FILTER (WHERE g.is_trust), 0) AS trust_votes,
         coalesce(sum(v.votes) FILTER (WHERE g.is_fail), 0) AS fail_votes,
         coalesce(sum(v.votes) FILTER (WHERE g.is_excellent), 0) AS excellent_votes
  FROM member_votes v JOIN scheme_grade g ON g.scale = 'member' AND g.key = v.grade
  GROUP BY ALL
), r AS (
  SELECT period, org_id, category, eligible, issued, returned FROM current_ballot_round WHERE round = 'democraticReview'
), graded AS (
  SELECT b.period, b.org_id, b.category, b.ballot_id, b.member_id, g.value
  FROM current_member_ballot b JOIN scheme_grade g ON g.scale = 'member' AND g.key = b.grade
  WHERE g.value IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM excellent_quota q WHERE q.kind = 'ballot' AND q.void AND q.period = b.period AND q.org_id = b.org_id AND q.ballot_id = b.ballot_id AND q.category = b.category)
), raters AS (
  SELECT period, org_id, category, ballot_id, avg(value) AS rater_mean, stddev_pop(value) AS rater_sd FROM graded GROUP BY ALL
), scale AS (
  SELECT g.period, g.org_id, g.category, avg(g.value) AS all_mean, any_value(w.within_sd) AS within_sd
  FROM graded g JOIN (SELECT period, org_id, category, avg(rater_sd) FILTER (WHERE rater_sd > 0) AS within_sd FROM raters GROUP BY ALL) w
    USING (period, org_id, category)
  GROUP BY ALL
), corrected AS (
  SELECT g.period, g.org_id, g.member_id, g.category,
         avg(CASE WHEN r.rater_sd > 0 THEN s.all_mean + s.within_sd * (g.value - r.rater_mean) / r.rater_sd ELSE s.all_mean END) AS mean
  FROM graded g JOIN raters r USING (period, org_id, category, ballot_id) JOIN scale s USING (period, org_id, category)
  GROUP BY ALL
), expected AS (
  SELECT period, org_id, member_id, category FROM agg
  UNION
  SELECT r.period, r.org_id, m.member_id, c.key
  FROM org_return r JOIN current_roster_member m USING (org_id) JOIN scheme_category c ON c.scale = 'member' AND c.required
  WHERE r.returned
)
SELECT e.period, e.org_id, e.member_id, e.category, a.n, a.ballots, a.value_sum, a.value_sq, a.trust_votes, a.fail_votes, a.excellent_votes,
       CASE WHEN param('adjustments.leniency.enabled') = 1 AND co.mean IS NOT NULL THEN co.mean ELSE a.value_sum / a.n END AS mean, r.eligible, r.issued, r.returned, c.weight, c.min_ballots, coalesce(c.required, false) AS required,
       CASE WHEN a.member_id IS NULL AND EXISTS (SELECT 1 FROM excellent_quota q WHERE q.kind = 'tally' AND q.void AND q.period = e.period AND q.org_id = e.org_id AND q.category = e.category) THEN 'over_limit'
            WHEN a.member_id IS NULL THEN 'missing'
            WHEN param('validity.voidWhenReturnedExceedsIssued') = 1 AND r.returned > r.issued THEN 'void'
            WHEN r.eligible > 0 AND r.returned < param('validity.participationMin') * r.eligible THEN 'low_participation'
            WHEN coalesce(a.ballots, 0) < c.min_ballots THEN 'too_few'
            ELSE 'valid' END AS status
FROM expected e
JOIN scheme_category c ON c.scale = 'member' AND c.key = e.category
LEFT JOIN agg a USING (period, org_id, member_id, category)
LEFT JOIN r USING (period, org_id, category)
LEFT JOIN corrected co USING (period, org_id, member_id, category)
