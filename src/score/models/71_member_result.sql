-- What reports show for each member and period: scores, vetoes, rank and tier, the change
-- since the previous period, and overrides of the band (field band) or of award eligibility
-- (field eligible: true/false), each with who, when and why.
-- award_conditions (for 优秀共产党员): graded (status ok), no veto, no sanction that makes
-- ineligible, and in the top band when awards.topBandRequired.excellent_member — or made
-- eligible (or not) by an override; eligible_override keeps that decision for the other awards.
-- commitment_blocked: with commitments.unkeptBlocksAward, a member with an unexcused commitment
-- (partial or unkept, its reason not accepted: commitment_status) is not recommended for an
-- award unless an eligible override says otherwise. award_eligible: the conditions, not blocked.
-- in_top_band: the final band is the scale's top band.
-- young: under cohort.youngAgeBelow in full years at the period's end (the is_young macro).
CREATE OR REPLACE TABLE member_result AS
WITH cur AS (
  SELECT s.*, r.rank, r.rank_in_org, r.ranked_in_org, r.tier FROM member_score s LEFT JOIN member_rank r USING (period, member_id)
), ob AS (
  SELECT period, id AS member_id, value AS band, decided_by, decided_on, reason FROM override WHERE target = 'member' AND field = 'band'
), oe AS (
  SELECT period, id AS member_id, value = 'true' AS eligible, decided_by, decided_on, reason FROM override WHERE target = 'member' AND field = 'eligible'
), top AS (
  SELECT label FROM scheme_band WHERE scale = 'member' ORDER BY min DESC LIMIT 1
), unexcused AS (
  SELECT DISTINCT period, member_id, param('commitments.unkeptBlocksAward') = 1 AS blocks FROM commitment_status WHERE unexcused
), result AS (
SELECT c.*,
       coalesce(u.blocks, false) AND oe.eligible IS NULL AS commitment_blocked,
       c.band AS proposed_band, coalesce(ob.band, c.band) AS final_band,
       coalesce(oe.eligible, c.status = 'ok' AND NOT c.ineligible AND c.vetoes IS NULL
                AND (param('awards.topBandRequired.excellent_member') = 0 OR coalesce(ob.band, c.band) = top.label)) AS award_conditions,
       oe.eligible AS eligible_override,
       coalesce(coalesce(ob.band, c.band) = top.label, false) AS in_top_band,
       ob.band IS NOT NULL OR oe.eligible IS NOT NULL AS overridden,
       coalesce(ob.decided_by, oe.decided_by) AS override_by, coalesce(ob.decided_on, oe.decided_on) AS override_on,
       concat_ws('；', ob.reason, oe.reason) AS override_reason,
       p.total AS previous_total, c.total - p.total AS total_change, p.rank AS previous_rank, p.rank - c.rank AS rank_change,
       is_young(c.birth_date, c.period) AS young
FROM cur c
CROSS JOIN top
LEFT JOIN ob USING (period, member_id)
LEFT JOIN oe USING (period, member_id)
LEFT JOIN unexcused u USING (period, member_id)
LEFT JOIN (SELECT s.period, s.member_id, s.total, r.rank FROM member_score s LEFT JOIN member_rank r USING (period, member_id)) p
  ON p.member_id = c.member_id AND p.period = previous_period(c.period)
)
SELECT *, award_conditions AND NOT commitment_blocked AS award_eligible FROM result
