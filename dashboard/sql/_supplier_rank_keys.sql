-- The sort keys of a top-suppliers list (issue 17), as columns of a SELECT over contracts and
-- amount_total: the figure ranked by ($order), then the other one, in whole cents (round(x * 100):
-- round(x, 2) cost five times as much over 842,000 suppliers) so that float noise in a sum breaks
-- no tie. _supplier_rank.sql orders by them.
        round(100 * CASE WHEN $order = 'amount' THEN coalesce(amount_total, 0) ELSE contracts END) AS rank_value,
        round(100 * CASE WHEN $order = 'amount' THEN contracts ELSE coalesce(amount_total, 0) END) AS tie_value
