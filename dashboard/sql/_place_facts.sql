-- Shared CTE `filtered` of the Territoires queries (-- include: _place_facts): the award rows
-- under the filters with the buyer's and the winner's place, from fact_awards (no aggregate keeps
-- a place), named as _share_sums reads them, with amount_ok for the amount basis.
filtered AS (
    SELECT
        buyer_department,
        buyer_region,
        supplier_department,
        supplier_place,
        supplier_distance_km,
        size_class,
        weight AS weight_sum,
        amount_weighted AS amount_sum,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
)
