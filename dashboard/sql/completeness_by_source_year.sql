-- The quality report's completeness: per source and notification year (NULL: undated), the share
-- of contracts that publish each field, and the share of award weight of known size (Method §5).
SELECT
    source_name,
    year,
    contracts,
    with_amount / contracts AS amount_share,
    with_cpv / contracts AS cpv_share,
    with_date / contracts AS date_share,
    with_siret / contracts AS siret_share,
    with_bids / contracts AS bids_share,
    with_procedure / contracts AS procedure_share,
    classified_weight / contracts AS coverage
FROM quality_completeness
ORDER BY source_name, year NULLS LAST;
