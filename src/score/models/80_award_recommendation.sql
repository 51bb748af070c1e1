-- What the results alone would put on each award's list, per period (award is the kind's
-- code): a reference drawn from the scores, not a recommendation — recommendations come from
-- below (award_proposal), and award_candidate sets these names beside them so that the
-- committee also sees the high scorers nobody proposed (and who the commitment rule withheld).
-- Conditions (each a scheme setting): a candidate is in the top band when the award's
-- awards.topBandRequired says so (先进 / 好), is graded and neither vetoed nor made ineligible by
-- a sanction (member_result.award_eligible, or an override); with awards.oneIndividualAwardPerPerson
-- a person is recommended for one individual award: 优秀党务工作者 is drawn first (it is judged
-- on party work and has the fewer places), and its certain picks leave the 优秀共产党员 list.
--   party_worker (优秀党务工作者): award-eligible party workers by overall rank, up to
--     quotas.partyWorkerAwardPlaces.
--   advanced_org (先进基层党组织): organizations directly under the bureau (a 党总支 stands for
--     its branches, which it ranks itself, see org_rank) with a result, a satisfaction rate not
--     flagged and — when awards.validSatisfactionRequired — a valid satisfaction result, by
--     rank, up to ceil(quotas.advancedOrgPlaces × quotas.advancedOrgShortlistRatio) (a 差额
--     shortlist has more names than places, hence ceil).
--   excellent_member (优秀共产党员): each branch first, up to ceil(share × its base) of its
--     award-eligible members by rank in the branch; then the system total places(share × the
--     whole base) keeps the best overall ranks. share = quotas.excellentMemberAwardShareMax; the
--     base is the roster's members, without 预备党员 unless quotas.awardBaseIncludesProbationary;
--     places() rounds as quotas.rounding says. Branch places round up, so that together they
--     reach the system total and both limits can bind. E.g. the sample: 226 members, 16 of them
--     预备党员, a base of 210: the system has floor(15% × 210) = floor(31.5) = 31 places; J01
--     (21 without 预备党员) ceil(3.15) = 4, X04 (13) ceil(1.95) = 2, Y02 (7) ceil(1.05) = 2, the
--     13 branches 37 in all. In 2010H2, 32 eligible members are within their branches' places and
--     the system's 31 cut one; in 2011H1, 29 are and the branches' places bind. (Rounded down, as
--     before, the branches had 29 places, and the system's limit could never bind.)
-- A cut never falls by code order: when the last place goes to a candidate whose standing
-- others share — the same rank for members, the same tier for organizations (their difference
-- is within the ballots' uncertainty) — all of them are listed, even past the places, with
-- at_cut saying so ('tie', 'branch_tie' at a branch's limit, 'tier'): the committee decides.
-- position orders the list; cap is the places of the list (the system's for excellent_member).
-- withheld = 'unkept_commitment' (position NULL): a member who would have been within an
-- award's places (the branch's for 优秀共产党员) but is kept off its list by
-- member_result.commitment_blocked (an unkept commitment, its reason not accepted), listed so
-- that the committee can decide otherwise with an eligible override.
CREATE OR REPLACE TABLE award_recommendation AS
WITH top_org AS (
  SELECT label FROM scheme_band WHERE scale = 'org' ORDER BY min DESC LIMIT 1
), worker_all AS (
  SELECT period, member_id, name, org_id, total, rank, commitment_blocked
  FROM member_result
  WHERE party_worker
    AND coalesce(eligible_override, status = 'ok' AND NOT ineligible AND vetoes IS NULL
                 AND (param('awards.topBandRequired.party_worker') = 0 OR in_top_band))
), worker AS (
  SELECT *, rank() OVER (PARTITION BY period ORDER BY rank NULLS LAST) - 1 AS before,
         count(*) OVER (PARTITION BY period, rank) AS same,
         CAST(param('quotas.partyWorkerAwardPlaces') AS INTEGER) AS cap
  FROM worker_all WHERE NOT commitment_blocked
), worker_pick AS (
  SELECT *, CASE WHEN before + same > cap THEN 'tie' END AS at_cut FROM worker WHERE before < cap
), org AS (
  SELECT period, org_id, name, total, rank,
         rank() OVER (PARTITION BY period ORDER BY tier) - 1 AS before,
         count(*) OVER (PARTITION BY period, tier) AS same,
         CAST(ceil(param('quotas.advancedOrgPlaces') * param('quotas.advancedOrgShortlistRatio') - 1e-9) AS INTEGER) AS cap
  FROM org_result
  WHERE rank IS NOT NULL AND parent_id IS NULL AND NOT satisfaction_flagged
    AND (param('awards.validSatisfactionRequired') = 0 OR satisfaction_status = 'valid')
    AND (param('awards.topBandRequired.advanced_org') = 0 OR final_band = (SELECT label FROM top_org))
), org_pick AS (
  SELECT *, CASE WHEN before + same > cap THEN 'tier' END AS at_cut FROM org WHERE before < cap
), base AS (
  SELECT org_id, count(*) FILTER (WHERE param('quotas.awardBaseIncludesProbationary') = 1 OR status <> 'probationary') AS base
  FROM current_roster_member GROUP BY ALL
), branch AS (
  SELECT org_id, CAST(ceil(param('quotas.excellentMemberAwardShareMax') * base - 1e-9) AS INTEGER) AS branch_cap FROM base
), member AS (
  SELECT r.period, r.member_id, r.name, r.org_id, r.total, r.rank,
         rank() OVER (PARTITION BY r.period, r.org_id ORDER BY r.rank_in_org NULLS LAST) - 1 AS before,
         count(*) OVER (PARTITION BY r.period, r.org_id, r.rank_in_org) AS same, b.branch_cap
  FROM member_result r JOIN branch b USING (org_id)
  WHERE r.award_eligible
    AND NOT (param('awards.oneIndividualAwardPerPerson') = 1
             AND EXISTS (SELECT 1 FROM worker_pick w WHERE w.period = r.period AND w.member_id = r.member_id AND w.at_cut IS NULL))
), branch_pick AS (
  SELECT * EXCLUDE (before, same), CASE WHEN before + same > branch_cap THEN 'branch_tie' END AS branch_at_cut,
  FROM member WHERE before < branch_cap
), system AS (
  SELECT *, rank() OVER (PARTITION BY period ORDER BY rank NULLS LAST) - 1 AS before,
         count(*) OVER (PARTITION BY period, rank) AS same,
         places(param('quotas.excellentMemberAwardShareMax') * (SELECT sum(base) FROM base)) AS cap
  FROM branch_pick
), member_pick AS (
  SELECT *, coalesce(CASE WHEN before + same > cap THEN 'tie' END, branch_at_cut) AS at_cut FROM system WHERE before < cap
), withheld AS (
  SELECT period, 'excellent_member' AS award, member_id, name, org_id, total, rank FROM (
    SELECT r.*, rank() OVER (PARTITION BY r.period, r.org_id ORDER BY r.rank_in_org NULLS LAST) - 1 AS before, b.branch_cap
    FROM member_result r JOIN branch b USING (org_id) WHERE r.award_conditions
  ) WHERE commitment_blocked AND before < branch_cap
  UNION ALL
  SELECT period, 'party_worker', member_id, name, org_id, total, rank FROM (
    SELECT *, rank() OVER (PARTITION BY period ORDER BY rank NULLS LAST) - 1 AS before FROM worker_all
  ) WHERE commitment_blocked AND before < param('quotas.partyWorkerAwardPlaces')
), picks AS (
  SELECT period, 'party_worker' AS award, 'member' AS target, member_id AS id, name, org_id, total, rank, cap, at_cut FROM worker_pick
  UNION ALL
  SELECT period, 'advanced_org', 'org', org_id, name, org_id, total, rank, cap, at_cut FROM org_pick
  UNION ALL
  SELECT period, 'excellent_member', 'member', member_id, name, org_id, total, rank, cap, at_cut FROM member_pick
)
SELECT period, award, row_number() OVER (PARTITION BY period, award ORDER BY rank NULLS LAST, id)::INTEGER AS position,
       target, id, name, org_id, total, rank, cap, at_cut, NULL::VARCHAR AS withheld
FROM picks
UNION ALL
SELECT period, award, NULL, 'member', member_id, name, org_id, total, rank, NULL, NULL, 'unkept_commitment' FROM withheld
