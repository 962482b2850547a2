-- Up to $limit suppliers whose key (SIREN or published id) or name matches $text (the DB macro
-- matches_search, etl/sql/505_search_macros.sql), most weighted contracts first.
SELECT
    supplier_key,
    supplier_name,
    size_class::VARCHAR AS size_class,
    weight_sum AS contracts
FROM suppliers
WHERE matches_search(supplier_key, supplier_name, $text)
ORDER BY weight_sum DESC, supplier_key
LIMIT $limit;
