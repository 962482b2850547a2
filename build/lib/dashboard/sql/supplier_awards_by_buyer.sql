-- One supplier's awards by buyer under the filters: weighted contracts and amounts, top $limit,
-- with each buyer's name as `buyers` gives it (its most frequent spelling).
WITH sums AS (
    SELECT
        buyer_id,
-- include: _supplier_award_sums
    GROUP BY buyer_id
    ORDER BY contracts DESC, buyer_id
    LIMIT $limit
)

SELECT s.buyer_id, b.buyer_name, s.contracts, s.amount_total
FROM sums AS s
LEFT JOIN buyers AS b USING (buyer_id)
ORDER BY s.contracts DESC, s.buyer_id;
