-- PME shares by CPV division, with the division's French and English labels, most contracts first.
WITH
-- include: _filtered_facts
,
sums AS (
    SELECT
        cpv_division,
-- include: _share_sums
    FROM filtered
    GROUP BY cpv_division
)

SELECT
    sums.cpv_division,
    cpv.label_fr,
    cpv.label_en,
    contracts,
-- include: _share_columns
FROM sums
LEFT JOIN cpv ON cpv.code = sums.cpv_division || '000000'
ORDER BY contracts DESC, sums.cpv_division;
