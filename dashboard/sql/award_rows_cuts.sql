-- Where to cut a long extract into ranges of contract rows (award_rows_stream): the first
-- contract_row of every range but the first, in order. Ranges are cut only where a buyer and
-- notification year begins, the extract's order being buyer, year, contract, winner; with the
-- groups' award rows under the filters, the first range ends at the first group with $first_rows
-- rows before it and a new range starts every $range_rows rows after that. Only the cuts leave
-- DuckDB.
WITH buyer_years AS (
    -- agg_buyer_years with or without framework agreements: where each buyer's year starts
    -- (contracts and fact_awards are stored in buyer, year order), its award rows, and the award
    -- rows of the whole database before it.
    SELECT
        buyer_id,
        year,
        CASE WHEN $framework THEN first_row ELSE first_row_no_framework END AS first_row,
        CASE WHEN $framework THEN award_rows ELSE award_rows_no_framework END AS award_rows,
        CASE WHEN $framework THEN award_rows_before ELSE award_rows_before_no_framework END AS rows_before
    FROM agg_buyer_years
),

groups AS (
    -- The buyer-year groups with award rows under the filters: from buyer_years when
    -- agg_buyer_years keeps every set filter's column ($from_agg_buyer_years), otherwise from
    -- fact_awards. Unordered.
    SELECT first_row, award_rows
    FROM buyer_years
    WHERE $from_agg_buyer_years
        AND ($buyer IS NULL OR buyer_id = $buyer)
        AND ($year_from IS NULL OR year >= $year_from)
        AND ($year_to IS NULL OR year <= $year_to)
        AND award_rows > 0
    UNION ALL
    SELECT min(contract_row) AS first_row, count(*) AS award_rows
    FROM fact_awards
    WHERE NOT $from_agg_buyer_years
-- include: _fact_filters
-- include: _sidebar_filters
    GROUP BY buyer_id, year
),

positions AS (
    -- With no filter but frameworks ($from_agg_buyer_years_whole), the rows before each group are
    -- stored: the whole database's 2 M groups (at 16 M awards) need no running sum here.
    SELECT first_row, rows_before
    FROM buyer_years
    WHERE $from_agg_buyer_years_whole
        AND award_rows > 0
    UNION ALL
    SELECT
        first_row,
        coalesce(
            sum(award_rows) OVER (ORDER BY first_row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
            0
        ) AS rows_before
    FROM groups
    WHERE NOT $from_agg_buyer_years_whole
)

SELECT min(first_row) AS first_row
FROM positions
WHERE rows_before >= $first_rows
GROUP BY (rows_before - $first_rows) // $range_rows
ORDER BY first_row;
