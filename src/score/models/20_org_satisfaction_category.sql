-- 群众满意度 per rater category: valid ballots (grades with a value; 不了解 excluded), the
-- index Σ votes × value ÷ (top value × valid), the satisfaction rate, and whether the round
-- counts: returned > issued voids it, participation under validity.participationMin makes it
-- invalid, fewer valid ballots than the category's minBallots is 数据不足. A required category
-- (raterCategories[].required) of an organization that returned its form but has no ballots
-- in it is 'missing'.
CREATE OR REPLACE TABLE org_satisfaction_category AS
WITH g AS (
  SELECT key AS grade, value, is_rate, max(value) OVER () AS top FROM scheme_grade WHERE scale = 'satisfaction'
), agg AS (
  SELECT t.period, t.org_id, t.category,
         sum(t.votes) AS votes,
         coalesce(sum(t.votes) FILTER (WHERE g.value IS NOT NULL), 0) AS valid,
         coalesce(sum(t.votes * g.value), 0) AS value_sum,
         coalesce(sum(t.votes * g.value * g.value), 0) AS value_sq,
         coalesce(sum(t.votes) FILTER (WHERE g.is_rate), 0) AS rate_votes,
         any_value(g.top) AS top
  FROM current_satisfaction_tally t JOIN g USING (grade) GROUP BY ALL
), expected AS (
  SELECT period, org_id, category FROM agg
  UNION
  SELECT r.period, r.org_id, c.key FROM org_return r JOIN scheme_category c ON c.scale = 'satisfaction' AND c.required WHERE r.returned
), r AS (
  SELECT period, org_id, category, eligible, issued, returned FROM current_ballot_round WHERE round = 'satisfaction'
)
SELECT e.period, e.org_id, e.category, a.votes, a.valid, a.value_sum, a.value_sq, a.rate_votes, a.top,
       r.eligible, r.issued, r.returned, c.weight, c.min_ballots, coalesce(c.required, false) AS required,
       CASE WHEN a.category IS NULL THEN 'missing'
            WHEN param('validity.voidWhenReturnedExceedsIssued') = 1 AND r.returned > r.issued THEN 'void'
            WHEN r.eligible > 0 AND r.returned < param('validity.participationMin') * r.eligible THEN 'low_participation'
            WHEN a.valid < c.min_ballots THEN 'too_few'
            ELSE 'valid' END AS status
FROM expected e
JOIN scheme_category c ON c.scale = 'satisfaction' AND c.key = e.category
LEFT JOIN agg a USING (period, org_id, category)
LEFT JOIN r USING (period, org_id, category)
