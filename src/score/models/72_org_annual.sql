-- The year's result from its two halves, weighted by periods.annualWeights, when both exist.
CREATE OR REPLACE TABLE org_annual AS
SELECT CAST(left(h1.period, 4) AS INTEGER) AS year, h1.org_id, h1.name, h1.total AS h1_total, h2.total AS h2_total,
       param('periods.annualWeights.H1') * h1.total + param('periods.annualWeights.H2') * h2.total AS annual_total
FROM org_score h1 JOIN org_score h2 ON h2.org_id = h1.org_id AND h2.period = left(h1.period, 4) || 'H2'
WHERE right(h1.period, 2) = 'H1' AND h1.total IS NOT NULL AND h2.total IS NOT NULL
