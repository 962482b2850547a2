-- From staging to the published contracts and the awards' parts (winners_norm, kept, sirene_latest;
-- fact_awards and its awards view are built from them in 500), rule by rule (DESIGN.md §Method).
-- Wide rows are copied once (into contracts); every other step works on narrow keys.

-- CPV: drop the check digit ("50700000-2"), restore a lost leading zero ("3000000" -> "03000000");
-- a code whose division is not a CPV 2008 division ("00000000", CPV 2003's "74...") is no code.
SET VARIABLE cpv_divisions = (SELECT list(DISTINCT division) FROM cpv);

CREATE TEMP MACRO cpv8(raw) AS
    CASE
        WHEN regexp_full_match(split_part(trim(raw), '-', 1), '[0-9]{7,8}')
            AND list_contains(getvariable('cpv_divisions'), left(lpad(split_part(trim(raw), '-', 1), 8, '0'), 2))
            THEN lpad(split_part(trim(raw), '-', 1), 8, '0')
    END;

CREATE TEMP MACRO parsed_date(raw) AS try_strptime(left(trim(raw), 10), '%Y-%m-%d')::DATE;

-- Years are notification years; a date before 2000 or in the future is treated as missing.
CREATE TEMP MACRO notification_date(raw) AS
    CASE WHEN parsed_date(raw) BETWEEN DATE '2000-01-01' AND current_date THEN parsed_date(raw) END;

-- Method §6 (the French ministry's DECP rules).
CREATE TEMP MACRO amount_status(amount) AS
    CASE
        WHEN amount IS NULL OR isnan(amount) THEN 'missing'
        WHEN amount < 1 OR amount > 3e9 THEN 'aberrant'
        WHEN amount IN (999999999, 12311111111) THEN 'aberrant'
        -- Digit patterns only from 9 digits up: the text of an amount is made for few rows.
        WHEN amount >= 123456789 AND starts_with(trunc(amount)::BIGINT::VARCHAR, '123456789') THEN 'aberrant'
        WHEN amount > 1e8
            AND regexp_matches(trunc(amount)::BIGINT::VARCHAR, '1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7}')
            THEN 'aberrant'
        ELSE 'ok'
    END;

-- Winners: ids without spaces, schemes in one spelling, one row per distinct winner of a record
-- (the first listed, by pos); the SIREN is the first 9 digits of a 14-digit SIRET. An id of zeros
-- only ("00000000000000", published for "sans suite" or an unknown winner) is no id.
-- Keys first (a narrow aggregate), then one semi-join on (rec_no, pos): no wide row is grouped.
CREATE TEMP TABLE winner_ids AS
SELECT rec_no, pos, CASE WHEN ltrim(id, '0') <> '' THEN id END AS supplier_id
FROM (SELECT rec_no, pos, regexp_replace(supplier_id_raw, '[\s\x{00A0}]', '', 'g') AS id FROM stg_winners);

CREATE TEMP TABLE winners_norm AS
SELECT
    w.rec_no,
    i.supplier_id,
    CASE
        WHEN w.scheme IS NULL AND regexp_full_match(i.supplier_id, '[0-9]{14}') THEN 'SIRET'
        WHEN w.scheme IN ('TVA_INTRACOMMUNAUTAIRE', 'TVA INTRACOMMUNAUTAIRE', 'TVA-INTRACOMMUNAUTAIRE') THEN 'TVA'
        WHEN w.scheme IN ('HORS_UE', 'HORS UE') THEN 'HORS-UE'
        ELSE w.scheme
    END AS supplier_id_scheme,
    CASE WHEN supplier_id_scheme = 'SIRET' AND regexp_full_match(i.supplier_id, '[0-9]{14}')
        THEN left(i.supplier_id, 9) END AS supplier_siren,
    w.supplier_name,
    w.category_source
FROM (
    SELECT
        rec_no,
        pos,
        upper(clean_text(scheme_raw)) AS scheme,
        clean_text(supplier_name) AS supplier_name,
        upper(clean_text(category_source)) AS category_source
    FROM stg_winners
) AS w
JOIN (
    SELECT rec_no, supplier_id, min(pos) AS pos
    FROM winner_ids
    WHERE supplier_id IS NOT NULL
    GROUP BY rec_no, supplier_id
) AS i USING (rec_no, pos);

DROP TABLE winner_ids;

-- CPV codes and notification dates are read once per distinct published value (a few thousand),
-- with the note a value treated as missing gets.
CREATE TEMP TABLE cpv_readings AS
SELECT
    cpv_raw,
    cpv_code,
    left(cpv_code, 2) AS cpv_division,
    CASE
        WHEN cpv_code IS NULL THEN NULL
        WHEN left(cpv_code, 2) = '45' THEN 'works'
        WHEN left(cpv_code, 2) <= '44' OR left(cpv_code, 2) = '48' THEN 'supplies'
        ELSE 'services'
    END AS contract_type,
    CASE
        WHEN cpv_code IS NOT NULL OR nullif(trim(cpv_raw), '') IS NULL THEN NULL
        WHEN regexp_full_match(split_part(trim(cpv_raw), '-', 1), '[0-9]{7,8}')
            THEN 'division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing'
        ELSE 'not a CPV code: treated as missing'
    END AS note
FROM (SELECT cpv_raw, cpv8(cpv_raw) AS cpv_code FROM (SELECT DISTINCT cpv_raw FROM stg_contracts));

CREATE TEMP TABLE date_readings AS
SELECT
    notification_raw,
    notified,
    CASE
        WHEN notified IS NOT NULL OR nullif(trim(notification_raw), '') IS NULL THEN NULL
        WHEN parsed_date(notification_raw) IS NULL THEN 'not a date: treated as missing'
        WHEN parsed_date(notification_raw) < DATE '2000-01-01' THEN 'before 2000: treated as missing'
        ELSE 'in the future: treated as missing'
    END AS note
FROM (
    SELECT notification_raw, notification_date(notification_raw) AS notified
    FROM (SELECT DISTINCT notification_raw FROM stg_contracts)
);

-- A record is usable when it has a buyer, an id and at least one winner with an id.
CREATE TEMP TABLE verdict AS
SELECT
    s.rec_no,
    s.input_no,
    s.contract_uid,
    coalesce(s.reject_reason, CASE WHEN w.winners IS NULL THEN 'no titulaire with an id' END) AS reason,
    w.winners,
    coalesce(parsed_date(s.publication_raw), DATE '0001-01-01') AS published
FROM stg_contracts AS s
LEFT JOIN (SELECT rec_no, count(*)::INTEGER AS winners FROM winners_norm GROUP BY rec_no) AS w USING (rec_no);

INSERT INTO rejected_records
SELECT
    s.source_name,
    coalesce(s.contract_uid, s.contract_id, '#' || (s.rec_no % 10000000000)::VARCHAR),
    v.reason,
    -- The record as published when the loader kept it, else its staged fields.
    left(coalesce(s.raw_excerpt, to_json({
        id: s.contract_id, acheteur_id: s.buyer_id, acheteur_nom: s.buyer_name, codeCPV: s.cpv_raw,
        montant: s.amount, dateNotification: s.notification_raw
    })::VARCHAR), 500)
FROM verdict AS v
JOIN stg_contracts AS s USING (rec_no)
WHERE v.reason IS NOT NULL
ORDER BY v.rec_no;

-- Duplicates: one record per contract_uid, the latest publication date, then the last one read.
-- A tabular file's loader already keeps one version per uid (load/tabular.sql): when it is the
-- only input, there is no duplicate left to drop, and its uids are not grouped again.
SET VARIABLE uids_unique = (
    SELECT count(DISTINCT input_no) = 1 AND bool_and(source_format = 'decp-tabular') FROM stg_contracts
);

CREATE TEMP TABLE kept AS
SELECT contract_uid, rec_no, input_no, winners
FROM verdict
WHERE reason IS NULL AND getvariable('uids_unique')
UNION ALL
SELECT contract_uid, chosen.rec_no, chosen.input_no, chosen.winners
FROM (
    SELECT
        contract_uid,
        arg_max({rec_no: rec_no, input_no: input_no, winners: winners}, (published, rec_no)) AS chosen
    FROM verdict
    WHERE reason IS NULL AND NOT getvariable('uids_unique')
    GROUP BY contract_uid
);

CREATE TEMP TABLE duplicates_by_input AS
SELECT v.input_no, count(*) AS duplicates_dropped
FROM verdict AS v
ANTI JOIN kept AS k USING (rec_no)
WHERE v.reason IS NULL
GROUP BY v.input_no;

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

CREATE TEMP TABLE sirene_latest AS
SELECT siren, arg_max(category, file_no) AS category
FROM stg_sirene
GROUP BY siren;
