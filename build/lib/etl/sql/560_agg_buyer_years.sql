-- Per buyer and notification year, where its awards start (first_row, a contract row id: contracts
-- and fact_awards are in buyer, year order), how many there are and how many come before it, with
-- and without framework agreements: where a long extract may be cut into ranges
-- (dashboard/sql/award_rows_cuts.sql; with no filter it needs no running sum of its own).
CREATE TABLE agg_buyer_years AS
SELECT
    *,
    coalesce(sum(award_rows) OVER preceding, 0) AS award_rows_before,
    coalesce(sum(award_rows_no_framework) OVER preceding, 0) AS award_rows_before_no_framework
FROM (
    SELECT
        buyer_id,
        year,
        min(contract_row) AS first_row,
        count(*) AS award_rows,
        min(contract_row) FILTER (WHERE NOT coalesce(is_framework, false)) AS first_row_no_framework,
        count(*) FILTER (WHERE NOT coalesce(is_framework, false)) AS award_rows_no_framework
    FROM fact_awards
    GROUP BY buyer_id, year
)
WINDOW preceding AS (ORDER BY first_row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
ORDER BY first_row;
