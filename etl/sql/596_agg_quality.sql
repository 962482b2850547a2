-- The contracts' quality figures the Méthode page shows, counted once here instead of over every
-- contract at each visit.

-- Contracts by our amount status, decp.info's own amount flag (montant_anomalie; NULL: none, or
-- not published) and the quality flags (contracts.quality_flags).
CREATE TABLE agg_contract_quality AS
SELECT
    amount_status,
    publisher_amount_flag,
    quality_flags,
    count(*) AS contracts
FROM contracts
GROUP BY ALL
ORDER BY ALL;

-- How many contracts (awards, for a winner's columns) publish each column that a source may leave
-- out (issue 12: a value the source does not give stays NULL and is counted), in DESIGN's order.
CREATE TABLE agg_column_coverage AS
SELECT 'contracts' AS table_name, column_name, published, (SELECT count(*) FROM contracts) AS out_of
FROM (
    UNPIVOT (
        SELECT
            count(framework_id) AS framework_id,
            count(techniques) AS techniques,
            count(buyer_category) AS buyer_category,
            count(buyer_department) AS buyer_department,
            count(buyer_region) AS buyer_region,
            count(buyer_commune) AS buyer_commune,
            count(subcontracting_declared) AS subcontracting_declared,
            count(innovative) AS innovative,
            count(social_clause) AS social_clause,
            count(environmental_clause) AS environmental_clause,
            count(grouping_type) AS grouping_type,
            count(ccag) AS ccag,
            count(origin_france) AS origin_france,
            count(publisher_amount_flag) AS publisher_amount_flag
        FROM contracts
    )
    ON COLUMNS(*)
    INTO NAME column_name VALUE published
)
UNION ALL
SELECT 'awards', column_name, published, (SELECT count(*) FROM fact_awards)
FROM (
    UNPIVOT (
        SELECT
            count(supplier_department) AS supplier_department,
            count(supplier_region) AS supplier_region,
            count(supplier_distance_km) AS supplier_distance_km
        FROM fact_awards
    )
    ON COLUMNS(*)
    INTO NAME column_name VALUE published
)
-- A UNION ALL comes out in no fixed order: the table's rows in one order, build after build.
ORDER BY table_name DESC, column_name;
