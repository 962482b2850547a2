-- PME shares by CPV prefix one level below $prefix (group: 3 digits, class: 4), with labels.
WITH filtered AS (
    SELECT
        left(cpv_code, length($prefix) + 1) AS code,
        size_class,
        weight AS weight_sum,
        amount_weighted AS amount_sum,
        amount_status = 'ok' OR ($aberrant AND amount_status = 'aberrant') AS amount_ok
    FROM fact_awards
    WHERE ($buyer IS NULL OR buyer_id = $buyer)
        AND starts_with(cpv_code, $prefix)
        AND length(cpv_code) = 8
        AND ($year_from IS NULL OR year >= $year_from)
        AND ($year_to IS NULL OR year <= $year_to)
        AND ($cpv IS NULL OR cpv_division = $cpv)
        AND ($contract_type IS NULL OR contract_type = $contract_type)
        AND ($procedure IS NULL OR procedure = $procedure)
        AND ($framework OR NOT coalesce(is_framework, false))
),

sums AS (
    SELECT
        code,
        sum(weight_sum) AS contracts,
        coalesce(sum(weight_sum) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
        coalesce(sum(weight_sum) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
        sum(amount_sum) FILTER (WHERE amount_ok) AS amount_total,
        coalesce(sum(amount_sum) FILTER (WHERE amount_ok AND size_class = 'PME'), 0) AS pme_amount,
        sum(amount_sum) FILTER (WHERE amount_ok AND size_class <> 'unknown') AS classified_amount
    FROM filtered
    GROUP BY code
)

SELECT
    sums.code,
    cpv.label_fr,
    cpv.label_en,
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
LEFT JOIN cpv ON cpv.code = rpad(sums.code, 8, '0')
ORDER BY contracts DESC, sums.code;
