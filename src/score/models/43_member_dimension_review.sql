-- 五个模范 per member, where electronic ballots graded the five models: mean value and n,
-- over the same ballots as the 民主评议 — a ballot excellent_quota voids is left out here too.
CREATE OR REPLACE TABLE member_dimension_review AS
SELECT b.period, b.org_id, b.member_id, b.aspect AS dimension, d.label, d.ord,
       count(*) FILTER (WHERE g.value IS NOT NULL) AS n, avg(g.value) AS mean
FROM current_member_ballot b
JOIN scheme_grade g ON g.scale = 'member' AND g.key = b.grade
JOIN scheme_dimension d ON d.scale = 'member' AND d.key = b.aspect
WHERE NOT EXISTS (SELECT 1 FROM excellent_quota q WHERE q.kind = 'ballot' AND q.void AND q.period = b.period AND q.org_id = b.org_id AND q.ballot_id = b.ballot_id AND q.category = b.category)
GROUP BY ALL
