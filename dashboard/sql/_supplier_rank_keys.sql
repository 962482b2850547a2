-- The sort keys of a top-suppliers list (issue 17), as columns of a SELECT over contracts and
-- amount_total: the figure ranked by ($order), then the other one, rounded to the cent so that
-- float noise in a sum breaks no tie. _supplier_rank.sql orders by them.
        round(CASE WHEN $order = 'amount' THEN coalesce(amount_total, 0) ELSE contracts END, 2) AS rank_value,
        round(CASE WHEN $order = 'amount' THEN contracts ELSE coalesce(amount_total, 0) END, 2) AS tie_value
