-- Shared CTEs `facts` and `sums` of the per-buyer queries (sme_share_by_buyer, similar_buyers):
-- each buyer's weighted contracts, PME and classified weights and amount under the sidebar filters
-- (f.buyer aside), for buyers with at least $min_contracts contracts, and only those of main CPV
-- division $division when it is set (similar_buyers' pool: a few thousand buyers, not all).
facts AS (
    -- No CPV, contract type or procedure filter: the per-buyer aggregates (size classes side by
    -- side), summed over the years when no year is chosen, where buyers too small to reach
    -- $min_contracts are skipped; otherwise fact_awards' rows, spread the same way.
    SELECT buyer_id, NULL::INTEGER AS year, is_framework, amount_status, weight_sum, pme_weight,
        classified_weight, amount_sum
    FROM agg_buyer_totals
    WHERE $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL
        AND $year_from IS NULL AND $year_to IS NULL
        AND buyer_contracts >= $min_contracts - 1e-9
    UNION ALL
    SELECT buyer_id, year, is_framework, amount_status, weight_sum, pme_weight, classified_weight,
        amount_sum
    FROM agg_buyers
    WHERE $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL
        AND NOT ($year_from IS NULL AND $year_to IS NULL)
    UNION ALL
    SELECT buyer_id, year, is_framework, amount_status, weight,
        CASE WHEN size_class = 'PME' THEN weight ELSE 0 END,
        CASE WHEN size_class <> 'unknown' THEN weight ELSE 0 END,
        amount_weighted
    FROM fact_awards
    WHERE NOT ($cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL)
        AND ($cpv IS NULL OR cpv_division = $cpv)
        AND ($contract_type IS NULL OR contract_type = $contract_type)
        AND ($procedure IS NULL OR procedure = $procedure)
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
