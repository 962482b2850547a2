-- Shared CTEs `facts` and `filtered` of the share queries, pasted where a query says
-- "-- include: _filtered_facts" (dashboard.queries.sql_text): the awards under the sidebar filters,
-- from agg_overview for all buyers or from fact_awards for one, with amount_ok for the amount basis.
facts AS (
    -- No buyer: the pre-aggregated table; one buyer: its rows of fact_awards (sorted by buyer).
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status,
        amount_bracket, size_class, weight_sum, amount_sum
    FROM agg_overview
    WHERE $buyer IS NULL
    UNION ALL
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status,
        amount_bracket, size_class, weight, amount_weighted
    FROM fact_awards
    WHERE buyer_id = $buyer
),

filtered AS (
    SELECT
        *,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM facts
    WHERE true
-- include: _sidebar_filters
)
