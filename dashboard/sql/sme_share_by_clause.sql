-- PME shares (Method §5) in reserved contracts (a social consideration naming a « marché
-- réservé »), innovative contracts and contracts declaring subcontracting, and in the others
-- (issue 14), under the filters: one row per (dimension, value), dimension 'reserved',
-- 'innovative' or 'subcontracting', value true, false or NULL (not published).
WITH
-- include: _competition_facts
,

sums AS (
    SELECT
        CASE
            WHEN grouping(reserved) = 0 THEN 'reserved'
            WHEN grouping(innovative) = 0 THEN 'innovative'
            ELSE 'subcontracting'
        END AS dimension,
        coalesce(reserved, innovative, subcontracting_declared) AS value,
-- include: _share_sums
    FROM filtered
    GROUP BY GROUPING SETS ((reserved), (innovative), (subcontracting_declared))
)

SELECT
    dimension,
    value,
    contracts,
-- include: _share_columns
FROM sums
ORDER BY dimension, value NULLS LAST;
