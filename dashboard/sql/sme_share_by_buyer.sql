-- Buyers with at least $min_contracts (weighted) contracts: PME share by count with its 95 %
-- Wilson interval on the weighted award count; ordered by the interval's lower bound
-- ($order = 'wilson') or by contracts ($order = 'volume'); at most $limit rows.
WITH
-- include: _buyer_sums
,

shares AS (
    SELECT
        *,
        pme_weight / contracts AS share_count,
        pme_weight / contracts AS p,
        contracts AS n,
        1.959964 AS z
    FROM sums
),

ranked AS (
    SELECT
        buyer_id,
        contracts,
        amount_total,
        share_count,
        classified_weight / contracts AS coverage,
-- include: _wilson_columns
        -- Rounded so that float noise in a sum of fractions (4.999999999999999) cannot reorder a tie.
        round(CASE WHEN $order = 'volume' THEN contracts ELSE wilson_low END, 9) AS rank_value
    FROM shares
    ORDER BY rank_value DESC, buyer_id
    LIMIT $limit
)

-- Names for the ranked rows only.
SELECT
    ranked.buyer_id,
    buyers.buyer_name,
    ranked.contracts,
    ranked.amount_total,
    ranked.share_count,
    ranked.coverage,
    ranked.wilson_low,
    ranked.wilson_high
FROM ranked
LEFT JOIN buyers USING (buyer_id)
ORDER BY ranked.rank_value DESC, ranked.buyer_id;
