-- Competition and concentration per buyer under the filters (issue 14), for buyers with at least
-- $min_contracts (weighted) contracts (whose main CPV division is $division when set), or $buyer
-- alone when it is set: the sums of the DB macro competition_sums and the rates of
-- _competition_rates, the single-bid rate's 95 % Wilson interval, the median number of bids, and
-- over the suppliers one can follow (by SIREN, else published id) the number of suppliers, the
-- share of the counted amount won by the top supplier and the top 3, and the Herfindahl-Hirschman
-- index of those shares (macro concentration). Ordered by $order ('hhi', 'top1', 'single_bid' by
-- its interval's lower bound, 'no_competition', 'contracts'), highest first; at most $limit rows.
-- By 'single_bid', a rate over fewer than $rate_floor published bid counts (which the page does
-- not show) ranks after every shown one.
-- With no filter but the buyer and aberrant amounts out ($from_agg_buyer_competition AND NOT
-- $aberrant) every figure is agg_buyer_competition's (etl/sql/599), one row per buyer; otherwise
-- they are computed here from the awards.
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
    WHERE NOT ($from_agg_buyer_competition AND NOT $aberrant)
-- include: _fact_filters
-- include: _sidebar_filters
),

buyer_rows AS (
    SELECT *
    FROM agg_buyer_competition
    WHERE $from_agg_buyer_competition AND NOT $aberrant AND ($buyer IS NULL OR buyer_id = $buyer)
    UNION ALL BY NAME
    SELECT
        buyer_id,
        unnest(competition_sums(weight_sum, amount_sum, amount_ok, bids_received, procedure_family))
    FROM filtered
    GROUP BY buyer_id
),

buyer_sums AS (
    SELECT *
    FROM buyer_rows
    -- Comparable buyers only: those whose main CPV division is $division, when it is set.
    WHERE ($division IS NULL OR buyer_id IN (SELECT buyer_id FROM buyers WHERE main_cpv_division = $division))
        AND ($buyer IS NOT NULL OR contracts >= $min_contracts - 1e-9)
),

-- From the awards (empty when agg_buyer_competition answers): concentration over the counted
-- amount of each supplier one can follow, and the median number of bids.
supplier_sums AS (
    SELECT buyer_id, supplier_key, sum(amount_sum) FILTER (WHERE amount_ok) AS amount
    FROM filtered
    SEMI JOIN buyer_sums USING (buyer_id)
    WHERE supplier_key IS NOT NULL
    GROUP BY buyer_id, supplier_key
),

concentration AS (
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

-- Each buyer's figures, from agg_buyer_competition's row or from the awards, whichever answered.
figures AS (
    SELECT
        b.* EXCLUDE (median_bids, suppliers, top1_share, top3_share, hhi),
        coalesce(b.median_bids, m.median_bids) AS median_bids,
        coalesce(b.suppliers, c.suppliers, 0) AS suppliers,
        coalesce(b.top1_share, c.top1_share) AS top1_share,
        coalesce(b.top3_share, c.top3_share) AS top3_share,
        coalesce(b.hhi, c.hhi) AS hhi
    FROM buyer_sums AS b
    LEFT JOIN concentration AS c ON c.buyer_id = b.buyer_id
    LEFT JOIN bids_median AS m ON m.grp = b.buyer_id
),

ranked AS (
    SELECT
        * EXCLUDE (median_bids, suppliers, top1_share, top3_share, hhi),
        median_bids,
        suppliers,
        10 * suppliers / contracts AS suppliers_per_10,
        top1_share,
        top3_share,
        hhi,
-- include: _competition_rates
        ,
        wilson_low(single_bid_rate, bids_published) AS single_bid_low,
        wilson_high(single_bid_rate, bids_published) AS single_bid_high,
        round(CASE $order
            WHEN 'hhi' THEN hhi
            WHEN 'top1' THEN top1_share
            WHEN 'single_bid' THEN if(bids_published >= $rate_floor, single_bid_low, NULL)
            WHEN 'no_competition' THEN no_competition_rate
            ELSE contracts
        END, 9) AS rank_value
    FROM figures
    ORDER BY rank_value DESC NULLS LAST, contracts DESC, buyer_id
    LIMIT $limit
)

SELECT ranked.* EXCLUDE (rank_value), buyers.buyer_name
FROM ranked
LEFT JOIN buyers USING (buyer_id)
ORDER BY ranked.rank_value DESC NULLS LAST, ranked.contracts DESC, ranked.buyer_id;
