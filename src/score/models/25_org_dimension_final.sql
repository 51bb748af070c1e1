-- Each 五个好 dimension's final points. 群众反映好 (satisfaction.dimension) takes
-- satisfaction.dimensionShare of its points from the ballots: final = (1 − share) × weighted
-- item points + share × index × the dimension's points. Without a valid satisfaction result
-- (org_satisfaction.status) it never takes the item points alone, which would raise most
-- results: with satisfaction.whenNoValidResult 'insufficient' it is NULL (数据不足); with
-- 'itemPoints' it keeps the weighted item points (and the organization is flagged, see org_score).
-- Other dimensions: the weighted item points.
-- With commitments.rateFeeds set, its dimension then takes rateFeeds.share from the
-- organization's 兑现率 (commitment_rate, level all): (1 − share) × the points so far + share ×
-- rate × the dimension's points; without a commitment due it keeps the points so far. (The
-- interval of org_score still gives the ballots their whole share: a little wider, never narrower.)
CREATE OR REPLACE TABLE org_dimension_final AS
WITH ballots AS (
  SELECT ds.*, s.satisfaction_index, s.index_se, coalesce(s.status, 'insufficient') AS satisfaction_status,
         ds.dimension = param_text('satisfaction.dimension') AS fed_by_ballots,
         CASE WHEN ds.dimension <> param_text('satisfaction.dimension') OR param('satisfaction.dimensionShare') = 0 THEN ds.weighted_points
              WHEN s.status = 'valid'
              THEN (1 - param('satisfaction.dimensionShare')) * ds.weighted_points + param('satisfaction.dimensionShare') * s.satisfaction_index * ds.max_points
              WHEN param_text('satisfaction.whenNoValidResult') = 'itemPoints' THEN ds.weighted_points
              END AS final_points
  FROM org_dimension_score ds LEFT JOIN org_satisfaction s USING (period, org_id)
)
SELECT b.* REPLACE (
         CASE WHEN b.dimension = param_text('commitments.rateFeeds.dimension') AND r.rate IS NOT NULL
              THEN (1 - param('commitments.rateFeeds.share')) * b.final_points + param('commitments.rateFeeds.share') * r.rate * b.max_points
              ELSE b.final_points END AS final_points),
       b.dimension IS NOT DISTINCT FROM param_text('commitments.rateFeeds.dimension') AS fed_by_commitments
FROM ballots b LEFT JOIN commitment_rate r ON r.period = b.period AND r.org_id = b.org_id AND r.level = 'all'
