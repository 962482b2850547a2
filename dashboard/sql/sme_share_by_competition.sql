-- PME shares (Method §5) by number of bids received (1, 2, 3-4, 5+, 'unknown' when not published)
-- and by procedure family (issue 14): do SMEs win more where more firms bid? One row per
-- (dimension, value), dimension 'bids' or 'family'.
WITH
-- include: _competition_facts
,

sums AS (
    SELECT
        CASE WHEN grouping(bids_bucket) = 0 THEN 'bids' ELSE 'family' END AS dimension,
        coalesce(bids_bucket, family) AS value,
-- include: _share_sums
    FROM (
        SELECT
            *,
            CASE
                WHEN bids_received IS NULL THEN 'unknown'
                WHEN bids_received <= 1 THEN '1'
                WHEN bids_received = 2 THEN '2'
                WHEN bids_received <= 4 THEN '3-4'
                ELSE '5+'
            END AS bids_bucket,
            procedure_family::VARCHAR AS family
        FROM filtered
    )
    GROUP BY GROUPING SETS ((bids_bucket), (family))
)

SELECT
    dimension,
    value,
    contracts,
-- include: _share_columns
FROM sums
ORDER BY dimension, value;
