-- The one order of a top-suppliers list (issue 17): the figure ranked by ($order), then the other
-- one, then the name, then the key; rounded to the cent, so that float noise in a sum breaks no tie.
ORDER BY
    round(CASE WHEN $order = 'amount' THEN coalesce(amount_total, 0) ELSE contracts END, 2) DESC,
    round(CASE WHEN $order = 'amount' THEN contracts ELSE coalesce(amount_total, 0) END, 2) DESC,
    supplier_name NULLS LAST,
    supplier_key
