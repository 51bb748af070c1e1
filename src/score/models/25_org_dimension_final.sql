-- Each 五个好 dimension's final points. 群众反映好 (satisfaction.dimension) takes
-- satisfaction.dimensionShare of its points from the ballots: final = (1 − share) × weighted
-- item points + share × index × the dimension's points. Without a valid satisfaction result
-- (org_satisfaction.status) it never takes the item points alone, which would raise most
-- results: with satisfaction.whenNoValidResult 'insufficient' it is NULL (数据不足); with
-- 'itemPoints' it keeps the weighted item points (and the organization is flagged, see org_score).
-- Other dimensions: the weighted item points.
CREATE OR REPLACE TABLE org_dimension_final AS
SELECT ds.*, s.satisfaction_index, s.index_se, coalesce(s.status, 'insufficient') AS satisfaction_status,
       ds.dimension = param_text('satisfaction.dimension') AS fed_by_ballots,
       CASE WHEN ds.dimension <> param_text('satisfaction.dimension') OR param('satisfaction.dimensionShare') = 0 THEN ds.weighted_points
            WHEN s.status = 'valid'
            THEN (1 - param('satisfaction.dimensionShare')) * ds.weighted_points + param('satisfaction.dimensionShare') * s.satisfaction_index * ds.max_points
            WHEN param_text('satisfaction.whenNoValidResult') = 'itemPoints' THEN ds.weighted_points
            END AS final_points
FROM org_dimension_score ds LEFT JOIN org_satisfaction s USING (period, org_id)
