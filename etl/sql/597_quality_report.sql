-- The quality report (Méthode et qualité, `python -m etl info --quality`): how complete each source
-- is, year by year, and what the build set aside from it. A source is the contract's source_name
-- (the publisher a DECP 2019 record names, else the file), the name rejected_records carries too.

-- Contracts by source and notification year (NULL: undated), and how many of them publish each
-- field of the report. An amount counts when it is a number (amount_status not `missing`: an
-- aberrant amount is published, Method §6); a winner's SIRET when every winner of the contract has
-- a 14-digit SIRET. classified_weight is the weight of the awards of known size (Method §5: over
-- `contracts`, the coverage of the size classification).
CREATE TABLE quality_completeness AS
SELECT
    c.source_name,
    c.year,
    count(*) AS contracts,
    count(*) FILTER (WHERE c.amount_status <> 'missing') AS with_amount,
    count(c.cpv_code) AS with_cpv,
    count(c.notification_date) AS with_date,
    count(*) FILTER (WHERE w.all_siret) AS with_siret,
    count(c.bids_received) AS with_bids,
    count(c.procedure) AS with_procedure,
    coalesce(fsum(w.classified_weight), 0) AS classified_weight
FROM (SELECT rowid AS contract_row, * FROM contracts) AS c
LEFT JOIN (
    SELECT
        contract_row,
        bool_and(coalesce(supplier_id_scheme = 'SIRET' AND regexp_full_match(supplier_id, '[0-9]{14}'), false))
            AS all_siret,
        fsum(weight) FILTER (WHERE size_class <> 'unknown') AS classified_weight
    FROM fact_awards
    GROUP BY contract_row
) AS w USING (contract_row)
GROUP BY c.source_name, c.year
ORDER BY c.source_name, c.year NULLS LAST;

-- Per source: contracts kept, records rejected (rejected_records), duplicates dropped
-- (230_duplicates.sql: records of a uid that another record replaced, and a decp.info file's older
-- versions of a uid), the first and latest notification dates. A source whose every record was set
-- aside has a row too.
CREATE TABLE quality_by_source AS
WITH kept_by_source AS (
    SELECT
        source_name,
        count(*) AS contracts,
        min(notification_date) AS first_notification,
        max(notification_date) AS latest_notification
    FROM contracts
    GROUP BY source_name
),

rejected_by_source AS (
    SELECT source_name, count(*) AS records_rejected
    FROM rejected_records
    GROUP BY source_name
)

SELECT
    source_name,
    coalesce(k.contracts, 0) AS contracts,
    coalesce(r.records_rejected, 0) AS records_rejected,
    coalesce(d.duplicates_dropped, 0) AS duplicates_dropped,
    k.first_notification,
    k.latest_notification
FROM kept_by_source AS k
FULL JOIN rejected_by_source AS r USING (source_name)
FULL JOIN duplicates_by_source AS d USING (source_name)
ORDER BY source_name;
