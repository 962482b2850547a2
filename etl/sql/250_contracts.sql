-- contracts: one row per kept record, its current values (columns: common/schema.toml).
-- The published order of contracts: by buyer, notification year (NULL last), then contract_uid,
-- the extract's order. One buyer's contracts are a few row groups, as its awards are in
-- fact_awards (500), which holds each award's contract row id (contract_row): the INSERTs below,
-- sorted into an empty table, number the rows in this order, so sorting award rows on
-- (contract_row, supplier_id) sorts them on (buyer, year, contract, winner).
CREATE TEMP VIEW contract_rows AS
SELECT
    s.contract_uid,
    s.source_format,
    s.source_name,
    coalesce(upper(clean_text(s.country)), 'FR') AS country,
    s.contract_id,
    s.buyer_id,
    s.buyer_name,
    s.nature,
    -- Method §7: the 2019 format says « Accord-cadre » in the nature, the 2022 format in techniques,
    -- TED's loader « Framework agreement » in techniques.
    coalesce(
        lower(strip_accents(s.nature)) LIKE '%accord%cadre%' OR lower(strip_accents(s.techniques)) LIKE '%accord%cadre%'
            OR lower(s.techniques) LIKE '%framework agreement%',
        false
    ) AS is_framework,
    s."procedure",
    s.object,
    r.cpv_code,
    r.cpv_division,
    r.contract_type,
    d.notified AS notification_date,
    year(d.notified) AS year,
    s.duration_months,
    s.amount,
    s.amount_initial,
    coalesce(upper(clean_text(s.currency)), 'EUR') AS currency,
    amount_status(s.amount, s.currency) AS amount_status,
    s.bids_received,
    k.winners,
    coalesce(s.modifications, 0) AS modifications,
    s.framework_id,
    s.techniques,
    s.buyer_category,
    coalesce(department_code(s.buyer_department), department_of_place(s.place_code, s.place_type))
        AS buyer_department,
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
    ) AS quality_flags
FROM stg_contracts AS s
JOIN kept AS k USING (rec_no)
LEFT JOIN cpv_readings AS r USING (cpv_raw)
LEFT JOIN date_readings AS d USING (notification_raw);

-- Written in four runs of buyers, each sorted on its own: the same rows in the same order as one
-- sorted INSERT, with a quarter of its sort in memory at a time (at 3.2 M rows, 0.8 GB less peak
-- memory for 0.5 s more).
SET VARIABLE buyer_quartiles = (
    SELECT quantile_disc(buyer_id, [0.25, 0.5, 0.75]) FROM stg_contracts SEMI JOIN kept USING (rec_no)
);

INSERT INTO contracts
FROM contract_rows
WHERE buyer_id < getvariable('buyer_quartiles')[1]
ORDER BY buyer_id, year, contract_uid;

INSERT INTO contracts
FROM contract_rows
WHERE buyer_id >= getvariable('buyer_quartiles')[1] AND buyer_id < getvariable('buyer_quartiles')[2]
ORDER BY buyer_id, year, contract_uid;

INSERT INTO contracts
FROM contract_rows
WHERE buyer_id >= getvariable('buyer_quartiles')[2] AND buyer_id < getvariable('buyer_quartiles')[3]
ORDER BY buyer_id, year, contract_uid;

INSERT INTO contracts
FROM contract_rows
WHERE buyer_id >= getvariable('buyer_quartiles')[3] OR buyer_id IS NULL
ORDER BY buyer_id, year, contract_uid;

DROP VIEW contract_rows;

-- Nothing later reads the staged contracts (quality notes, 240, are written): their memory goes
-- back to the build before fact_awards.
DROP TABLE stg_contracts;
