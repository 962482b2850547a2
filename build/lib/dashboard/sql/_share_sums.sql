-- The sums behind the shares, by the query's own grouping (included in its `sums` CTE): weights
-- of PME and classified awards, and amounts counted only where amount_ok (Method §5, §6).
        sum(weight_sum) AS contracts,
        coalesce(sum(weight_sum) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
        coalesce(sum(weight_sum) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
        sum(amount_sum) FILTER (WHERE amount_ok) AS amount_total,
        coalesce(sum(amount_sum) FILTER (WHERE amount_ok AND size_class = 'PME'), 0) AS pme_amount,
        sum(amount_sum) FILTER (WHERE amount_ok AND size_class <> 'unknown') AS classified_amount
