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

keyed AS (
    SELECT
        *,
-- include: _supplier_rank_keys
    FROM sums
),

-- Names only for the suppliers that can make the list: at or above the $limit-th figure (ties
-- included). Joining every supplier's name before the cut cost 100 ms at 1.6 M rows.
ranked AS (
    SELECT
        keyed.*,
        names.supplier_name,
        names.size_class::VARCHAR AS size_class
    FROM keyed
    LEFT JOIN suppliers AS names USING (supplier_key)
    WHERE keyed.rank_value >= (
        SELECT min(rank_value) FROM (SELECT rank_value FROM keyed ORDER BY rank_value DESC LIMIT $limit)
    )
)

SELECT supplier_key, supplier_name, size_class, contracts, amount_total
FROM ranked
-- include: _supplier_rank
LIMIT $limit;
