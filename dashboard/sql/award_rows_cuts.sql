-- Where to cut a long extract into ranges of contract rows (award_rows_stream): the first
-- contract_row of every range but the first, in order. Ranges are cut only where a buyer and
-- notification year begins, the extract's order being buyer, year, contract, winner; with the
-- groups' award rows under the filters, the first range ends at the first group with $first_rows
-- rows before it and a new range starts every $range_rows rows after that. Only the cuts leave
-- DuckDB. With no filter but frameworks, agg_buyer_years holds each group's rows before it: the
-- whole database's 2 M groups (at 16 M awards) then need no running sum here.
WITH positions AS (
    SELECT
        CASE WHEN $framework THEN first_row ELSE first_row_no_framework END AS first_row,
        CASE WHEN $framework THEN award_rows_before ELSE award_rows_before_no_framework END AS rows_before
    FROM agg_buyer_years
    WHERE $buyer IS NULL AND $supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL
        AND $procedure IS NULL AND $year_from IS NULL AND $year_to IS NULL
        AND CASE WHEN $framework THEN award_rows ELSE award_rows_no_framework END > 0
    UNION ALL
    SELECT
        first_row,
        coalesce(
            sum(award_rows) OVER (ORDER BY first_row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
            0
        ) AS rows_before
    FROM (
-- include: _award_rows_by_group
    )
    WHERE NOT ($buyer IS NULL AND $supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL
        AND $procedure IS NULL AND $year_from IS NULL AND $year_to IS NULL)
)

SELECT min(first_row) AS first_row
FROM positions
WHERE rows_before >= $first_rows
GROUP BY (rows_before - $first_rows) // $range_rows
ORDER BY first_row;
