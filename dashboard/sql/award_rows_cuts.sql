-- Where to cut a long extract into buyer-id ranges (award_rows_stream): the first buyer id of
-- every range but the first, in order. Buyers in id order (NULL last) with their award rows under
-- the filters: the first range ends at the first buyer with $first_rows rows before it, and a new
-- range starts every $range_rows rows after that. One buyer is never split, NULL buyer ids go with
-- the last range, and only the cuts leave DuckDB (one row per range, not one per buyer).
WITH counts AS (
-- include: _award_rows_by_buyer
),

positions AS (
    SELECT
        buyer_id,
        coalesce(
            sum(award_rows) OVER (
                ORDER BY buyer_id NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ),
            0
        ) AS rows_before
    FROM counts
)

SELECT min(buyer_id) AS buyer_id
FROM positions
WHERE buyer_id IS NOT NULL AND rows_before >= $first_rows
GROUP BY (rows_before - $first_rows) // $range_rows
ORDER BY buyer_id;
