-- 民主评议 score per member over the valid categories: ballots pooled, or the categories'
-- weighted means when the scheme weights them. Trust rate (veto.trustGrades share) and fail
-- share pooled over the same ballots. review_se is the standard error of the mean (tiers).
-- status: 'valid' needs a valid result in every required category (raterCategories[].required)
-- and at least one valid category; 'unverified' (待核实) when a required category has none —
-- no score, trust rate or fail share is given then, so that no grade and no veto rests on part
-- of the ballots —; otherwise, with no valid category, the reason (void, low_participation,
-- too_few). category_status keeps every category's own status.
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
         bool_or(required AND status <> 'valid') AS required_invalid,
         CASE WHEN bool_or(status = 'void') THEN 'void' WHEN bool_or(status = 'low_participation') THEN 'low_participation' ELSE 'too_few' END AS worst
  FROM member_review_category GROUP BY ALL
), judged AS (
  SELECT e.period, e.org_id, e.member_id, e.category_status, p.n, p.review_score, p.trust_rate, p.fail_share, p.excellent_votes, p.review_se,
         CASE WHEN e.required_invalid THEN 'unverified' WHEN p.n IS NOT NULL THEN 'valid' ELSE e.worst END AS status
  FROM every e LEFT JOIN pooled p USING (period, member_id)
)
SELECT period, org_id, member_id, category_status, status,
       CASE WHEN status = 'valid' THEN n END AS n,
       CASE WHEN status = 'valid' THEN review_score END AS review_score,
       CASE WHEN status = 'valid' THEN trust_rate END AS trust_rate,
       CASE WHEN status = 'valid' THEN fail_share END AS fail_share,
       CASE WHEN status = 'valid' THEN excellent_votes END AS excellent_votes,
       CASE WHEN status = 'valid' THEN review_se END AS review_se
FROM judged
