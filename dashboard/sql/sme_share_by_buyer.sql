-- Buyers with at least $min_contracts (weighted) contracts: PME share by count with its 95 %
-- Wilson interval on the weighted award count; ordered by the interval's lower bound
-- ($order = 'wilson') or by contracts ($order = 'volume'); at most $limit rows.
WITH sums AS (
    SELECT
        buyer_id,
        sum(weight) AS contracts,
        coalesce(sum(weight) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
        coalesce(sum(weight) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
        sum(amount_weighted) FILTER (
            WHERE amount_status = 'ok' OR ($aberrant AND amount_status = 'aberrant')
        ) AS amount_total
    FROM fact_awards
    WHERE true
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
    GROUP BY buyer_id
    HAVING sum(weight) >= $min_contracts
),

shares AS (
    SELECT
        *,
        pme_weight / contracts AS share_count,
        pme_weight / contracts AS p,
        contracts AS n,
        1.959964 AS z
    FROM sums
)

SELECT
    shares.buyer_id,
    buyers.buyer_name,
    shares.contracts,
    shares.amount_total,
    shares.share_count,
    shares.classified_weight / shares.contracts AS coverage,
    (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
        / (1 + z * z / n) AS wilson_low,
    (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
        / (1 + z * z / n) AS wilson_high
FROM shares
LEFT JOIN buyers USING (buyer_id)
ORDER BY
    CASE WHEN $order = 'volume' THEN shares.contracts ELSE wilson_low END DESC,
    shares.buyer_id
LIMIT $limit;
