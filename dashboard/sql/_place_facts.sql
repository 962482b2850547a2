-- Shared CTEs `facts` and `filtered` of the Territoires queries (-- include: _place_facts): the
-- award rows under the filters with the buyer's place and where the winner is against it, from
-- agg_places when it keeps every set filter's column ($from_agg_places), else from fact_awards,
-- named as _share_sums reads them, with amount_ok for the amount basis.
facts AS (
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status, size_class,
        buyer_department, buyer_region, supplier_place, weight_sum, amount_sum
    FROM agg_places
    WHERE $from_agg_places
-- include: _place_filters
    UNION ALL
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status, size_class,
        buyer_department, buyer_region, supplier_place, weight, amount_weighted
    FROM fact_awards
    WHERE NOT $from_agg_places
-- include: _fact_filters
),

filtered AS (
    SELECT
        *,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM facts
    WHERE true
-- include: _sidebar_filters
)
