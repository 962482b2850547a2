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
    -- Method §7: the 2019 format says « Accord-cadre » in the nature, the 2022 format in techniques.
    coalesce(
        lower(strip_accents(s.nature)) LIKE '%accord%cadre%' OR lower(strip_accents(s.techniques)) LIKE '%accord%cadre%',
        false
    ),
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
    k.winners,
    coalesce(s.modifications, 0),
    s.framework_id,
    s.techniques,
    s.buyer_category,
    coalesce(department_code(s.buyer_department), department_of_place(s.place_code, s.place_type)),
    s.buyer_region,
    s.buyer_commune,
    s.subcontracting_declared,
    s.innovative,
    s.social_clause,
    s.environmental_clause,
    s.grouping_type,
    s.ccag,
    s.origin_france,
    s.publisher_amount_flag,
    -- Kept but flagged (DESIGN: contracts.quality_flags), in this order, `, `-joined; NULL: none.
    nullif(
        concat_ws(
            ', ',
            CASE WHEN merged_uid(s.contract_id, s.uid_dates, s.uid_amount_clash) THEN 'merged_uid' END,
            CASE WHEN r.cpv_repaired THEN 'cpv_repaired' END,
            CASE WHEN k.placeholders > 0 THEN 'winner_id_placeholder' END
        ),
        ''
    )
FROM stg_contracts AS s
JOIN kept AS k USING (rec_no)
LEFT JOIN cpv_readings AS r USING (cpv_raw)
LEFT JOIN date_readings AS d USING (notification_raw)
ORDER BY s.buyer_id, year(d.notified), s.contract_uid;

-- Nothing later reads the staged contracts (quality notes, 240, are written): their memory goes
-- back to the build before fact_awards.
DROP TABLE stg_contracts;
