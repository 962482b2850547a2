-- suppliers: one row per supplier_key (SIREN, else the published id), its totals, name and size.
-- Winners without an id (placeholders: supplier_key NULL) are no supplier and are left out.
CREATE TABLE suppliers AS
WITH totals AS (
    SELECT
        supplier_key,
        min(award_siren(supplier_key, supplier_id)) AS supplier_siren,
        fsum(weight) AS weight_sum,
        fsum(amount_weighted) FILTER (WHERE amount_status = 'ok') AS amount_sum,
        fsum(amount_weighted) FILTER (WHERE amount_status = 'aberrant') AS amount_aberrant_sum
    FROM fact_awards
    WHERE supplier_key IS NOT NULL
    GROUP BY supplier_key
),
names AS (
    SELECT supplier_key, arg_max(supplier_name, (n, supplier_name)) AS supplier_name
    FROM (
        SELECT supplier_key, supplier_name, count(*) AS n
        FROM fact_awards
        WHERE supplier_name IS NOT NULL AND supplier_key IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY supplier_key
),
sizes AS (
    SELECT supplier_key, arg_max(size_class, (n, size_class)) AS size_class
    FROM (SELECT supplier_key, size_class, count(*) AS n FROM fact_awards WHERE supplier_key IS NOT NULL GROUP BY ALL)
    GROUP BY supplier_key
)
SELECT t.supplier_key, t.supplier_siren, n.supplier_name, z.size_class, t.weight_sum, t.amount_sum,
    t.amount_aberrant_sum
FROM totals AS t
LEFT JOIN names AS n USING (supplier_key)
JOIN sizes AS z USING (supplier_key)
ORDER BY t.supplier_key;
