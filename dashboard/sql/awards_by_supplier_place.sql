-- Awards by where their winner is against the buyer's département: `local` (the same), `outside`
-- (another), `unknown` (either not published), then one row over all (is_total); each with its
-- contracts, its part of all contracts (part_count) and of the amount (part_amount), PME shares
-- (Method §5), and the median buyer-winner distance in km over the awards that publish one
-- (decp.info titulaire_distance; NULL when none does).
WITH
-- include: _place_facts
,

sums AS (
    SELECT
        CASE
            WHEN buyer_department IS NULL OR supplier_department IS NULL THEN 'unknown'
            WHEN supplier_department = buyer_department THEN 'local'
            ELSE 'outside'
        END AS place,
-- include: _share_sums
        ,
        median(supplier_distance_km) AS median_distance_km,
        count(supplier_distance_km) AS distance_awards
    FROM filtered
    GROUP BY ROLLUP (1)
)

SELECT
    place,
    place IS NULL AS is_total,
    contracts / max(contracts) FILTER (WHERE place IS NULL) OVER () AS part_count,
    amount_total / max(amount_total) FILTER (WHERE place IS NULL) OVER () AS part_amount,
    median_distance_km,
    distance_awards,
    contracts,
-- include: _share_columns
FROM sums
ORDER BY is_total, place;
