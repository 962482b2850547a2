-- One supplier by its key (SIREN, else the published id): zero or one row.
SELECT
    supplier_key,
    supplier_siren,
    supplier_name,
    size_class::VARCHAR AS size_class,
    weight_sum,
    amount_sum
FROM suppliers
WHERE supplier_key = $supplier_key;
