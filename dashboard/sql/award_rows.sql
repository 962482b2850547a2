-- One page of award rows under the filters ($limit rows from $offset; $limit NULL: every row), in
-- the extract's columns and order (buyer, year, contract, winner), with the CPV label in $lang.
-- The page is picked from fact_awards first; contracts are read only between the page's first
-- and last row ids.
WITH facts AS (
-- include: _award_row_facts
    ORDER BY contract_row, supplier_id, supplier_name
    LIMIT $limit
    OFFSET $offset
)

-- include: _award_row_columns
WHERE c.rowid BETWEEN (SELECT min(contract_row) FROM facts) AND (SELECT max(contract_row) FROM facts)
ORDER BY f.contract_row, f.supplier_id, f.supplier_name;
