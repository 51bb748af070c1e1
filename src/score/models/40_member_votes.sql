-- 民主评议 votes per member, rater category and grade. Electronic ballots, when a branch sent
-- any for the period, replace its tally (ingest warns when both were filled in); ballots and
-- tallies over the 优秀 limit that excellent_quota voids are left out.
-- With adjustments.trim on and at least trim.minBallots valid votes in a category, one vote of
-- the highest and one of the lowest grade present are taken out (去掉一个最高分和一个最低分).
CREATE OR REPLACE TABLE member_votes AS
WITH raw AS (
  SELECT period, org_id, member_id, category, grade, count(*)::INTEGER AS votes
  FROM current_member_ballot b
  WHERE NOT EXISTS (SELECT 1 FROM excellent_quota q WHERE q.kind = 'ballot' AND q.void AND q.period = b.period AND q.org_id = b.org_id AND q.ballot_id = b.ballot_id AND q.category = b.category)
  GROUP BY ALL
  UNION ALL
  SELECT t.period, t.org_id, t.member_id, t.category, t.grade, t.votes FROM current_member_tally t
  WHERE NOT EXISTS (SELECT 1 FROM current_member_ballot b WHERE b.period = t.period AND b.org_id = t.org_id)
    AND NOT EXISTS (SELECT 1 FROM excellent_quota q WHERE q.kind = 'tally' AND q.void AND q.period = t.period AND q.org_id = t.org_id AND q.category = t.category)
), valued AS (
  SELECT r.*, g.value, sum(r.votes) FILTER (WHERE g.value IS NOT NULL) OVER (PARTITION BY period, member_id, category) AS n,
         max(g.value) FILTER (WHERE r.votes > 0) OVER (PARTITION BY period, member_id, category) AS top,
         min(g.value) FILTER (WHERE r.votes > 0) OVER (PARTITION BY period, member_id, category) AS bottom
  FROM raw r JOIN scheme_grade g ON g.scale = 'member' AND g.key = r.grade
)
SELECT period, org_id, member_id, category, grade, value, votes AS raw_votes,
       votes - CASE WHEN param('adjustments.trim.enabled') = 1 AND n >= param('adjustments.trim.minBallots') AND votes > 0
                    THEN (value = top)::INTEGER + (value = bottom)::INTEGER ELSE 0 END AS votes
FROM valued
