-- How many award rows and distinct contracts the filters select (what award_rows returns).
-- From agg_overview when it keeps every set filter's column ($from_agg_overview): there every
-- filter is a contract attribute, so a contract's awards are all in or all out and their weights
-- add up to 1 (900_checks.sql): the rounded weight sum is the number of contracts. Otherwise
-- fact_awards' rows.
SELECT
    coalesce(sum(award_rows), 0)::BIGINT AS award_rows,
    coalesce(round(sum(weight_sum)), 0)::BIGINT AS contracts
FROM agg_overview
WHERE $from_agg_overview
-- include: _sidebar_filters
HAVING $from_agg_overview
UNION ALL
SELECT
    count(*) AS award_rows,
    count(DISTINCT contract_row) AS contracts
FROM fact_awards
WHERE NOT $from_agg_overview
-- include: _fact_filters
-- include: _sidebar_filters
HAVING NOT $from_agg_overview;
