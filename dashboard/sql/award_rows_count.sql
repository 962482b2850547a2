-- How many award rows and distinct contracts the filters select (what award_rows returns).
-- No buyer, no supplier and no $merged_uid choice: from agg_overview, where every filter is a contract attribute, so a
-- contract's awards are all in or all out and their weights add up to 1 (900_checks.sql): the
-- rounded weight sum is the number of contracts. Otherwise fact_awards' rows.
SELECT
    coalesce(sum(award_rows), 0)::BIGINT AS award_rows,
    coalesce(round(sum(weight_sum)), 0)::BIGINT AS contracts
FROM agg_overview
WHERE $buyer IS NULL AND $supplier IS NULL AND $merged_uid IS NULL
-- include: _sidebar_filters
HAVING $buyer IS NULL AND $supplier IS NULL AND $merged_uid IS NULL
UNION ALL
SELECT
    count(*) AS award_rows,
    count(DISTINCT contract_row) AS contracts
FROM fact_awards
WHERE NOT ($buyer IS NULL AND $supplier IS NULL AND $merged_uid IS NULL)
    AND ($buyer IS NULL OR buyer_id = $buyer)
    AND ($supplier IS NULL OR supplier_key = $supplier)
    AND ($merged_uid IS NULL OR merged_uid = $merged_uid)
-- include: _sidebar_filters
HAVING NOT ($buyer IS NULL AND $supplier IS NULL AND $merged_uid IS NULL);
