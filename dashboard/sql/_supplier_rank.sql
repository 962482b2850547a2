-- The one order of a top-suppliers list (issue 17): the keys of _supplier_rank_keys.sql, then the
-- name, then the key.
ORDER BY rank_value DESC, tie_value DESC, supplier_name NULLS LAST, supplier_key
