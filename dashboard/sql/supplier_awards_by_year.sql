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
-- include: _sidebar_filters
GROUP BY year
ORDER BY year NULLS LAST;
