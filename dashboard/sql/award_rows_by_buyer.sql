-- Award rows per buyer id under the filters (the same filters as award_rows), in buyer order:
-- where to cut a long extract into ranges.
SELECT
    buyer_id,
    count(*) AS award_rows
FROM fact_awards
WHERE ($buyer IS NULL OR buyer_id = $buyer)
    AND ($supplier IS NULL OR supplier_key = $supplier)
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
GROUP BY buyer_id
ORDER BY buyer_id NULLS LAST;
