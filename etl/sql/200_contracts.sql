-- From staging to the published contracts and awards, rule by rule (DESIGN.md §Method).
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
        WHEN starts_with(trunc(amount)::BIGINT::VARCHAR, '123456789') THEN 'aberrant'
        WHEN amount > 1e8
            AND regexp_matches(trunc(amount)::BIGINT::VARCHAR, '1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7}')
            THEN 'aberrant'
        ELSE 'ok'
    END;

-- Winners: ids without spaces, schemes in one spelling, one row per distinct winner of a record;
-- the SIREN is the first 9 digits of a 14-digit SIRET.
CREATE TEMP TABLE winners_norm AS
SELECT
    rec_no,
    supplier_id,
    CASE
        WHEN scheme IS NULL AND regexp_full_match(supplier_id, '[0-9]{14}') THEN 'SIRET'
        WHEN scheme IN ('TVA_INTRACOMMUNAUTAIRE', 'TVA INTRACOMMUNAUTAIRE', 'TVA-INTRACOMMUNAUTAIRE') THEN 'TVA'
        WHEN scheme IN ('HORS_UE', 'HORS UE') THEN 'HORS-UE'
        ELSE scheme
    END AS supplier_id_scheme,
    CASE WHEN supplier_id_scheme = 'SIRET' AND regexp_full_match(supplier_id, '[0-9]{14}')
        THEN left(supplier_id, 9) END AS supplier_siren,
    supplier_name,
    category_source
FROM (
    SELECT rec_no, supplier_id, unnest(first_seen)
    FROM (
        SELECT
            rec_no,
            nullif(translate(supplier_id_raw, ' ' || chr(9) || chr(10) || chr(13) || chr(160), ''), '')
                AS supplier_id,
            -- The first spelling read of a winner listed twice in one record.
            arg_min(
                {scheme: nullif(upper(trim(scheme_raw)), ''), supplier_name: nullif(trim(supplier_name), ''),
                 category_source: nullif(upper(trim(category_source)), '')},
                pos
            ) AS first_seen
        FROM stg_winners
        GROUP BY ALL
    )
)
WHERE supplier_id IS NOT NULL;

-- A record is usable when it has a buyer, an id and at least one winner with an id.
CREATE TEMP TABLE verdict AS
SELECT
    s.rec_no,
    s.input_no,
    s.contract_uid,
    coalesce(s.reject_reason, CASE WHEN w.winners IS NULL THEN 'no titulaire with an id' END) AS reason,
    w.winners,
    s.amount,
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
CREATE TEMP TABLE kept AS
SELECT contract_uid, unnest(chosen)
FROM (
    SELECT
        contract_uid,
        arg_max({rec_no: rec_no, input_no: input_no, winners: winners, amount: amount}, (published, rec_no))
            AS chosen
    FROM verdict
    WHERE reason IS NULL
    GROUP BY contract_uid
);

CREATE TEMP TABLE duplicates_by_input AS
SELECT v.input_no, count(*) AS duplicates_dropped
FROM verdict AS v
ANTI JOIN kept AS k USING (rec_no)
WHERE v.reason IS NULL
GROUP BY v.input_no;

INSERT INTO quality_notes
SELECT s.source_name, s.contract_uid, 'notification_date', s.notification_raw,
    CASE
        WHEN parsed_date(s.notification_raw) IS NULL THEN 'not a date: treated as missing'
        WHEN parsed_date(s.notification_raw) < DATE '2000-01-01' THEN 'before 2000: treated as missing'
        ELSE 'in the future: treated as missing'
    END
FROM stg_contracts AS s
SEMI JOIN kept AS k USING (rec_no)
WHERE nullif(trim(s.notification_raw), '') IS NOT NULL AND notification_date(s.notification_raw) IS NULL
UNION ALL
SELECT s.source_name, s.contract_uid, 'cpv_code', s.cpv_raw,
    CASE
        WHEN regexp_full_match(split_part(trim(s.cpv_raw), '-', 1), '[0-9]{7,8}')
            THEN 'division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing'
        ELSE 'not a CPV code: treated as missing'
    END
FROM stg_contracts AS s
SEMI JOIN kept AS k USING (rec_no)
WHERE nullif(trim(s.cpv_raw), '') IS NOT NULL AND cpv8(s.cpv_raw) IS NULL
ORDER BY 2, 3;

-- Published in reading order (input, then record): stable for the same inputs.
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
    s.cpv_code,
    left(s.cpv_code, 2),
    CASE
        WHEN s.cpv_code IS NULL THEN NULL
        WHEN left(s.cpv_code, 2) = '45' THEN 'works'
        WHEN left(s.cpv_code, 2) <= '44' OR left(s.cpv_code, 2) = '48' THEN 'supplies'
        ELSE 'services'
    END,
    s.notified,
    year(s.notified),
    s.duration_months,
    s.amount,
    s.amount_initial,
    'EUR',
    amount_status(s.amount),
    s.bids_received,
    k.winners
FROM (
    SELECT *, cpv8(cpv_raw) AS cpv_code, notification_date(notification_raw) AS notified
    FROM stg_contracts
) AS s
JOIN kept AS k USING (rec_no)
ORDER BY k.rec_no;

CREATE TEMP TABLE sirene_latest AS
SELECT siren, arg_max(category, file_no) AS category
FROM stg_sirene
GROUP BY siren;

INSERT INTO awards
SELECT
    k.contract_uid,
    w.supplier_id,
    w.supplier_id_scheme,
    w.supplier_siren,
    w.supplier_name,
    CASE
        WHEN w.category_source IN ('PME', 'ETI', 'GE') THEN w.category_source
        WHEN s.category IN ('PME', 'ETI', 'GE') THEN s.category
        ELSE 'unknown'
    END,
    CASE
        WHEN w.category_source IN ('PME', 'ETI', 'GE') THEN 'source'
        WHEN s.category IN ('PME', 'ETI', 'GE') THEN 'sirene'
        ELSE 'none'
    END,
    1.0 / k.winners,
    CASE WHEN amount_status(k.amount) = 'ok' THEN k.amount / k.winners END
FROM kept AS k
JOIN winners_norm AS w USING (rec_no)
LEFT JOIN sirene_latest AS s ON s.siren = w.supplier_siren
ORDER BY k.rec_no, w.supplier_id;
