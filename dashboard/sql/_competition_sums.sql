-- The sums behind the competition rates (included in a SELECT over awards with weight_sum,
-- amount_sum and amount_ok, after its grouping columns): contracts, those with a published number
-- of bids, with one bid, those with a published procedure, and those without publication or
-- competition, by count and by amount.
        sum(weight_sum) AS contracts,
        coalesce(sum(weight_sum) FILTER (WHERE bids_received IS NOT NULL), 0) AS bids_published,
        coalesce(sum(weight_sum) FILTER (WHERE bids_received = 1), 0) AS single_bid,
        coalesce(sum(weight_sum) FILTER (WHERE procedure_family <> 'unknown'), 0) AS procedure_published,
        coalesce(sum(weight_sum) FILTER (WHERE procedure_family = 'no_competition'), 0) AS no_competition,
        sum(amount_sum) FILTER (WHERE amount_ok AND procedure_family <> 'unknown') AS procedure_amount,
        coalesce(sum(amount_sum) FILTER (WHERE amount_ok AND procedure_family = 'no_competition'), 0)
            AS no_competition_amount
