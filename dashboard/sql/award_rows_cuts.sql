-- Where to cut a long extract into ranges of contract rows (award_rows_stream): the first
-- contract_row of every range but the first, in order. Ranges are cut only where a buyer and notification year
-- begins, the extract's order being buyer, year, contract, winner; with the groups' award rows
-- under the filters, the first range ends at the first group with $first_rows rows before it and
-- a new range starts every $range_rows rows after that. Only the cuts leave DuckDB.
WITH groups AS (
-- include: _award_rows_by_group
),

positions AS (
    SELECT
        first_row,
        coalesce(
            sum(award_rows) OVER (ORDER BY first_row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
            0
        ) AS rows_before
    FROM groups
)

SELECT min(first_row) AS first_row
FROM positions
WHERE rows_before >= $first_rows
GROUP BY (rows_before - $first_rows) // $range_rows
ORDER BY first_row;
