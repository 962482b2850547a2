-- Top $limit suppliers of the whole database from the pre-aggregated `suppliers` table, by
-- weighted contracts ($order = 'count') or valid amount ($order = 'amount', aberrant amounts
-- added when $aberrant): totals_by_supplier with no filter, in one small scan.
WITH totals AS (
    SELECT
        supplier_key,
        supplier_name,
        size_class,
        weight_sum AS contracts,
        CASE
            WHEN $aberrant AND amount_aberrant_sum IS NOT NULL
                THEN coalesce(amount_sum, 0) + amount_aberrant_sum
            ELSE amount_sum
        END AS amount_total
    FROM suppliers
),

keyed AS (
    SELECT
        *,
-- include: _supplier_rank_keys
    FROM totals
)

SELECT
    supplier_key,
    supplier_name,
    size_class::VARCHAR AS size_class,
    contracts,
    amount_total
FROM keyed
-- include: _supplier_rank
LIMIT $limit;
