-- Award rows per buyer id under the filters (the same filters as award_rows), unordered. With no
-- supplier, CPV, contract type or procedure filter, from the per-buyer aggregates (over the years
-- when no year is chosen); otherwise from fact_awards.
WITH facts AS (
    SELECT buyer_id, NULL::INTEGER AS year, is_framework, award_rows
    FROM agg_buyer_totals
    WHERE $supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL
        AND $year_from IS NULL AND $year_to IS NULL
    UNION ALL
    SELECT buyer_id, year, is_framework, award_rows
    FROM agg_buyers
    WHERE $supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL
        AND NOT ($year_from IS NULL AND $year_to IS NULL)
    UNION ALL
    SELECT buyer_id, year, is_framework, 1
    FROM fact_awards
    WHERE NOT ($supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL)
        AND ($supplier IS NULL OR supplier_key = $supplier)
        AND ($cpv IS NULL OR cpv_division = $cpv)
        AND ($contract_type IS NULL OR contract_type = $contract_type)
        AND ($procedure IS NULL OR procedure = $procedure)
)

SELECT
    buyer_id,
    sum(award_rows)::BIGINT AS award_rows
FROM facts
WHERE ($buyer IS NULL OR buyer_id = $buyer)
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($framework OR NOT coalesce(is_framework, false))
GROUP BY buyer_id
