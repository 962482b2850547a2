-- What the Concurrence page reads when no filter but the buyer (agg_buyer_competition) or but years,
-- division, buyer or supplier (agg_incumbency_cells) is set (issue 14): each buyer's competition
-- sums, median number of bids and concentration over its suppliers, and the (buyer, CPV division,
-- year) cells a supplier holds (macro `holds_a_third`), over the ok amounts (Method §6; with
-- aberrant amounts switched in, the app computes from fact_awards). Every figure here is the one
-- dashboard/sql/competition_by_buyer.sql and incumbents.sql compute from fact_awards under the same
-- filters, with the same DB macros; tests/test_competition.py checks it.
-- An amount that does not count is NULL (a supplier with no counted amount is still one of the
-- buyer's suppliers).
CREATE TEMP TABLE counted_awards AS
SELECT
    buyer_id, supplier_key, cpv_division, year,
    CASE WHEN amount_counts(amount_status, false) THEN amount_weighted END AS amount_weighted
FROM fact_awards;

-- One row per buyer over all its awards: the competition sums (macro competition_sums), the
-- median number of bids (macro weighted_median) and the concentration over its suppliers (macro
-- concentration; NULL for a buyer with no supplier one can follow).
CREATE TABLE agg_buyer_competition AS
WITH
sums AS (
    SELECT
        buyer_id,
        unnest(competition_sums(
            weight, amount_weighted, amount_counts(amount_status, false), bids_received, procedure_family
        ))
    FROM fact_awards
    GROUP BY buyer_id
),
bids AS (
    SELECT buyer_id, weighted_median(list(bids_received ORDER BY bids_received), list(w ORDER BY bids_received))
        AS median_bids
    FROM (
        SELECT buyer_id, bids_received, sum(weight) AS w
        FROM fact_awards
        WHERE bids_received IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY buyer_id
),
suppliers AS (
    SELECT buyer_id, unnest(concentration(list(amount ORDER BY supplier_key)))
    FROM (
        SELECT buyer_id, supplier_key, sum(amount_weighted) AS amount
        FROM counted_awards
        WHERE supplier_key IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY buyer_id
)
SELECT sums.*, bids.median_bids, suppliers.* EXCLUDE (buyer_id)
FROM sums
LEFT JOIN bids USING (buyer_id)
LEFT JOIN suppliers USING (buyer_id)
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
