-- PME shares (Method §5) in reserved contracts (a social consideration naming a « marché
-- réservé »), innovative contracts and contracts declaring subcontracting, and in the others
-- (issue 14), under the filters: one row per (dimension, value), dimension 'reserved',
-- 'innovative' or 'subcontracting', value true, false or NULL (not published).
WITH
facts AS (
    SELECT reserved, innovative, subcontracting_declared AS subcontracting, size_class,
        weight AS weight_sum, amount_weighted AS amount_sum,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
),

sums AS (
    SELECT
        CASE
            WHEN grouping(reserved) = 0 THEN 'reserved'
            WHEN grouping(innovative) = 0 THEN 'innovative'
            ELSE 'subcontracting'
        END AS dimension,
        coalesce(reserved, innovative, subcontracting) AS value,
-- include: _share_sums
    FROM facts
    GROUP BY GROUPING SETS ((reserved), (innovative), (subcontracting))
)

SELECT
    dimension,
    value,
    contracts,
-- include: _share_columns
FROM sums
ORDER BY dimension, value NULLS LAST;
