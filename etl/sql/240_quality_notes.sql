-- quality_notes: values kept but treated as missing or corrected (a CPV code, a notification date,
-- a winner id of zeros, a loader's unreadable value such as DECP 2022's "NC"), with the raw value
-- and what was done.
INSERT INTO quality_notes
SELECT s.source_name, s.contract_uid, 'notification_date', s.notification_raw, d.note
FROM stg_contracts AS s
JOIN (SELECT notification_raw, note FROM date_readings WHERE note IS NOT NULL) AS d USING (notification_raw)
SEMI JOIN kept AS k USING (rec_no)
UNION ALL
SELECT s.source_name, s.contract_uid, 'cpv_code', s.cpv_raw, r.note
FROM stg_contracts AS s
JOIN (SELECT cpv_raw, note FROM cpv_readings WHERE note IS NOT NULL) AS r USING (cpv_raw)
SEMI JOIN kept AS k USING (rec_no)
UNION ALL
SELECT
    s.source_name,
    s.contract_uid,
    'supplier_id',
    w.supplier_id_raw,
    'winner id of zeros with a published name: award kept without id, size unknown'
FROM (SELECT rec_no, supplier_id_raw FROM winners_norm WHERE id_placeholder) AS w
JOIN stg_contracts AS s USING (rec_no)
SEMI JOIN (SELECT rec_no FROM kept WHERE placeholders > 0) AS k USING (rec_no)
UNION ALL
SELECT s.source_name, s.contract_uid, n.field, n.raw_value, n.note
FROM stg_value_notes AS n
JOIN stg_contracts AS s USING (rec_no)
SEMI JOIN kept AS k USING (rec_no)
ORDER BY 2, 3, 4;
