-- Competition ranking of graded members (status ok), within their branch and overall, with
-- ranking.memberTieBreak separating equal totals; tiers as for organizations (the same
-- rank_and_tier macro), from the 民主评议 interval (member_score.total_low..total_high).
CREATE OR REPLACE TABLE member_rank AS
WITH keys AS (SELECT tiebreak('member', 1) AS k1, tiebreak('member', 2) AS k2),
k AS (
  SELECT period, NULL AS scope, member_id AS id, org_id AS grp, total, total_low, total_high,
         [CASE k1 WHEN 'democraticReview' THEN review_score WHEN 'dailyRecord' THEN daily_score END,
          CASE k2 WHEN 'democraticReview' THEN review_score WHEN 'dailyRecord' THEN daily_score END] AS tb
  FROM member_score, keys WHERE status = 'ok'
)
SELECT period, id AS member_id, rank, rank_in_group AS rank_in_org, ranked_in_group AS ranked_in_org, tier FROM rank_and_tier(k)
