-- How many award rows and distinct contracts the filters select (what award_rows returns), and
-- the sum of their amount shares: `amount_share_total` over ok amounts in the country's currency
-- (the extract's amount_share column, less the shares in another currency, Method §18), `amount_counted_total` over the amounts the page counts ($aberrant: the tile's amount).
-- From agg_overview when it keeps every set filter's column ($from_agg_overview): there every
-- filter is a contract attribute, so a contract's awards are all in or all out and their weights
-- add up to 1 (900_checks.sql): the rounded weight sum is the number of contracts. Otherwise
-- fact_awards' rows.
SELECT
    coalesce(sum(award_rows), 0)::BIGINT AS award_rows,
    coalesce(round(sum(weight_sum)), 0)::BIGINT AS contracts,
    sum(amount_sum) FILTER (WHERE amount_counts(amount_status, false)) AS amount_share_total,
    sum(amount_sum) FILTER (WHERE amount_counts(amount_status, $aberrant)) AS amount_counted_total
FROM agg_overview
WHERE $from_agg_overview
-- include: _sidebar_filters
HAVING $from_agg_overview
UNION ALL
SELECT
    count(*) AS award_rows,
    count(DISTINCT contract_row) AS contracts,
    sum(amount_weighted) FILTER (WHERE amount_counts(amount_status, false)) AS amount_share_total,
    sum(amount_weighted) FILTER (WHERE amount_counts(amount_status, $aberrant)) AS amount_counted_total
FROM fact_awards
WHERE NOT $from_agg_overview
-- include: _fact_filters
-- include: _sidebar_filters
HAVING NOT $from_agg_overview;
