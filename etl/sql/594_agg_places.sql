-- The Territoires aggregate (issue 15): agg_overview's filter columns with the buyer's place and
-- where its winner is against it (fact_awards.supplier_place). What the PME share by territory
-- and the local-suppliers block read when no buyer or supplier is chosen; the median distance
-- still reads fact_awards (a median does not add up). tests/test_territories.py checks it against
-- fact_awards.
CREATE TABLE agg_places AS
SELECT
    year,
    cpv_division,
    contract_type,
    procedure,
    is_framework,
    amount_status,
    size_class,
    buyer_department,
    buyer_region,
    supplier_place,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum,
    fsum(amount_weighted) AS amount_sum
FROM fact_awards
GROUP BY ALL
ORDER BY ALL;
