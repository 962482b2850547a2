-- PME shares by CPV division and notification year (the sector x year heat map).
WITH
-- include: _filtered_facts
,
sums AS (
    SELECT
        cpv_division,
        year,
        sum(weight_sum) AS contracts,
        coalesce(sum(weight_sum) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
        coalesce(sum(weight_sum) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
        sum(amount_sum) FILTER (WHERE amount_ok) AS amount_total,
        coalesce(sum(amount_sum) FILTER (WHERE amount_ok AND size_class = 'PME'), 0) AS pme_amount,
        sum(amount_sum) FILTER (WHERE amount_ok AND size_class <> 'unknown') AS classified_amount
    FROM filtered
    WHERE year IS NOT NULL
    GROUP BY cpv_division, year
)

SELECT
    sums.cpv_division,
    cpv.label_fr,
    cpv.label_en,
    sums.year,
    contracts,
    pme_weight / contracts AS share_count,
    pme_amount / amount_total AS share_amount,
    pme_weight / classified_weight AS share_count_classified,
    pme_amount / classified_amount AS share_amount_classified,
    classified_weight / contracts AS coverage,
    amount_total,
    pme_weight,
    classified_weight,
    pme_amount,
    classified_amount
FROM sums
LEFT JOIN cpv ON cpv.code = sums.cpv_division || '000000'
ORDER BY sums.cpv_division, sums.year;
