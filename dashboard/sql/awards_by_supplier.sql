-- Suppliers by weighted contracts ($order = 'count') or valid amount ($order = 'amount'), with
-- their most frequent name and size class under the filters (ties to the greater, as in
-- `suppliers`); at most $limit rows. Sums first; names and classes for the top rows only.
WITH filtered AS (
    SELECT
        supplier_key,
        supplier_name,
        size_class,
        weight,
        amount_weighted,
        amount_status
    FROM fact_awards
    -- A winner without id (a placeholder, supplier_key NULL) is no supplier one can rank.
    WHERE supplier_key IS NOT NULL
        AND ($buyer IS NULL OR buyer_id = $buyer)
-- include: _sidebar_filters
),

top AS (
    SELECT
        supplier_key,
        sum(weight) AS contracts,
        sum(amount_weighted) FILTER (
            WHERE amount_counts(amount_status, $aberrant)
        ) AS amount_total,
        CASE WHEN $order = 'amount' THEN coalesce(amount_total, 0) ELSE contracts END AS rank_value
    FROM filtered
    GROUP BY supplier_key
    ORDER BY rank_value DESC, supplier_key
    LIMIT $limit
),

names AS (
    SELECT supplier_key, arg_max(supplier_name, (n, supplier_name)) AS supplier_name
    FROM (
        SELECT supplier_key, supplier_name, count(*) AS n
        FROM filtered
        WHERE supplier_name IS NOT NULL
            AND supplier_key IN (SELECT supplier_key FROM top)
        GROUP BY ALL
    )
    GROUP BY supplier_key
),

sizes AS (
    SELECT supplier_key, arg_max(size_class, (n, size_class)) AS size_class
    FROM (
        SELECT supplier_key, size_class, count(*) AS n
        FROM filtered
        WHERE supplier_key IN (SELECT supplier_key FROM top)
        GROUP BY ALL
    )
    GROUP BY supplier_key
)

SELECT
    top.supplier_key,
    names.supplier_name,
    sizes.size_class::VARCHAR AS size_class,
    top.contracts,
    top.amount_total
FROM top
LEFT JOIN names USING (supplier_key)
LEFT JOIN sizes USING (supplier_key)
ORDER BY top.rank_value DESC, top.supplier_key;
