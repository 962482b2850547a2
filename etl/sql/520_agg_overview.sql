-- Tables the app reads for speed (DESIGN.md: "views or pre-aggregated tables the app needs") are
-- derived only from contracts + fact_awards (5xx steps), so they follow the Method by construction;
-- 900_checks.sql and tests/test_aggregates.py check them against the award rows + contracts.

-- Every filter dimension except buyer and supplier: what the "all buyers" views read.
-- sum(weight) over every size class of a group is its number of contracts.
CREATE TABLE agg_overview AS
SELECT
    year,
    cpv_division,
    contract_type,
    procedure,
    is_framework,
    amount_status,
    amount_bracket,
    size_class,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum,
    fsum(amount_weighted) AS amount_sum
FROM fact_awards
GROUP BY ALL
ORDER BY ALL;
