-- How many contracts with no year (no usable notification date) the filters other than the years
-- select, f.buyer, f.supplier and $merged_uid included: what a year filter leaves out.
SELECT count(DISTINCT contract_row) AS contracts
FROM fact_awards
WHERE year IS NULL
    AND ($buyer IS NULL OR buyer_id = $buyer)
    AND ($supplier IS NULL OR supplier_key = $supplier)
    AND ($merged_uid IS NULL OR merged_uid = $merged_uid)
-- include: _sidebar_filters
;
