-- Shared CTEs `facts` and `filtered` of the share queries (-- include: _filtered_facts): the awards
-- under the filters, from agg_overview when it keeps every set filter's column ($from_agg_overview),
-- else from fact_awards, with amount_ok for the amount basis.
facts AS (
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status,
        amount_bracket, size_class, weight_sum, amount_sum
    FROM agg_overview
    WHERE $from_agg_overview
    UNION ALL
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status,
        amount_bracket, size_class, weight, amount_weighted
    FROM fact_awards
    WHERE NOT $from_agg_overview
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
