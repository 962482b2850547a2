-- PME shares by CPV prefix one level below $prefix (group: 3 digits, class: 4), with labels.
WITH facts AS (
    -- The per-code aggregate (size classes side by side) when it keeps every set filter's
    -- column; otherwise fact_awards' rows, spread the same way.
    SELECT cpv_code, year, cpv_division, contract_type, procedure, is_framework, amount_status,
        weight_sum, pme_weight, classified_weight, amount_sum, pme_amount, classified_amount
    FROM agg_cpv_codes
    WHERE $from_agg_cpv_codes
        AND cpv_division = left($prefix, 2)
    UNION ALL
    SELECT cpv_code, year, cpv_division, contract_type, procedure, is_framework, amount_status,
        weight,
        CASE WHEN size_class = 'PME' THEN weight ELSE 0 END,
        CASE WHEN size_class <> 'unknown' THEN weight ELSE 0 END,
        amount_weighted,
        CASE WHEN size_class = 'PME' THEN coalesce(amount_weighted, 0) ELSE 0 END,
        CASE WHEN size_class <> 'unknown' THEN amount_weighted END
    FROM fact_awards
    WHERE NOT $from_agg_cpv_codes
        AND length(cpv_code) = 8
-- include: _fact_filters
),

filtered AS (
    SELECT
        *,
        left(cpv_code, length($prefix) + 1) AS code,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM facts
    WHERE starts_with(cpv_code, $prefix)
-- include: _sidebar_filters
),

sums AS (
    SELECT
        code,
        sum(weight_sum) AS contracts,
        coalesce(sum(pme_weight), 0) AS pme_weight,
        coalesce(sum(classified_weight), 0) AS classified_weight,
        sum(amount_sum) FILTER (WHERE amount_ok) AS amount_total,
        coalesce(sum(pme_amount) FILTER (WHERE amount_ok), 0) AS pme_amount,
        sum(classified_amount) FILTER (WHERE amount_ok) AS classified_amount
    FROM filtered
    GROUP BY code
)

SELECT
    sums.code,
    cpv.label_fr,
    cpv.label_en,
    contracts,
-- include: _share_columns
FROM sums
LEFT JOIN cpv ON cpv.code = rpad(sums.code, 8, '0')
ORDER BY contracts DESC, sums.code;
