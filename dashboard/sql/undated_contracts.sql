-- How many contracts with no year (no usable notification date) the filters other than the years
-- select, f.buyer, f.supplier and f.merged_uid included: what a year filter leaves out.
SELECT count(DISTINCT contract_row) AS contracts
FROM fact_awards
WHERE year IS NULL
-- include: _fact_filters
-- include: _sidebar_filters
;
