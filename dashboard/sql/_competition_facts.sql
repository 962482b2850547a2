-- Shared CTEs `facts` and `filtered` of the competition queries (-- include: _competition_facts):
-- the awards under the filters, from agg_competition when it keeps every set filter's column
-- ($from_agg_competition), else from fact_awards, with their bids received, procedure family and clauses,
-- and amount_ok for the amounts that count (Method §6). A contract's bids and family are on each
-- of its award rows, so sums of weight count contracts (a supplier's part of one under a supplier
-- filter) and sums of amount their amounts.
facts AS (
    SELECT year, cpv_division, contract_type, procedure, procedure_family, is_framework,
        amount_status, size_class, bids_received, reserved, innovative, subcontracting_declared,
        weight_sum, amount_sum
    FROM agg_competition
    WHERE $from_agg_competition
    UNION ALL
    SELECT year, cpv_division, contract_type, procedure, procedure_family, is_framework,
        amount_status, size_class, bids_received, reserved, innovative, subcontracting_declared,
        weight, amount_weighted
    FROM fact_awards
    WHERE NOT $from_agg_competition
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
