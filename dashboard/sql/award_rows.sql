-- Award rows (contract x winner) under the filters, with the CPV label in $lang, in the table's
-- order (buyer, year, contract, winner); $limit NULL returns every row. The extract columns.
-- $buyer_from / $buyer_to (NULL: open) cut a long extract into buyer-id ranges, each sorted on
-- its own, so that no sort ever holds the whole result; NULL buyer ids go with the last range.
-- The page is picked from fact_awards first; contracts (object, winners) are joined to its rows
-- only, by row id (fact_awards.contract_row), and cpv by code.
WITH page AS (
    SELECT
        contract_uid,
        notification_date,
        year,
        buyer_id,
        buyer_name,
        supplier_id,
        supplier_siren,
        supplier_name,
        size_class,
        cpv_code,
        contract_type,
        nature,
        is_framework,
        procedure,
        amount,
        amount_status,
        weight,
        amount_weighted,
        contract_row
    FROM fact_awards
    WHERE ($buyer_from IS NULL OR buyer_id >= $buyer_from OR ($buyer_to IS NULL AND buyer_id IS NULL))
        AND ($buyer_to IS NULL OR buyer_id < $buyer_to)
        AND ($buyer IS NULL OR buyer_id = $buyer)
        AND ($supplier IS NULL OR supplier_key = $supplier)
-- include: _sidebar_filters
    ORDER BY buyer_id, year, contract_uid, supplier_id
    LIMIT $limit
    OFFSET $offset
)

SELECT
    f.contract_uid,
    f.notification_date,
    f.year,
    f.buyer_id,
    f.buyer_name,
    f.supplier_id,
    f.supplier_siren,
    f.supplier_name,
    f.size_class::VARCHAR AS size_class,
    f.cpv_code,
    CASE WHEN $lang = 'en' THEN cpv.label_en ELSE cpv.label_fr END AS cpv_label,
    f.contract_type::VARCHAR AS contract_type,
    f.nature,
    f.is_framework,
    f.procedure,
    f.amount,
    f.amount_status::VARCHAR AS amount_status,
    c.winners,
    f.weight,
    CASE WHEN f.amount_status = 'ok' THEN f.amount_weighted END AS amount_share,
    c.object
FROM page AS f
JOIN contracts AS c ON c.rowid = f.contract_row
LEFT JOIN cpv ON cpv.code = f.cpv_code
ORDER BY f.buyer_id, f.year, f.contract_uid, f.supplier_id;
