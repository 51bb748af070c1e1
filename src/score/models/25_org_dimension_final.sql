-- Each 五个好 dimension's final points. 群众反映好 (satisfaction.dimension) takes
-- satisfaction.dimensionShare of its points from the ballots: final = (1 − share) × weighted
-- item points + share × index × the dimension's points; without valid ballots it keeps the
-- weighted item points alone. Other dimensions: the weighted item points.
CREATE OR REPLACE TABLE org_dimension_final AS
SELECT ds.*, s.satisfaction_index, s.index_se, coalesce(s.status, 'insufficient') AS satisfaction_status,
       ds.dimension = param_text('satisfaction.dimension') AS fed_by_ballots,
       CASE WHEN ds.dimension = param_text('satisfaction.dimension') AND s.status = 'valid'
            THEN (1 - param('satisfaction.dimensionShare')) * ds.weighted_points + param('satisfaction.dimensionShare') * s.satisfaction_index * ds.max_points
            ELSE ds.weighted_points END AS final_points
FROM org_dimension_score ds LEFT JOIN org_satisfaction s USING (period, org_id)
