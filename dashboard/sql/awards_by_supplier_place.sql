-- Awards by where their winner is against the buyer's département (fact_awards.supplier_place):
-- `local` (the same), `outside` (another), `unknown` (either not published), then one row over all
-- (is_total); each with its contracts, its part of all contracts (part_count) and of the amount
-- (part_amount), PME shares (Method §5); on the total row, the median buyer-winner distance in km
-- over the awards that publish one (decp.info titulaire_distance; NULL when none does) and how
-- many they are.
WITH
-- include: _place_facts
,

sums AS (
    SELECT
        supplier_place AS place,
-- include: _share_sums
    FROM filtered
    GROUP BY ROLLUP (1)
),

-- One median over the whole selection (a median per place cost as much again), from the awards:
-- a median does not add up, so agg_places has no distance.
distances AS (
    SELECT
        median(supplier_distance_km) AS median_distance_km,
        count(supplier_distance_km) AS distance_awards
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
)

SELECT
    place::VARCHAR AS place,
    place IS NULL AS is_total,
    contracts / max(contracts) FILTER (WHERE place IS NULL) OVER () AS part_count,
    amount_total / max(amount_total) FILTER (WHERE place IS NULL) OVER () AS part_amount,
    CASE WHEN place IS NULL THEN median_distance_km END AS median_distance_km,
    CASE WHEN place IS NULL THEN distance_awards END AS distance_awards,
    contracts,
-- include: _share_columns
FROM sums, distances
ORDER BY is_total, place;
