-- Competition and concentration per buyer under the filters (issue 14), for buyers with at least
-- $min_contracts (weighted) contracts (of main CPV division $division when set), or $buyer alone
-- when it is set: the sums of
-- _competition_sums and the rates of _competition_rates, the single-bid rate's 95 % Wilson
-- interval, the median number of bids, and over the suppliers one can follow (by SIREN, else
-- published id) the number of suppliers, the share of the counted amount won by the top supplier
-- and the top 3, and the Herfindahl-Hirschman index of those shares. Ordered by $order ('hhi',
-- 'top1', 'single_bid' by its interval's lower bound, 'no_competition', 'contracts'), highest
-- first; at most $limit rows.
WITH
filtered AS (
    SELECT
        buyer_id,
        supplier_key,
        bids_received,
        procedure_family,
        weight AS weight_sum,
        amount_weighted AS amount_sum,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
),

buyer_sums AS (
    SELECT
        buyer_id,
-- include: _competition_sums
    FROM filtered
    -- Comparable buyers only: those whose main CPV division is $division, when it is set.
    WHERE $division IS NULL OR buyer_id IN (SELECT buyer_id FROM buyers WHERE main_cpv_division = $division)
    GROUP BY buyer_id
    HAVING $buyer IS NOT NULL OR sum(weight_sum) >= $min_contracts - 1e-9
),

-- Concentration: agg_buyer_concentration when no filter is set and aberrant amounts are out
-- ($from_agg_buyer_concentration AND NOT $aberrant), else from the awards; the one formula is the
-- DB macro.
supplier_sums AS (
    SELECT buyer_id, supplier_key, sum(amount_sum) FILTER (WHERE amount_ok) AS amount
    FROM filtered
    WHERE supplier_key IS NOT NULL AND NOT ($from_agg_buyer_concentration AND NOT $aberrant)
    GROUP BY buyer_id, supplier_key
),

concentration AS (
    SELECT buyer_id, suppliers, top1_share, top3_share, hhi
    FROM agg_buyer_concentration
    WHERE $from_agg_buyer_concentration AND NOT $aberrant
        AND ($buyer IS NULL OR buyer_id = $buyer)
    UNION ALL
    SELECT buyer_id, unnest(concentration(list(amount ORDER BY supplier_key)))
    FROM supplier_sums
    GROUP BY buyer_id
),

bids_rows AS (
    SELECT buyer_id AS grp, bids_received, weight_sum
    FROM filtered
    SEMI JOIN buyer_sums USING (buyer_id)
),

-- include: _bids_median
,

ranked AS (
    SELECT
        b.*,
        m.median_bids,
        coalesce(c.suppliers, 0) AS suppliers,
        10 * coalesce(c.suppliers, 0) / b.contracts AS suppliers_per_10,
        c.top1_share,
        c.top3_share,
        c.hhi,
-- include: _competition_rates
        ,
        wilson_low(single_bid_rate, b.bids_published) AS single_bid_low,
        wilson_high(single_bid_rate, b.bids_published) AS single_bid_high,
        round(CASE $order
            WHEN 'hhi' THEN c.hhi
            WHEN 'top1' THEN c.top1_share
            WHEN 'single_bid' THEN single_bid_low
            WHEN 'no_competition' THEN no_competition_rate
            ELSE b.contracts
        END, 9) AS rank_value
    FROM buyer_sums AS b
    LEFT JOIN concentration AS c ON c.buyer_id = b.buyer_id
    LEFT JOIN bids_median AS m ON m.grp = b.buyer_id
    ORDER BY rank_value DESC NULLS LAST, b.contracts DESC, b.buyer_id
    LIMIT $limit
)

SELECT ranked.* EXCLUDE (rank_value), buyers.buyer_name
FROM ranked
LEFT JOIN buyers USING (buyer_id)
ORDER BY ranked.rank_value DESC NULLS LAST, ranked.contracts DESC, ranked.buyer_id;
