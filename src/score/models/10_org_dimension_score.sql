-- Per period, organization and 五个好 dimension: the 自评 and 上级考评 points (sums of the
-- 考核细则 items), and the weighted points = 自评 × weights.org.self + 上级考评 × weights.org.bureau.
-- An organization missing either sheet gets NULL weighted points (数据不足), never a zero.
CREATE OR REPLACE TABLE org_dimension_score AS
WITH periods AS (
  SELECT period FROM current_self_assessment UNION SELECT period FROM current_bureau_review
), self AS (
  SELECT period, org_id, i.dimension, sum(points) AS points, count(*) AS items
  FROM current_self_assessment s JOIN scheme_item i USING (item_key) GROUP BY ALL
), bureau AS (
  SELECT period, org_id, i.dimension, sum(points) AS points, count(*) AS items
  FROM current_bureau_review b JOIN scheme_item i USING (item_key) GROUP BY ALL
), dims AS (
  SELECT d.key AS dimension, d.label, d.points, d.ord, (SELECT count(*) FROM scheme_item i WHERE i.dimension = d.key) AS expected_items
  FROM scheme_dimension d WHERE d.scale = 'org'
)
SELECT p.period, o.org_id, d.dimension, d.label, d.ord, d.points AS max_points,
       s.points AS self_points, b.points AS bureau_points,
       coalesce(s.items, 0) AS self_items, coalesce(b.items, 0) AS bureau_items, d.expected_items,
       param('weights.org.self') * s.points + param('weights.org.bureau') * b.points AS weighted_points
FROM periods p CROSS JOIN current_roster_org o CROSS JOIN dims d
LEFT JOIN self s ON s.period = p.period AND s.org_id = o.org_id AND s.dimension = d.dimension
LEFT JOIN bureau b ON b.period = p.period AND b.org_id = o.org_id AND b.dimension = d.dimension
