-- Competition ranking of graded members (status ok), within their branch and overall, with
-- ranking.memberTieBreak separating equal totals; tiers as for organizations, from the
-- 民主评议 interval (member_score.total_low..total_high).
CREATE OR REPLACE TABLE member_rank AS
WITH k AS (
  SELECT period, member_id, org_id, round(total, 6) AS total, total_low, total_high,
         [CASE tiebreak('member', 1) WHEN 'democraticReview' THEN review_score WHEN 'dailyRecord' THEN daily_score END,
          CASE tiebreak('member', 2) WHEN 'democraticReview' THEN review_score WHEN 'dailyRecord' THEN daily_score END] AS tb
  FROM member_score WHERE status = 'ok'
), ranked AS (
  SELECT *,
         rank() OVER (PARTITION BY period ORDER BY total DESC, tb[1] DESC NULLS LAST, tb[2] DESC NULLS LAST)::INTEGER AS rank,
         rank() OVER (PARTITION BY period, org_id ORDER BY total DESC, tb[1] DESC NULLS LAST, tb[2] DESC NULLS LAST)::INTEGER AS rank_in_org,
         count(*) OVER (PARTITION BY period, org_id)::INTEGER AS ranked_in_org
  FROM k
), breaks AS (
  SELECT *, coalesce(total_high < lag(total_low) OVER (PARTITION BY period ORDER BY rank, member_id), true)::INTEGER AS new_tier FROM ranked
)
SELECT period, member_id, rank, rank_in_org, ranked_in_org, (sum(new_tier) OVER (PARTITION BY period ORDER BY rank, member_id))::INTEGER AS tier FROM breaks
