-- The CTE `bids_median` (-- include: _bids_median, after a CTE `bids_rows` of grp, bids_received
-- and weight_sum): per grp, the median number of bids over the contracts that publish it, weighted
-- as the counts are: the smallest number such that at least half of them had at most that many.
bids_median AS (
    SELECT grp, min(bids_received) AS median_bids
    FROM (
        SELECT
            grp,
            bids_received,
            sum(w) OVER (PARTITION BY grp ORDER BY bids_received) AS below,
            sum(w) OVER (PARTITION BY grp) AS published
        FROM (
            SELECT grp, bids_received, sum(weight_sum) AS w
            FROM bids_rows
            WHERE bids_received IS NOT NULL
            GROUP BY grp, bids_received
        )
    )
    WHERE below >= published / 2 - 1e-9
    GROUP BY grp
)
