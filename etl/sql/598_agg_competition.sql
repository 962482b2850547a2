-- The competition pages' aggregate (issue 14): agg_overview's filter columns with each award's
-- procedure family, the bids its contract received and its clauses (reserved, innovative,
-- declared subcontracting). What the Concurrence page reads when no buyer or supplier is chosen;
-- tests/test_aggregates.py and test_competition.py check it against fact_awards.
CREATE TABLE agg_competition AS
SELECT
    year,
    cpv_division,
    contract_type,
    procedure,
    procedure_family,
    is_framework,
    amount_status,
    size_class,
    bids_received,
    reserved,
    innovative,
    subcontracting_declared,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum,
    fsum(amount_weighted) AS amount_sum
FROM fact_awards
GROUP BY ALL
ORDER BY ALL;
