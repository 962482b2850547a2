-- The predicates of the filters on fact_awards columns that no aggregate keeps (AGGREGATES in
-- dashboard/filters.py), ANDed to a WHERE clause over fact_awards rows (included after its first
-- condition). A query reads fact_awards whenever one of them is set ($from_<table> is false). A
-- query that does not follow a page-scoped filter gets NULL for it (Filters.sql_params).
    AND ($buyer IS NULL OR buyer_id = $buyer)
    AND ($supplier IS NULL OR supplier_key = $supplier)
    AND ($merged_uid IS NULL OR merged_uid = $merged_uid)
    AND ($country IS NULL OR country = $country)
-- include: _place_filters
