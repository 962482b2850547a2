-- One supplier's awards by notification year under the filters (year NULL: date missing).
SELECT
    year,
    sum(weight) AS contracts,
    sum(amount_weighted) FILTER (
        WHERE amount_status = 'ok' OR ($aberrant AND amount_status = 'aberrant')
    ) AS amount_total
FROM fact_awards
WHERE supplier_key = $supplier
    AND ($buyer IS NULL OR buyer_id = $buyer)
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
GROUP BY year
ORDER BY year NULLS LAST;
