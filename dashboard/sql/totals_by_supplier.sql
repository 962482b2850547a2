-- Top $limit suppliers under the filters by weighted contracts ($order = 'count') or valid amount
-- ($order = 'amount'), ties by the other figure, then by name. Sums first, names and size class
-- (most frequent, whole DB) from `suppliers`: no per-group mode() over every supplier.
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

ranked AS (
    SELECT
        sums.supplier_key,
        names.supplier_name,
        names.size_class::VARCHAR AS size_class,
        sums.contracts,
        sums.amount_total
    FROM sums
    LEFT JOIN suppliers AS names USING (supplier_key)
)

SELECT *
FROM ranked
-- include: _supplier_rank
LIMIT $limit;
