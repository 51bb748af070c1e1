-- 民主评议 score per member over the valid categories: ballots pooled, or the categories'
-- weighted means when the scheme weights them. Trust rate (veto.trustGrades share) and fail
-- share pooled over the same ballots. review_se is the standard error of the mean (tiers).
-- status: valid, or the reason no score is given (the categories' own statuses are kept).
CREATE OR REPLACE TABLE member_review AS
WITH v AS (SELECT * FROM member_review_category WHERE status = 'valid'),
pooled AS (
  SELECT period, member_id, sum(n)::INTEGER AS n,
         CASE WHEN bool_and(weight IS NOT NULL) THEN sum(weight * mean) / sum(weight) ELSE sum(mean * n) / sum(n) END AS review_score,
         sum(trust_votes) / sum(n) AS trust_rate,
         sum(fail_votes) / sum(n) AS fail_share,
         sum(excellent_votes) AS excellent_votes,
         sqrt(greatest(sum(value_sq) / sum(n) - power(sum(value_sum) / sum(n), 2), 0) / sum(n)) AS review_se
  FROM v GROUP BY ALL
), every AS (
  SELECT period, org_id, member_id, string_agg(category || ':' || status, ',' ORDER BY category) AS category_status,
         CASE WHEN bool_or(status = 'void') THEN 'void' WHEN bool_or(status = 'low_participation') THEN 'low_participation' ELSE 'too_few' END AS worst
  FROM member_review_category GROUP BY ALL
)
SELECT e.period, e.org_id, e.member_id, e.category_status, p.n, p.review_score, p.trust_rate, p.fail_share, p.excellent_votes, p.review_se,
       CASE WHEN p.n IS NOT NULL THEN 'valid' ELSE e.worst END AS status
FROM every e LEFT JOIN pooled p USING (period, member_id)
