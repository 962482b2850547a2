-- The coverage of the size classification year by year (NULL: undated), all sources: the award
-- weight of known size over the contracts (Method §5).
SELECT
    year,
    sum(contracts)::BIGINT AS contracts,
    fsum(classified_weight) AS classified_weight,
    fsum(classified_weight) / sum(contracts) AS coverage
FROM quality_completeness
GROUP BY year
ORDER BY year NULLS LAST;
