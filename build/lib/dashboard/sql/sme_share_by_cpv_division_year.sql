-- PME shares by CPV division and notification year (the sector x year heat map).
WITH
-- include: _filtered_facts
,
sums AS (
    SELECT
        cpv_division,
        year,
-- include: _share_sums
    FROM filtered
    WHERE year IS NOT NULL
    GROUP BY cpv_division, year
)

SELECT
    sums.cpv_division,
    cpv.label_fr,
    cpv.label_en,
    sums.year,
    contracts,
-- include: _share_columns
FROM sums
LEFT JOIN cpv ON cpv.code = sums.cpv_division || '000000'
ORDER BY sums.cpv_division, sums.year;
