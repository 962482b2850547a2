-- The extract's columns (dashboard.exports.EXTRACT_COLUMNS) of the facts CTE's rows: contracts
-- (uid, date, buyer name, nature, object, winners, versions, places, flags) joined by row id
-- (fact_awards.contract_row), cpv by code; the SIREN and amount share by the DB's macros, as in the awards view. The
-- including query adds a WHERE on contracts that prunes its row groups (contracts and fact_awards
-- share one order).
SELECT
    c.contract_uid,
    c.notification_date,
    f.year,
    f.buyer_id,
    c.buyer_name,
    f.supplier_id,
    award_siren(f.supplier_key, f.supplier_id) AS supplier_siren,
    f.supplier_name,
    f.size_class::VARCHAR AS size_class,
    f.cpv_code,
    CASE WHEN $lang = 'en' THEN cpv.label_en ELSE cpv.label_fr END AS cpv_label,
    f.contract_type::VARCHAR AS contract_type,
    c.nature,
    f.is_framework,
    f.procedure,
    f.amount,
    c.currency,
    f.amount_status::VARCHAR AS amount_status,
    c.winners,
    f.weight,
    award_amount_share(f.amount_status, f.amount_weighted) AS amount_share,
    c.object,
    c.amount_initial,
    c.modifications,
    c.framework_id,
    c.techniques,
    c.buyer_category,
    c.buyer_department,
    c.buyer_region,
    c.buyer_commune,
    c.country,
    f.supplier_department,
    f.supplier_region,
    f.supplier_distance_km,
    c.subcontracting_declared,
    c.innovative,
    c.social_clause,
    c.environmental_clause,
    c.grouping_type,
    c.ccag,
    c.origin_france,
    c.publisher_amount_flag,
    c.quality_flags
FROM facts AS f
JOIN contracts AS c ON c.rowid = f.contract_row
LEFT JOIN cpv ON cpv.code = f.cpv_code
