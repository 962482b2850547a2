-- From staging to the published contracts and awards, rule by rule (DESIGN.md §Method).

-- Winners: ids without spaces, schemes in one spelling, one row per distinct winner of a record.
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
    supplier_name,
    category_source
FROM (
    SELECT
        rec_no,
        nullif(regexp_replace(supplier_id_raw, '\s', '', 'g'), '') AS supplier_id,
        arg_min(nullif(upper(trim(scheme_raw)), ''), pos) AS scheme,
        arg_min(nullif(trim(supplier_name), ''), pos) FILTER (WHERE nullif(trim(supplier_name), '') IS NOT NULL)
            AS supplier_name,
        arg_min(nullif(upper(trim(category_source)), ''), pos)
            FILTER (WHERE nullif(trim(category_source), '') IS NOT NULL) AS category_source
    FROM stg_winners
    GROUP BY rec_no, nullif(regexp_replace(supplier_id_raw, '\s', '', 'g'), '')
)
WHERE supplier_id IS NOT NULL;

CREATE TEMP TABLE winner_counts AS
SELECT rec_no, count(*)::INTEGER AS winners FROM winners_norm GROUP BY rec_no;

-- A record is usable when it has a buyer, an id and at least one winner with an id.
CREATE TEMP TABLE usable AS
SELECT
    s.*,
    coalesce(s.reject_reason, CASE WHEN w.winners IS NULL THEN 'no titulaire with an id' END) AS reason,
    w.winners
FROM stg_contracts AS s
LEFT JOIN winner_counts AS w USING (rec_no);

INSERT INTO rejected_records
SELECT source_name, coalesce(contract_uid, contract_id, '#' || (rec_no % 10000000000)::VARCHAR), reason,
    -- The record as published when the loader kept it, else its staged fields.
    left(coalesce(raw_excerpt, to_json({
        id: contract_id, acheteur_id: buyer_id, acheteur_nom: buyer_name, codeCPV: cpv_raw,
        montant: amount, dateNotification: notification_raw
    })::VARCHAR), 500)
FROM usable
WHERE reason IS NOT NULL
ORDER BY rec_no;

-- Duplicates: one record per contract_uid, the latest publication date, then the last one read.
CREATE TEMP TABLE kept AS
SELECT
    *
FROM usable
WHERE reason IS NULL
QUALIFY row_number() OVER (
    PARTITION BY contract_uid
    ORDER BY try_strptime(left(trim(publication_raw), 10), '%Y-%m-%d') DESC NULLS LAST, rec_no DESC
) = 1;

CREATE TEMP TABLE duplicates_by_input AS
SELECT input_no, count(*) AS duplicates_dropped
FROM usable
WHERE reason IS NULL AND rec_no NOT IN (SELECT rec_no FROM kept)
GROUP BY input_no;

CREATE TEMP TABLE normalised AS
SELECT
    k.*,
    -- CPV: drop the check digit ("50700000-2"), restore a lost leading zero ("3000000" -> "03000000").
    -- A code whose division is not a CPV division ("00000000") is not a CPV code.
    CASE
        WHEN regexp_full_match(split_part(trim(k.cpv_raw), '-', 1), '[0-9]{7,8}')
            AND left(lpad(split_part(trim(k.cpv_raw), '-', 1), 8, '0'), 2) IN (SELECT division FROM cpv)
            THEN lpad(split_part(trim(k.cpv_raw), '-', 1), 8, '0')
    END AS cpv_code,
    try_strptime(left(trim(k.notification_raw), 10), '%Y-%m-%d')::DATE AS parsed_date
FROM kept AS k;

INSERT INTO quality_notes
SELECT source_name, contract_uid, 'notification_date', notification_raw,
    CASE
        WHEN parsed_date IS NULL THEN 'not a date: treated as missing'
        WHEN parsed_date < DATE '2000-01-01' THEN 'before 2000: treated as missing'
        ELSE 'in the future: treated as missing'
    END
FROM normalised
WHERE nullif(trim(notification_raw), '') IS NOT NULL
    AND (parsed_date IS NULL OR parsed_date < DATE '2000-01-01' OR parsed_date > current_date)
ORDER BY contract_uid;

INSERT INTO quality_notes
SELECT source_name, contract_uid, 'cpv_code', cpv_raw,
    CASE
        WHEN regexp_full_match(split_part(trim(cpv_raw), '-', 1), '[0-9]{7,8}')
            THEN 'division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing'
        ELSE 'not a CPV code: treated as missing'
    END
FROM normalised
WHERE nullif(trim(cpv_raw), '') IS NOT NULL AND cpv_code IS NULL
ORDER BY contract_uid;

INSERT INTO contracts
SELECT
    contract_uid,
    source_format,
    source_name,
    'FR',
    contract_id,
    buyer_id,
    buyer_name,
    nature,
    coalesce(lower(strip_accents(nature)) LIKE '%accord%cadre%', false),
    "procedure",
    object,
    cpv_code,
    left(cpv_code, 2),
    CASE
        WHEN cpv_code IS NULL THEN NULL
        WHEN left(cpv_code, 2) = '45' THEN 'works'
        WHEN left(cpv_code, 2) <= '44' OR left(cpv_code, 2) = '48' THEN 'supplies'
        ELSE 'services'
    END,
    CASE WHEN parsed_date BETWEEN DATE '2000-01-01' AND current_date THEN parsed_date END,
    CASE WHEN parsed_date BETWEEN DATE '2000-01-01' AND current_date THEN year(parsed_date) END,
    duration_months,
    amount,
    amount_initial,
    'EUR',
    CASE
        WHEN amount IS NULL OR isnan(amount) THEN 'missing'
        WHEN amount < 1 OR amount > 3e9 THEN 'aberrant'
        WHEN amount IN (999999999, 12311111111) THEN 'aberrant'
        WHEN starts_with(trunc(amount)::BIGINT::VARCHAR, '123456789') THEN 'aberrant'
        WHEN amount > 1e8
            AND regexp_matches(trunc(amount)::BIGINT::VARCHAR, '1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7}')
            THEN 'aberrant'
        ELSE 'ok'
    END,
    bids_received,
    winners
FROM normalised
ORDER BY contract_uid;

CREATE TEMP TABLE sirene_latest AS
SELECT siren, arg_max(category, file_no) AS category
FROM stg_sirene
GROUP BY siren;

INSERT INTO awards
SELECT
    c.contract_uid,
    w.supplier_id,
    w.supplier_id_scheme,
    CASE WHEN w.supplier_id_scheme = 'SIRET' AND regexp_full_match(w.supplier_id, '[0-9]{14}')
        THEN left(w.supplier_id, 9) END AS siren,
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
    1.0 / c.winners,
    CASE WHEN c.amount_status = 'ok' THEN c.amount / c.winners END
FROM normalised AS k
JOIN contracts AS c USING (contract_uid)
JOIN winners_norm AS w ON w.rec_no = k.rec_no
LEFT JOIN sirene_latest AS s
    ON s.siren = CASE WHEN w.supplier_id_scheme = 'SIRET' AND regexp_full_match(w.supplier_id, '[0-9]{14}')
        THEN left(w.supplier_id, 9) END
ORDER BY c.contract_uid, w.supplier_id;
