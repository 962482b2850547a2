-- PME shares (Method §5) in reserved contracts (a social consideration naming a « marché
-- réservé »), innovative contracts and contracts declaring subcontracting, and in the others
-- (issue 14), under the filters: one row per (dimension, value), dimension 'reserved',
-- 'innovative' or 'subcontracting', value true, false or NULL (not published).
WITH
filtered AS (
    SELECT contract_row, size_class, weight AS weight_sum, amount_weighted AS amount_sum,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
),

facts AS (
    SELECT
        f.*,
        CASE
            WHEN c.social_clause IS NOT NULL THEN lower(strip_accents(c.social_clause)) LIKE '%reserv%'
        END AS reserved,
        c.innovative,
        c.subcontracting_declared AS subcontracting
    FROM filtered AS f
    JOIN contracts AS c ON c.rowid = f.contract_row
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
