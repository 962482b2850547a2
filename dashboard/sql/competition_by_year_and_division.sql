-- Competition under the filters (issue 14): one row for the whole selection (level 'all'), one
-- per year ('year'; undated contracts have none) and one per CPV division ('division'), each
-- with the sums of the DB macro competition_sums and the rates of _competition_rates; a division's labels; the
-- median number of bids on the 'all' row.
WITH
-- include: _competition_facts
,

sums AS (
    SELECT
        CASE
            WHEN grouping(year) = 0 THEN 'year'
            WHEN grouping(cpv_division) = 0 THEN 'division'
            ELSE 'all'
        END AS level,
        year,
        cpv_division,
        unnest(competition_sums(weight_sum, amount_sum, amount_ok, bids_received, procedure_family))
    FROM filtered
    GROUP BY GROUPING SETS ((), (year), (cpv_division))
    HAVING grouping(year) = 1 OR year IS NOT NULL
),

bids_rows AS (
    SELECT 'all' AS grp, bids_received, weight_sum FROM filtered
),

-- include: _bids_median

SELECT
    sums.*,
    cpv.label_fr,
    cpv.label_en,
    bids_median.median_bids,
-- include: _competition_rates
FROM sums
LEFT JOIN bids_median ON bids_median.grp = sums.level
LEFT JOIN cpv ON cpv.code = sums.cpv_division || '000000'
ORDER BY level, year, cpv_division;
