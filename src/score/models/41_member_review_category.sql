-- 民主评议 per member and rater category: valid votes n, mean grade value, trust and fail
-- shares, and the round's validity for the member's branch (returned > issued: void;
-- participation under validity.participationMin: invalid; n under the category's
-- minBallots: 数据不足).
CREATE OR REPLACE TABLE member_review_category AS
WITH agg AS (
  SELECT v.period, v.org_id, v.member_id, v.category,
         sum(v.votes) FILTER (WHERE v.value IS NOT NULL) AS n,
         sum(v.votes * v.value) AS value_sum,
         sum(v.votes * v.value * v.value) AS value_sq,
         coalesce(sum(v.votes) FILTER (WHERE g.is_trust), 0) AS trust_votes,
         coalesce(sum(v.votes) FILTER (WHERE g.is_fail), 0) AS fail_votes,
         coalesce(sum(v.votes) FILTER (WHERE g.is_excellent), 0) AS excellent_votes
  FROM member_votes v JOIN scheme_grade g ON g.scale = 'member' AND g.key = v.grade
  GROUP BY ALL
), r AS (
  SELECT period, org_id, category, eligible, issued, returned FROM current_ballot_round WHERE round = 'democraticReview'
)
SELECT a.*, a.value_sum / a.n AS mean, r.eligible, r.issued, r.returned, c.weight, c.min_ballots,
       CASE WHEN param('validity.voidWhenReturnedExceedsIssued') = 1 AND r.returned > r.issued THEN 'void'
            WHEN r.eligible > 0 AND r.returned < param('validity.participationMin') * r.eligible THEN 'low_participation'
            WHEN coalesce(a.n, 0) < c.min_ballots THEN 'too_few'
            ELSE 'valid' END AS status
FROM agg a
JOIN scheme_category c ON c.scale = 'member' AND c.key = a.category
LEFT JOIN r USING (period, org_id, category)
