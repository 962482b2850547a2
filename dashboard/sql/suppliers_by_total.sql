-- Top $limit suppliers of the whole database from the pre-aggregated `suppliers` table, by
-- weighted contracts ($order = 'count') or ok amount ($order = 'amount'): totals_by_supplier
-- with no filter, read in one small scan.
SELECT
    supplier_key,
    supplier_name,
    size_class::VARCHAR AS size_class,
    weight_sum AS contracts,
    amount_sum AS amount_total
FROM suppliers
ORDER BY
    CASE WHEN $order = 'amount' THEN coalesce(amount_sum, 0) ELSE weight_sum END DESC,
    supplier_key
LIMIT $limit;
