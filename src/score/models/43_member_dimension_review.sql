-- 五个模范 per member: mean grade value and n, from the electronic ballots that graded the five
-- models, or — for a branch that sent no electronic ballots — from the 五个模范计票 of its paper
-- tally (member.fiveModels.onTally). This is the member's five-model profile. Over the same
-- ballots as the 民主评议: a ballot excellent_quota voids is left out here too. A ballot's row
-- holds the five models as "key=grade;…" (member_ballot.aspects): one row per model here.
CREATE OR REPLACE TABLE member_dimension_review AS
WITH aspect AS (
  SELECT b.period, b.org_id, b.member_id, b.category, b.ballot_id, unnest(string_split(b.aspects, ';')) AS pair
  FROM current_member_ballot b WHERE b.aspects <> ''
), votes AS (
  SELECT a.period, a.org_id, a.member_id, split_part(a.pair, '=', 1) AS dimension, split_part(a.pair, '=', 2) AS grade, count(*) AS votes
  FROM aspect a
  WHERE NOT EXISTS (SELECT 1 FROM excellent_quota q WHERE q.kind = 'ballot' AND q.void AND q.period = a.period AND q.org_id = a.org_id AND q.ballot_id = a.ballot_id AND q.category = a.category)
  GROUP BY ALL
  UNION ALL
  SELECT t.period, t.org_id, t.member_id, t.dimension, t.grade, t.votes FROM current_member_model_tally t
  WHERE NOT EXISTS (SELECT 1 FROM current_member_ballot b WHERE b.period = t.period AND b.org_id = t.org_id)
)
SELECT v.period, v.org_id, v.member_id, v.dimension, d.label, d.ord,
       coalesce(sum(v.votes) FILTER (WHERE g.value IS NOT NULL), 0)::BIGINT AS n,
       sum(v.votes * g.value) FILTER (WHERE g.value IS NOT NULL) / nullif(sum(v.votes) FILTER (WHERE g.value IS NOT NULL), 0) AS mean
FROM votes v
JOIN scheme_grade g ON g.scale = 'member' AND g.key = v.grade
JOIN scheme_dimension d ON d.scale = 'member' AND d.key = v.dimension
GROUP BY ALL
