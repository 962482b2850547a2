-- Award rows per buyer and notification year under the filters (the same filters as award_rows),
-- with the contract row of each group's first award under them (first_row: contracts and
-- fact_awards are stored in buyer, year order, so no row of a group comes before a row of an
-- earlier group). Groups with no award under the filters are left out. Unordered.
-- With no supplier, CPV, contract type or procedure filter, from agg_buyer_years; otherwise from
-- fact_awards.
SELECT
    buyer_id,
    year,
    CASE WHEN $framework THEN award_rows ELSE award_rows_no_framework END AS award_rows,
    CASE WHEN $framework THEN first_row ELSE first_row_no_framework END AS first_row
FROM agg_buyer_years
WHERE $supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL
    AND ($buyer IS NULL OR buyer_id = $buyer)
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND CASE WHEN $framework THEN award_rows ELSE award_rows_no_framework END > 0
UNION ALL
SELECT
    buyer_id,
    year,
    count(*) AS award_rows,
    min(contract_row) AS first_row
FROM fact_awards
WHERE NOT ($supplier IS NULL AND $cpv IS NULL AND $contract_type IS NULL AND $procedure IS NULL)
    AND ($buyer IS NULL OR buyer_id = $buyer)
    AND ($supplier IS NULL OR supplier_key = $supplier)
-- include: _sidebar_filters
GROUP BY buyer_id, year
