-- Up to $limit suppliers whose key (SIREN or published id) starts with $text or whose name
-- contains it (case-insensitive, no wildcards), most weighted contracts first.
SELECT
    supplier_key,
    supplier_name,
    size_class::VARCHAR AS size_class,
    weight_sum AS contracts
FROM suppliers
WHERE starts_with(supplier_key, $text)
    OR contains(lower(supplier_name), lower($text))
ORDER BY weight_sum DESC, supplier_key
LIMIT $limit;
