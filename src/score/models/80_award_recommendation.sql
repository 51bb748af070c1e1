-- Recommendation lists per period, bottom-up (自下而上、层层推荐); award is the kind's code:
--   advanced_org (先进基层党组织): the best-ranked organizations with a result, not flagged for
--     low satisfaction, up to ceil(quotas.advancedOrgPlaces × quotas.advancedOrgShortlistRatio)
--     (a 差额 shortlist always has more names than places, hence ceil);
--   excellent_member (优秀共产党员): each branch first, up to places(excellentMemberAwardShareMax
--     × its members) of its award-eligible members (graded, top band, no veto, no sanction, or
--     made eligible by an override) in rank order; then the bureau total places(share × all
--     members) keeps the best overall ranks;
--   party_worker (优秀党务工作者): party workers with a graded result, no veto or sanction, best
--     first, up to quotas.partyWorkerAwardPlaces.
-- places() rounds as quotas.rounding says. tie_at_cut: the last place's total equals the next
-- candidate's, so the committee decides who is listed.
-- withheld = 'unkept_commitment' (position NULL): a member who would have been within an
-- award's places (the branch's for 优秀共产党员) but is kept off its list by
-- member_result.commitment_blocked (an unkept commitment, its reason not accepted), listed so
-- that the committee can decide otherwise with an eligible override.
CREATE OR REPLACE TABLE award_recommendation AS
WITH org_pick AS (
  SELECT period, 'advanced_org' AS award, org_id AS id, name, org_id, total, rank,
         row_number() OVER (PARTITION BY period ORDER BY rank, org_id) AS position,
         CAST(ceil(param('quotas.advancedOrgPlaces') * param('quotas.advancedOrgShortlistRatio') - 1e-9) AS INTEGER) AS cap
  FROM org_result WHERE rank IS NOT NULL AND NOT satisfaction_flagged
), branch_size AS (
  SELECT org_id, count(*) AS members FROM current_roster_member GROUP BY ALL
), member_branch AS (
  SELECT r.*, row_number() OVER (PARTITION BY r.period, r.org_id ORDER BY r.rank, r.member_id) AS in_branch,
         places(param('quotas.excellentMemberAwardShareMax') * b.members) AS branch_cap
  FROM member_result r JOIN branch_size b USING (org_id) WHERE r.award_eligible
), member_pick AS (
  SELECT *, row_number() OVER (PARTITION BY period ORDER BY rank NULLS LAST, member_id) AS position,
         places(param('quotas.excellentMemberAwardShareMax') * (SELECT count(*) FROM current_roster_member)) AS cap
  FROM member_branch WHERE in_branch <= branch_cap
), worker_pick AS (
  SELECT *, row_number() OVER (PARTITION BY period ORDER BY total DESC, member_id) AS position,
         CAST(param('quotas.partyWorkerAwardPlaces') AS INTEGER) AS cap
  FROM member_result WHERE party_worker AND status = 'ok' AND veto IS NULL AND NOT ineligible AND NOT commitment_blocked
), withheld AS (
  SELECT period, 'excellent_member' AS award, member_id, name, org_id, total, rank FROM (
    SELECT r.*, row_number() OVER (PARTITION BY r.period, r.org_id ORDER BY r.rank, r.member_id) AS in_branch,
           places(param('quotas.excellentMemberAwardShareMax') * b.members) AS branch_cap
    FROM member_result r JOIN branch_size b USING (org_id) WHERE r.award_conditions
  ) WHERE commitment_blocked AND in_branch <= branch_cap
  UNION ALL
  SELECT period, 'party_worker', member_id, name, org_id, total, rank FROM (
    SELECT *, row_number() OVER (PARTITION BY period ORDER BY total DESC, member_id) AS position
    FROM member_result WHERE party_worker AND status = 'ok' AND veto IS NULL AND NOT ineligible
  ) WHERE commitment_blocked AND position <= param('quotas.partyWorkerAwardPlaces')
), picks AS (
  SELECT period, award, position, 'org' AS target, id, name, org_id, total, rank, cap FROM org_pick
  UNION ALL
  SELECT period, 'excellent_member', position, 'member', member_id, name, org_id, total, rank, cap FROM member_pick
  UNION ALL
  SELECT period, 'party_worker', position, 'member', member_id, name, org_id, total, rank, cap FROM worker_pick
), cut AS (
  SELECT *, lead(total) OVER (PARTITION BY period, award ORDER BY position) AS next_total FROM picks
)
SELECT period, award, position, target, id, name, org_id, total, rank, cap,
       coalesce(position = cap AND round(next_total, 6) = round(total, 6), false) AS tie_at_cut, NULL::VARCHAR AS withheld
FROM cut WHERE position <= cap
UNION ALL
SELECT period, award, NULL, 'member', member_id, name, org_id, total, rank, NULL, false, 'unkept_commitment' FROM withheld
