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
CREATE OR REPLACE TABLE member_score AS
WITH m AS (
  SELECT r.period, r.returned, m.* FROM org_return r JOIN current_roster_member m USING (org_id)
), scored AS (
  SELECT m.period, m.returned, m.member_id, m.name, m.org_id, m.status AS member_status, m.party_worker, m.birth_date, m.sex, m.post,
         d.score AS daily_score, rv.review_score, rv.n AS review_n, rv.trust_rate, rv.fail_share, rv.review_se,
         coalesce(rv.status, 'too_few') AS review_status, rv.category_status,
         param('weights.member.dailyRecord') * d.score + param('weights.member.democraticReview') * rv.review_score AS total,
         param('ranking.intervalZ') * param('weights.member.democraticReview') * rv.review_se AS half_width,
         (SELECT string_agg(s.sanction, '、') FROM current_roster_sanction s WHERE s.member_id = m.member_id AND s.period = m.period) AS sanction
  FROM m
  LEFT JOIN current_daily_record d ON d.period = m.period AND d.member_id = m.member_id
  LEFT JOIN member_review rv ON rv.period = m.period AND rv.member_id = m.member_id
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
       daily_score, review_score, review_n, trust_rate, fail_share, review_status, category_status,
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
