-- Krippendorff's α for ordinal grades per branch and period, from the 民主评议 votes: units
-- are members, values the grades their ballots gave (all categories pooled). With n_uc the
-- votes for grade c on member u and m_u their sum (members with m_u ≥ 2):
--   coincidences o_ck = Σ_u (n_uc·n_uk − [c=k]·n_uc) / (m_u − 1),  n_c = Σ_k o_ck,  n = Σ n_c
--   ordinal δ²_ck = (Σ_{g from c to k} n_g − (n_c + n_k) / 2)²
--   α = 1 − (n − 1) · Σ o_ck·δ²_ck / Σ n_c·n_k·δ²_ck
-- α near 1: raters agree on who is better; near 0: no more agreement than chance.
CREATE OR REPLACE TABLE rater_agreement AS
WITH counts AS (
  SELECT v.period, v.org_id, v.member_id, g.ord, sum(v.votes) AS n_uc
  FROM member_votes v JOIN scheme_grade g ON g.scale = 'member' AND g.key = v.grade
  WHERE g.value IS NOT NULL GROUP BY ALL HAVING sum(v.votes) > 0
), units AS (
  SELECT period, org_id, member_id, sum(n_uc) AS m_u FROM counts GROUP BY ALL HAVING sum(n_uc) >= 2
), coincidence AS (
  SELECT a.period, a.org_id, a.ord AS c, b.ord AS k,
         sum((a.n_uc * b.n_uc - CASE WHEN a.ord = b.ord THEN a.n_uc ELSE 0 END) / (u.m_u - 1)) AS o
  FROM counts a JOIN counts b USING (period, org_id, member_id) JOIN units u USING (period, org_id, member_id)
  GROUP BY ALL
), margin AS (
  SELECT period, org_id, c, sum(o) AS n_c FROM coincidence GROUP BY ALL
), metric AS (
  SELECT m1.period, m1.org_id, m1.c, m2.c AS k, m1.n_c * m2.n_c AS nn,
         power((SELECT sum(m3.n_c) FROM margin m3 WHERE m3.period = m1.period AND m3.org_id = m1.org_id
                AND m3.c BETWEEN least(m1.c, m2.c) AND greatest(m1.c, m2.c)) - (m1.n_c + m2.n_c) / 2, 2) AS d2
  FROM margin m1 JOIN margin m2 USING (period, org_id)
), sums AS (
  SELECT m.period, m.org_id, sum(coalesce(co.o, 0) * m.d2) AS observed, sum(m.nn * m.d2) AS expected
  FROM metric m LEFT JOIN coincidence co USING (period, org_id, c, k) GROUP BY ALL
)
SELECT s.period, s.org_id, t.n AS pairable_values, t.units,
       CASE WHEN s.expected > 0 THEN 1 - (t.n - 1) * s.observed / s.expected END AS alpha
FROM sums s
JOIN (SELECT period, org_id, sum(n_c) AS n, (SELECT count(*) FROM units u WHERE u.period = margin.period AND u.org_id = margin.org_id) AS units FROM margin GROUP BY ALL) t USING (period, org_id)
