-- Top $limit suppliers under the filters by weighted contracts ($order = 'count') or valid amount
-- ($order = 'amount'). Sums first, names and size class (most frequent, whole DB) from `suppliers`
-- for the top rows only: no per-group mode() over every supplier.
WITH sums AS (
    SELECT
        supplier_key,
        sum(weight) AS contracts,
        sum(amount_weighted) FILTER (
            WHERE amount_counts(amount_status, $aberrant)
        ) AS amount_total
    FROM fact_awards
    -- A winner without id (a placeholder, supplier_key NULL) is no supplier one can rank.
    WHERE supplier_key IS NOT NULL
-- include: _fact_filters
-- include: _sidebar_filters
    GROUP BY supplier_key
),

top AS (
    SELECT
        *,
        CASE WHEN $order = 'amount' THEN coalesce(amount_total, 0) ELSE contracts END AS rank_value
    FROM sums
    ORDER BY rank_value DESC, supplier_key
    LIMIT $limit
)

SELECT
    top.supplier_key,
    s.supplier_name,
    s.size_class::VARCHAR AS size_class,
    top.contracts,
    top.amount_total
FROM top
LEFT JOIN suppliers AS s USING (supplier_key)
ORDER BY top.rank_value DESC, top.supplier_key;
