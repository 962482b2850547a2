-- What the Concurrence page reads when no filter but years, division, buyer or supplier is set
-- (issue 14): each buyer's concentration over its suppliers (macro `concentration`), and the
-- (buyer, CPV division, year) cells a supplier holds (macro `holds_a_third`), over the ok amounts
-- (Method §6; with aberrant amounts switched in, the app computes from fact_awards). Every figure
-- here is the one dashboard/sql/competition_by_buyer.sql and incumbents.sql compute from
-- fact_awards under the same filters; tests/test_aggregates.py checks it.
-- An amount that does not count is NULL (a supplier with no counted amount is still one of the
-- buyer's suppliers).
CREATE TEMP TABLE counted_awards AS
SELECT
    buyer_id, supplier_key, cpv_division, year,
    CASE WHEN amount_counts(amount_status, false) THEN amount_weighted END AS amount_weighted
FROM fact_awards;

CREATE TABLE agg_buyer_concentration AS
SELECT buyer_id, unnest(concentration(list(amount ORDER BY supplier_key)))
FROM (
    SELECT buyer_id, supplier_key, sum(amount_weighted) AS amount
    FROM counted_awards
    WHERE supplier_key IS NOT NULL
    GROUP BY ALL
)
GROUP BY buyer_id
ORDER BY buyer_id;

-- Only the held cells of a run of incumbent_min_years() or more consecutive years: a filter on
-- years, division or buyer can shorten a run, never make one.
CREATE TABLE agg_incumbency_cells AS
WITH held AS (
    SELECT *
    FROM (
        SELECT
            buyer_id, cpv_division, year, supplier_key, amount,
            sum(amount) OVER (PARTITION BY buyer_id, cpv_division, year) AS total
        FROM (
            SELECT buyer_id, cpv_division, year, supplier_key, sum(amount_weighted) AS amount
            FROM counted_awards
            WHERE year IS NOT NULL AND cpv_division IS NOT NULL AND amount_weighted IS NOT NULL
            GROUP BY ALL
        )
    )
    WHERE supplier_key IS NOT NULL AND holds_a_third(amount, total)
),
runs AS (
    SELECT
        *,
        year - row_number() OVER (
            PARTITION BY buyer_id, cpv_division, supplier_key ORDER BY year
        ) AS run
    FROM held
)
SELECT buyer_id, cpv_division, year, supplier_key, amount, total
FROM runs
QUALIFY count(*) OVER (PARTITION BY buyer_id, cpv_division, supplier_key, run) >= incumbent_min_years()
ORDER BY buyer_id, cpv_division, supplier_key, year;

DROP TABLE counted_awards;
