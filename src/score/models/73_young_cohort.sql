-- Members under cohort.youngAgeBelow in full years at the end of the period (the is_young
-- macro; the 结对子 / 一带一 focus), per branch and for the whole system (org_id NULL): how many,
-- their mean total, and how many are in the top band — beside the same figures for all members.
CREATE OR REPLACE TABLE young_cohort AS
WITH top AS (SELECT label FROM scheme_band WHERE scale = 'member' ORDER BY min DESC LIMIT 1)
SELECT period, org_id,
       count(*) AS members, count(*) FILTER (WHERE is_young(birth_date, period)) AS young_members,
       avg(total) FILTER (WHERE is_young(birth_date, period)) AS young_mean_total, avg(total) AS mean_total,
       count(*) FILTER (WHERE is_young(birth_date, period) AND final_band = (SELECT label FROM top)) AS young_top_band,
       count(*) FILTER (WHERE final_band = (SELECT label FROM top)) AS top_band
FROM member_result
GROUP BY GROUPING SETS ((period, org_id), (period))
