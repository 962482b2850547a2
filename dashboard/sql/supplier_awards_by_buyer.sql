-- One supplier's awards by buyer under the filters: weighted contracts and amounts, top $limit.
SELECT
    buyer_id,
    any_value(buyer_name) AS buyer_name,
    sum(weight) AS contracts,
    sum(amount_weighted) FILTER (
        WHERE amount_status = 'ok' OR ($aberrant AND amount_status = 'aberrant')
    ) AS amount_total
FROM fact_awards
WHERE supplier_key = $supplier
    AND ($buyer IS NULL OR buyer_id = $buyer)
-- include: _sidebar_filters
GROUP BY buyer_id
ORDER BY contracts DESC, buyer_id
LIMIT $limit;
