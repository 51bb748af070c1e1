-- The committee's check (预选名单) for each period with an award round (scheme_award_round):
-- every candidate proposed from below (award_proposal) and every high scorer the rules'
-- draft (award_recommendation) names without a proposal, with the evidence the committee
-- reads (band, rank and tier, 信任率 or 满意率, sanction, total) and the codes of the rules
-- each fails, in the array fails:
--   not_proposed     no organization proposed the candidate (listed, never drafted);
--   not_reviewed     the proposing branch's 党总支 gave no opinion; not_endorsed: it said 不同意;
--   unverified       no graded result this period (待核实, 数据不足);
--   veto             一票否决 (any of member_result.vetoes); sanctioned: a sanction this period (veto.sanctionMakesIneligible);
--   not_top_band     the final band is not the scale's top band, when the award's awards.topBandRequired says so;
--   satisfaction_flagged  the organization's satisfaction is under satisfaction.flagBelowRate, or —
--                    when awards.validSatisfactionRequired — it has no valid satisfaction result;
--   not_party_worker the roster does not list the member as a party worker;
--   unkept_commitment  a member's commitment was not kept and its reason not accepted at the 评诺
--                    (commitment_status.unexcused; commitments.unkeptBlocksAward);
--   overridden_out   the committee's eligible override is false (an override true clears every rule);
--   repeat           the same award was given (award_decided, less overrides) within
--                    awards.repeatGapPeriods periods before.
-- drafted: proposed and failing no rule, within the award's places, best rank first; when the
-- last place falls among candidates of the same rank, all of them are drafted, marked at_cut
-- 'tie' (the committee decides) — never chosen by code.
CREATE OR REPLACE TABLE award_candidate AS
WITH round AS (
  SELECT * FROM scheme_award_round
), proposal AS (
  SELECT p.period, p.award, p.candidate_id, p.org_id AS proposed_by, p.party_role, p.party_work, p.narrative, p.meeting_date,
         o.parent_id, e.endorsed, e.note AS endorsement_note
  FROM current_award_proposal p
  JOIN round r USING (period, award)
  JOIN current_roster_org o ON o.org_id = p.org_id
  LEFT JOIN current_award_endorsement e
    ON e.period = p.period AND e.org_id = o.parent_id AND e.branch_id = p.org_id AND e.award = p.award AND e.candidate_id = p.candidate_id
), unproposed AS (
  SELECT a.period, a.award, a.id AS candidate_id
  FROM award_recommendation a JOIN round r USING (period, award)
  WHERE NOT EXISTS (SELECT 1 FROM proposal p WHERE p.period = a.period AND p.award = a.award AND p.candidate_id = a.id)
), listed AS (
  SELECT period, award, candidate_id, true AS proposed, proposed_by, party_role, party_work, narrative, meeting_date,
         parent_id IS NOT NULL AND parent_id IN (SELECT org_id FROM current_roster_org) AS needs_review, endorsed, endorsement_note
  FROM proposal
  UNION ALL
  SELECT period, award, candidate_id, false, NULL, NULL, NULL, NULL, NULL, false, NULL, NULL FROM unproposed
), elig AS (
  SELECT period, target, id, value = 'true' AS eligible FROM override WHERE field = 'eligible'
), given AS (
  SELECT period, award, candidate_id FROM award_decided WHERE NOT overridden
), evidence AS (
  SELECT l.*, CASE WHEN l.award = 'advanced_org' THEN 'org' ELSE 'member' END AS target,
         coalesce(m.name, o.name, rm.name, ro.name) AS name,
         CASE WHEN l.award = 'advanced_org' THEN l.candidate_id ELSE coalesce(m.org_id, rm.org_id) END AS org_id,
         coalesce(m.final_band, o.final_band) AS band, coalesce(m.rank, o.rank) AS rank, coalesce(m.tier, o.tier) AS tier,
         coalesce(m.total, o.total) AS total, m.trust_rate, o.satisfaction_rate, m.sanction,
         coalesce(m.status, o.status, 'missing') AS status, m.vetoes, coalesce(m.ineligible, false) AS ineligible,
         coalesce(m.party_worker, rm.party_worker, false) AS party_worker,
         coalesce(o.satisfaction_flagged OR (param('awards.validSatisfactionRequired') = 1 AND o.satisfaction_status <> 'valid'), false) AS satisfaction_flagged
  -- Joined on keys that are NULL for the other kind of award: the award tested in ON made DuckDB
  -- compare every candidate with every member (a province's 22,945 with 149,000: 75 s).
  FROM (SELECT *, CASE WHEN award <> 'advanced_org' THEN candidate_id END AS member_key,
               CASE WHEN award = 'advanced_org' THEN candidate_id END AS org_key FROM listed) l
  LEFT JOIN member_result m ON m.period = l.period AND m.member_id = l.member_key
  LEFT JOIN current_roster_member rm ON rm.member_id = l.member_key
  LEFT JOIN org_result o ON o.period = l.period AND o.org_id = l.org_key
  LEFT JOIN current_roster_org ro ON ro.org_id = l.org_key
), checked AS (
  SELECT v.*, e.eligible AS override_eligible,
         CASE WHEN e.eligible THEN []::VARCHAR[] ELSE list_filter([
           CASE WHEN NOT v.proposed THEN 'not_proposed' END,
           CASE WHEN v.needs_review AND v.endorsed IS NULL THEN 'not_reviewed' END,
           CASE WHEN v.endorsed = false THEN 'not_endorsed' END,
           CASE WHEN v.status <> 'ok' THEN 'unverified' END,
           CASE WHEN v.vetoes IS NOT NULL THEN 'veto' END,
           CASE WHEN v.ineligible THEN 'sanctioned' END,
           CASE WHEN param('awards.topBandRequired.' || v.award) = 1 AND v.status = 'ok' AND v.band IS DISTINCT FROM
                (SELECT b.label FROM scheme_band b WHERE b.scale = v.target ORDER BY b.min DESC LIMIT 1) THEN 'not_top_band' END,
           CASE WHEN v.satisfaction_flagged THEN 'satisfaction_flagged' END,
           CASE WHEN v.award = 'party_worker' AND NOT v.party_worker THEN 'not_party_worker' END,
           CASE WHEN v.target = 'member' AND param('commitments.unkeptBlocksAward') = 1
                 AND EXISTS (SELECT 1 FROM commitment_status c WHERE c.period = v.period AND c.member_id = v.candidate_id AND c.unexcused)
                THEN 'unkept_commitment' END,
           CASE WHEN e.eligible = false THEN 'overridden_out' END,
           CASE WHEN EXISTS (SELECT 1 FROM given g WHERE g.award = v.award AND g.candidate_id = v.candidate_id
                               AND period_index(g.period) < period_index(v.period)
                               AND period_index(v.period) - period_index(g.period) <= param('awards.repeatGapPeriods')) THEN 'repeat' END
         ], x -> x IS NOT NULL) END AS fails
  FROM evidence v LEFT JOIN elig e ON e.period = v.period AND e.target = v.target AND e.id = v.candidate_id
), passing AS (
  SELECT c.*, c.proposed AND len(c.fails) = 0 AS passes FROM checked c
), placed AS (
  SELECT p.*,
         CASE WHEN p.passes THEN row_number() OVER (PARTITION BY p.period, p.award, p.passes ORDER BY p.rank NULLS LAST, p.candidate_id) END AS ordinal,
         CASE WHEN p.passes THEN rank() OVER (PARTITION BY p.period, p.award, p.passes ORDER BY p.rank NULLS LAST) - 1 END AS before,
         CASE WHEN p.passes THEN count(*) OVER (PARTITION BY p.period, p.award, p.passes, p.rank) END AS same
  FROM passing p
)
SELECT p.period, p.award, p.target, p.candidate_id, p.name, p.org_id, p.proposed, p.proposed_by, p.party_role, p.party_work,
       p.narrative, p.meeting_date, p.endorsed, p.endorsement_note, p.band, p.rank, p.tier, p.total, p.trust_rate,
       p.satisfaction_rate, p.sanction, p.status, p.override_eligible, p.fails,
       coalesce(p.before < r.places, false) AS drafted, CASE WHEN p.before < r.places THEN p.ordinal END AS position,
       CASE WHEN p.before < r.places AND p.before + p.same > r.places THEN 'tie' END AS at_cut,
       r.places, r.level
FROM placed p JOIN round r USING (period, award)
