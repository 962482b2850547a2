-- PME shares (Method §5) by notification year (year NULL: undated), then over the whole selection
-- (the row with is_total): the overview's tiles and headline, a buyer's tiles and trend.
WITH
-- include: _filtered_facts
,
sums AS (
    SELECT
        year,
        grouping(year) = 1 AS is_total,
-- include: _share_sums
    FROM filtered
    GROUP BY GROUPING SETS ((year), ())
)

SELECT
    year,
    is_total,
    coalesce(contracts, 0) AS contracts,
-- include: _share_columns
FROM sums
ORDER BY is_total, year NULLS LAST;
