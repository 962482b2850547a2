-- Every award row whose contract_row is in [$row_from, $row_to) (award_rows_cuts) under the
-- filters, in the extract's columns and order (buyer, year, contract, winner): one sort, of this
-- range only. contract_row is the contract's row id, so the same bounds read only the range's row
-- groups of contracts (and of fact_awards, stored in contract_row order).
WITH facts AS (
-- include: _award_row_facts
)

-- include: _award_row_columns
WHERE ($row_from IS NULL OR c.rowid >= $row_from)
    AND ($row_to IS NULL OR c.rowid < $row_to)
ORDER BY f.contract_row, f.supplier_id, f.supplier_name;
