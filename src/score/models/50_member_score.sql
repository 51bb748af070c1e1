-- The member's result per period: total = 日常量化 × weights.member.dailyRecord + 民主评议 ×
-- weights.member.democraticReview, only when both exist and the 民主评议 is valid (otherwise
-- no number is given and status says why). Every member of the roster is here in every period:
-- a member of a branch that has not returned its form is 'not_returned' (未交), one whose
-- 民主评议 lacks a required category 'unverified' (待核实, see member_review) — neither graded,
-- ranked, vetoed nor awarded. band from the scheme's member bands, except:
--   vetoes (一票否决), every rule that applies, as a list of codes: trust rate under
--   veto.trustRateBelow ('low_trust'), fail share over veto.failShareAbove
--   ('high_fail_share') → the lowest band whatever the points;
--   预备党员 are not graded unless member.probationaryGraded (band NULL, score still shown).
-- A sanction in the period makes the member ineligible for awards (veto.sanctionMakesIneligible).
-- With member.fiveModels.reviewShare above 0, the 民主评议 score of a member whose five models
-- were graded is (1 − share) × the overall grades' score + share × the five models' mean
-- weighted by their points (member_dimension_review); models_mean shows that mean either way.
CREATE OR REPLACE TABLE member_score AS
WITH models AS (
  SELECT r.period, r.member_id, sum(r.mean * d.points) / sum(d.points) AS models_mean
  FROM member_dimension_review r JOIN scheme_dimension d ON d.scale = 'member' AND d.key = r.dimension
  WHERE r.mean IS NOT NULL GROUP BY ALL
), blended AS (
  SELECT rv.* REPLACE (
           CASE WHEN param('member.fiveModels.reviewShare') > 0 AND md.models_mean IS NOT NULL
                THEN (1 - param('member.fiveModels.reviewShare')) * rv.review_score + param('member.fiveModels.reviewShare') * md.models_mean
                ELSE rv.review_score END AS review_score),
         md.models_mean
  FROM member_review rv LEFT JOIN models md USING (period, member_id)
), m AS (
  SELECT r.period, r.returned, m.* FROM org_return r JOIN current_roster_member m USING (org_id)
), scored AS (
  SELECT m.period, m.returned, m.member_id, m.name, m.org_id, m.status AS member_status, m.party_worker, m.birth_date, m.sex, m.post,
         d.score AS daily_score, rv.review_score, rv.models_mean, rv.n AS review_n, rv.trust_rate, rv.fail_share, rv.review_se,
         coalesce(rv.status, 'too_few') AS review_status, rv.category_status,
         param('weights.member.dailyRecord') * d.score + param('weights.member.democraticReview') * rv.review_score AS total,
         param('ranking.intervalZ') * param('weights.member.democraticReview') * rv.review_se AS half_width,
         (SELECT string_agg(s.sanction, '、') FROM current_roster_sanction s WHERE s.member_id = m.member_id AND s.period = m.period) AS sanction
  FROM m
  LEFT JOIN current_daily_record d ON d.period = m.period AND d.member_id = m.member_id
  LEFT JOIN blended rv ON rv.period = m.period AND rv.member_id = m.member_id
), vetted AS (
  SELECT *,
         list_filter([CASE WHEN trust_rate < param('veto.trustRateBelow') THEN 'low_trust' END,
                      CASE WHEN fail_share > param('veto.failShareAbove') THEN 'high_fail_share' END], x -> x IS NOT NULL) AS found,
         CASE WHEN NOT returned THEN 'not_returned'
              WHEN daily_score IS NULL THEN 'no_daily_record'
              WHEN review_status <> 'valid' THEN review_status
              WHEN member_status = 'probationary' AND param('member.probationaryGraded') = 0 THEN 'probationary'
              ELSE 'ok' END AS status
  FROM scored
)
SELECT period, member_id, name, org_id, member_status, party_worker, birth_date, sex, post,
       daily_score, review_score, models_mean, review_n, trust_rate, fail_share, review_status, category_status,
       CASE WHEN returned AND review_status = 'valid' THEN total END AS total,
       CASE WHEN returned AND review_status = 'valid' THEN total - half_width END AS total_low,
       CASE WHEN returned AND review_status = 'valid' THEN total + half_width END AS total_high,
       status,
       CASE WHEN len(found) > 0 THEN found END AS vetoes,
       sanction,
       sanction IS NOT NULL AND param('veto.sanctionMakesIneligible') = 1 AS ineligible,
       CASE WHEN status <> 'ok' THEN NULL
            WHEN len(found) > 0 THEN (SELECT b.label FROM scheme_band b WHERE b.scale = 'member' ORDER BY b.min LIMIT 1)
            ELSE (SELECT b.label FROM scheme_band b WHERE b.scale = 'member' AND b.min <= total + 1e-9 ORDER BY b.min DESC LIMIT 1) END AS band
FROM vetted
