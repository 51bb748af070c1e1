-- Per period, organization and 五个好 dimension: the 自评 and 上级考评 points (sums of the
-- 考核细则 items), and the weighted points = 自评 × weights.org.self + 上级考评 × weights.org.bureau.
-- Points need every item of the dimension scored: a missing sheet or a blank item makes that
-- sheet's points and the weighted points NULL (数据不足), never a zero.
CREATE OR REPLACE TABLE org_dimension_score AS
WITH self AS (
  SELECT period, org_id, i.dimension, sum(points) AS points, count(*) AS items
  FROM current_self_assessment s JOIN scheme_item i USING (item_key) GROUP BY ALL
), bureau AS (
  SELECT period, org_id, i.dimension, sum(points) AS points, count(*) AS items
  FROM current_bureau_review b JOIN scheme_item i USING (item_key) GROUP BY ALL
), dims AS (
  SELECT d.key AS dimension, d.label, d.points, d.ord, (SELECT count(*) FROM scheme_item i WHERE i.dimension = d.key) AS expected_items
  FROM scheme_dimension d WHERE d.scale = 'org'
)
SELECT r.period, r.org_id, d.dimension, d.label, d.ord, d.points AS max_points,
       CASE WHEN s.items = d.expected_items THEN s.points END AS self_points,
       CASE WHEN b.items = d.expected_items THEN b.points END AS bureau_points,
       coalesce(s.items, 0) AS self_items, coalesce(b.items, 0) AS bureau_items, d.expected_items,
       CASE WHEN s.items = d.expected_items AND b.items = d.expected_items
            THEN param('weights.org.self') * s.points + param('weights.org.bureau') * b.points END AS weighted_points
FROM org_return r CROSS JOIN dims d
LEFT JOIN self s ON s.period = r.period AND s.org_id = r.org_id AND s.dimension = d.dimension
LEFT JOIN bureau b ON b.period = r.period AND b.org_id = r.org_id AND b.dimension = d.dimension
