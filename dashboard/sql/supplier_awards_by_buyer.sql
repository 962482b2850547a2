-- One supplier's awards by buyer under the filters: weighted contracts and amounts, top $limit,
-- with each buyer's name as `buyers` gives it (its most frequent spelling).
WITH sums AS (
    SELECT
        buyer_id,
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
    LIMIT $limit
)

SELECT s.buyer_id, b.buyer_name, s.contracts, s.amount_total
FROM sums AS s
LEFT JOIN buyers AS b USING (buyer_id)
ORDER BY s.contracts DESC, s.buyer_id;
