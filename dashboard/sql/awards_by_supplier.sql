-- Suppliers by weighted contracts ($order = 'count') or valid amount ($order = 'amount'), with
-- their most frequent name and size class; at most $limit rows.
SELECT
    supplier_key,
    mode(supplier_name) AS supplier_name,
    mode(size_class)::VARCHAR AS size_class,
    sum(weight) AS contracts,
    sum(amount_weighted) FILTER (
        WHERE amount_status = 'ok' OR ($aberrant AND amount_status = 'aberrant')
    ) AS amount_total
FROM fact_awards
WHERE ($buyer IS NULL OR buyer_id = $buyer)
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
GROUP BY supplier_key
ORDER BY
    CASE WHEN $order = 'amount' THEN coalesce(amount_total, 0) ELSE contracts END DESC,
    supplier_key
LIMIT $limit;
