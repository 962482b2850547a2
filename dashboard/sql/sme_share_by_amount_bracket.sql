-- PME shares by amount bracket; aberrant amounts sit in no bracket unless they are included.
WITH
-- include: _filtered_facts
,
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
