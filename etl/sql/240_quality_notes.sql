-- quality_notes: values kept but treated as missing (a CPV code, a notification date), with
-- the raw value and the reason.
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
ORDER BY 2, 3;
