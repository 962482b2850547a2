-- Per 8-digit CPV code and every filter dimension but buyer and supplier, the size classes side
-- by side: the Secteurs drill-down (groups, classes) with no buyer. Sorted by code, so that one
-- division's rows are a few row groups.
CREATE TABLE agg_cpv_codes AS
SELECT
    cpv_code,
    cpv_division,
    year,
    contract_type,
    procedure,
    is_framework,
    amount_status,
    fsum(weight) AS weight_sum,
    coalesce(fsum(weight) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
    coalesce(fsum(weight) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
    fsum(amount_weighted) AS amount_sum,
    coalesce(fsum(amount_weighted) FILTER (WHERE size_class = 'PME'), 0) AS pme_amount,
    fsum(amount_weighted) FILTER (WHERE size_class <> 'unknown') AS classified_amount
FROM fact_awards
WHERE length(cpv_code) = 8
GROUP BY ALL
ORDER BY ALL;
