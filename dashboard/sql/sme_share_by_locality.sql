-- Local suppliers (issue 14): the awards won by suppliers in the buyer's own département ('local'),
-- elsewhere ('outside') or where either département is unknown ('unknown'), each with its
-- contracts, amount and PME shares (Method §5), under the filters; and the median buyer-supplier
-- distance where decp.info publishes it.
WITH
filtered AS (
    SELECT contract_row, supplier_department, supplier_distance_km, size_class,
        weight AS weight_sum, amount_weighted AS amount_sum,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
),

facts AS (
    SELECT
        f.*,
        CASE
            WHEN c.buyer_department IS NULL OR f.supplier_department IS NULL THEN 'unknown'
            WHEN c.buyer_department = f.supplier_department THEN 'local'
            ELSE 'outside'
        END AS locality
    FROM filtered AS f
    JOIN contracts AS c ON c.rowid = f.contract_row
),

sums AS (
    SELECT
        locality,
        median(supplier_distance_km) AS median_distance_km,
-- include: _share_sums
    FROM facts
    GROUP BY locality
)

SELECT
    locality,
    median_distance_km,
    contracts,
-- include: _share_columns
FROM sums
ORDER BY list_position(['local', 'outside', 'unknown'], locality);
