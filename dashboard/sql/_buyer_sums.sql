-- Shared CTEs `facts` and `sums` of the per-buyer queries (sme_share_by_buyer, similar_buyers):
-- each buyer's weighted contracts, PME and classified weights and amount under the filters (every
-- buyer: their query functions bind $buyer NULL), for buyers with at least $min_contracts
-- contracts, and only those of main CPV division $division when it is set (similar_buyers' pool:
-- a few thousand buyers, not all).
facts AS (
    -- The per-buyer aggregates (size classes side by side) when they keep every set filter's
    -- column: agg_buyer_totals (summed over the years, where buyers too small to reach
    -- $min_contracts are skipped) when no year is chosen, else agg_buyers; otherwise fact_awards'
    -- rows, spread the same way.
    SELECT buyer_id, NULL::INTEGER AS year, is_framework, amount_status, weight_sum, pme_weight,
        classified_weight, amount_sum
    FROM agg_buyer_totals
    WHERE $from_agg_buyer_totals
        AND buyer_contracts >= $min_contracts - 1e-9
    UNION ALL
    SELECT buyer_id, year, is_framework, amount_status, weight_sum, pme_weight, classified_weight,
        amount_sum
    FROM agg_buyers
    WHERE $from_agg_buyers AND NOT $from_agg_buyer_totals
    UNION ALL
    SELECT buyer_id, year, is_framework, amount_status, weight,
        CASE WHEN size_class = 'PME' THEN weight ELSE 0 END,
        CASE WHEN size_class <> 'unknown' THEN weight ELSE 0 END,
        amount_weighted
    FROM fact_awards
    WHERE NOT $from_agg_buyers
-- include: _fact_filters
-- include: _sidebar_filters
),

sums AS (
    SELECT
        buyer_id,
        sum(weight_sum) AS contracts,
        coalesce(sum(pme_weight), 0) AS pme_weight,
        coalesce(sum(classified_weight), 0) AS classified_weight,
        sum(amount_sum) FILTER (
            WHERE amount_counts(amount_status, $aberrant)
        ) AS amount_total
    FROM facts
    WHERE ($year_from IS NULL OR year >= $year_from)
        AND ($year_to IS NULL OR year <= $year_to)
        AND ($framework OR NOT coalesce(is_framework, false))
        AND ($division IS NULL OR buyer_id IN (
            SELECT buyer_id FROM buyers
            WHERE main_cpv_division = $division AND contracts >= $min_contracts - 1e-9
        ))
    GROUP BY buyer_id
    -- A buyer's weights add up to whole contracts: the margin keeps float noise (9.999999999999998)
    -- from dropping a buyer with exactly $min_contracts.
    HAVING sum(weight_sum) >= $min_contracts - 1e-9
)
