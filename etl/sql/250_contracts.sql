-- contracts: one row per kept record, its current values (columns: common/schema.toml).
-- The published order of contracts: by buyer, notification year (NULL last), then contract_uid,
-- the extract's order. One buyer's contracts are a few row groups, as its awards are in
-- fact_awards (500), which holds each award's contract row id (contract_row): this INSERT, sorted
-- into an empty table, numbers the rows in this order, so sorting award rows on (contract_row,
-- supplier_id) sorts them on (buyer, year, contract, winner).
INSERT INTO contracts
SELECT
    s.contract_uid,
    s.source_format,
    s.source_name,
    'FR',
    s.contract_id,
    s.buyer_id,
    s.buyer_name,
    s.nature,
    coalesce(lower(strip_accents(s.nature)) LIKE '%accord%cadre%', false),
    s."procedure",
    s.object,
    r.cpv_code,
    r.cpv_division,
    r.contract_type,
    d.notified,
    year(d.notified),
    s.duration_months,
    s.amount,
    s.amount_initial,
    'EUR',
    amount_status(s.amount),
    s.bids_received,
    k.winners
FROM stg_contracts AS s
JOIN kept AS k USING (rec_no)
LEFT JOIN cpv_readings AS r USING (cpv_raw)
LEFT JOIN date_readings AS d USING (notification_raw)
ORDER BY s.buyer_id, year(d.notified), s.contract_uid;
