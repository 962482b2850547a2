-- One supplier's awards under the filters ($supplier, $buyer and the sidebar's), summed per group
-- of the including query (its SELECT names the group columns; its GROUP BY follows): weighted
-- contracts and amounts, aberrant ones with $aberrant.
    sum(weight) AS contracts,
    sum(amount_weighted) FILTER (
        WHERE amount_counts(amount_status, $aberrant)
    ) AS amount_total
FROM fact_awards
WHERE supplier_key = $supplier
-- include: _fact_filters
-- include: _sidebar_filters
