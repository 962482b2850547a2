-- The CTE `bids_median` (-- include: _bids_median, after a CTE `bids_rows` of grp, bids_received
-- and weight_sum): per grp, the median number of bids over the contracts that publish it, weighted
-- as the counts are (the DB macro weighted_median, as agg_buyer_competition has it).
bids_median AS (
    SELECT grp, weighted_median(list(bids_received ORDER BY bids_received), list(w ORDER BY bids_received))
        AS median_bids
    FROM (
        SELECT grp, bids_received, sum(weight_sum) AS w
        FROM bids_rows
        WHERE bids_received IS NOT NULL
        GROUP BY grp, bids_received
    )
    GROUP BY grp
)
