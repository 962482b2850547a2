-- Up to $limit suppliers whose key (SIREN or published id) starts with $text (spaces ignored) or
-- whose name has words starting with it (« colas » finds COLAS, not NICOLAS), with neither case,
-- accents nor punctuation counted (no wildcards), most weighted contracts first.
SELECT
    supplier_key,
    supplier_name,
    size_class::VARCHAR AS size_class,
    weight_sum AS contracts
FROM suppliers
WHERE starts_with(supplier_key, regexp_replace($text, '\s', '', 'g'))
    OR contains(
        ' ' || lower(regexp_replace(strip_accents(supplier_name), '[^[:alnum:]]+', ' ', 'g')),
        ' ' || trim(lower(regexp_replace(strip_accents($text), '[^[:alnum:]]+', ' ', 'g')))
    )
ORDER BY weight_sum DESC, supplier_key
LIMIT $limit;
