-- PME shares by amount bracket; aberrant amounts sit in no bracket unless they are included.
WITH facts AS (
    -- No buyer: the pre-aggregated table; one buyer: its rows of fact_awards (sorted by buyer).
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status,
        amount_bracket, size_class, weight_sum, amount_sum
    FROM agg_overview
    WHERE $buyer IS NULL
    UNION ALL
    SELECT year, cpv_division, contract_type, procedure, is_framework, amount_status,
        amount_bracket, size_class, weight, amount_weighted
    FROM fact_awards
    WHERE buyer_id = $buyer
),

filtered AS (
    SELECT
        *,
        amount_status = 'ok' OR ($aberrant AND amount_status = 'aberrant') AS amount_ok
    FROM facts
    WHERE ($year_from IS NULL OR year >= $year_from)
        AND ($year_to IS NULL OR year <= $year_to)
        AND ($cpv IS NULL OR cpv_division = $cpv)
        AND ($contract_type IS NULL OR contract_type = $contract_type)
        AND ($procedure IS NULL OR procedure = $procedure)
        AND ($framework OR NOT coalesce(is_framework, false))
),

sums AS (
    SELECT
        amount_bracket,
        sum(weight_sum) AS contracts,
        coalesce(sum(weight_sum) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
        coalesce(sum(weight_sum) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
        sum(amount_sum) FILTER (WHERE amount_ok) AS amount_total,
        coalesce(sum(amount_sum) FILTER (WHERE amount_ok AND size_class = 'PME'), 0) AS pme_amount,
        sum(amount_sum) FILTER (WHERE amount_ok AND size_class <> 'unknown') AS classified_amount
    FROM filtered
    WHERE amount_status <> 'aberrant' OR $aberrant
    GROUP BY amount_bracket
)

SELECT
    amount_bracket::VARCHAR AS amount_bracket,
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
ORDER BY sums.amount_bracket;
