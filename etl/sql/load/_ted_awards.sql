-- TED award records into staging, from the table ted_raw that load/ted_xml.sql (TED XML R2.0.9 and
-- eForms notices, as etl/ted.py streams them) or load/ted_csv.sql (the TED award-notice CSV) made:
-- one row per awarded contract of a lot (or per lot not awarded), its winners in a list.
-- Values are text as published; they are read here, once, for every TED input.

-- The OJ S publication number of a notice as one spelling: TED XML writes « 003543-2021 », eForms
-- « 00003543-2021 », the CSV's ID_NOTICE_CAN « 2021003543 » (year, then the number): « 3543-2021 ».
CREATE TEMP MACRO ted_notice(raw) AS
    CASE
        WHEN regexp_full_match(trim(raw), '[0-9]+-[0-9]{4}')
            THEN ltrim(split_part(trim(raw), '-', 1), '0') || '-' || split_part(trim(raw), '-', 2)
        WHEN regexp_full_match(trim(raw), '(19|20)[0-9]{8}') THEN ltrim(right(trim(raw), 6), '0') || '-' || left(trim(raw), 4)
        ELSE clean_text(raw)
    END;

-- A lot by its number: TED XML's LOT_NO « 2 », eForms' « LOT-0002 » -> « 2 »; eForms' « LOT-0000 »
-- (a notice without lots, as TED's converter writes it) -> none; any other LOT_NO as published.
CREATE TEMP MACRO ted_lot(raw) AS
    CASE
        WHEN regexp_full_match(trim(raw), '(LOT-)?[0-9]+') THEN nullif(ltrim(regexp_replace(trim(raw), '^LOT-', ''), '0'), '')
        ELSE clean_text(raw)
    END;

-- ISO 3166 alpha-2 from TED's own codes: « UK » is GB, « EL » is GR (the EU's style guide codes).
CREATE TEMP MACRO ted_country(code) AS
    CASE upper(clean_text(code)) WHEN 'UK' THEN 'GB' WHEN 'EL' THEN 'GR' ELSE upper(clean_text(code)) END;

-- Method §4: the declared size. TED XML <SME/> / <NO_SME/>, eForms BT-165 CompanySizeCode (micro,
-- small, medium; « sme » as TED's converter writes it / large), the CSV's B_CONTRACTOR_SME Y / N.
CREATE TEMP MACRO ted_size(flag) AS
    CASE
        WHEN upper(clean_text(flag)) IN ('SME', 'Y', 'MICRO', 'SMALL', 'MEDIUM') THEN 'SME'
        WHEN upper(clean_text(flag)) IN ('NO_SME', 'N', 'LARGE') THEN 'LARGE'
    END;

-- A buyer's or winner's key: its national id as published (spaces removed), else, for a party that
-- publishes none (most TED notices), its country and name, « AT:ITBINDERGMBH »; NULL without either.
CREATE TEMP MACRO ted_key(id, country, name) AS
    coalesce(
        nullif(regexp_replace(id, '\s', '', 'g'), ''),
        CASE WHEN clean_text(name) IS NOT NULL
            THEN coalesce(ted_country(country), '') || ':' || upper(regexp_replace(name, '\s', '', 'g')) END
    );

INSERT INTO stg_input_counts
SELECT i.input_no, coalesce(n.records, 0), coalesce(n.concessions, 0), 0
FROM (SELECT unnest($input_nos::INTEGER[]) AS input_no) AS i
LEFT JOIN (
    SELECT input_no, count(*) AS records, count(*) FILTER (WHERE concession) AS concessions
    FROM ted_raw
    GROUP BY input_no
) AS n USING (input_no);

-- Concession awards (the concessions directive, 2014/23/EU) are no marchés: counted, then skipped.
DELETE FROM ted_raw WHERE concession;

CREATE TEMP TABLE ted_read AS
SELECT
    input_no::BIGINT * 10000000000 + ord AS rec_no,
    t AS record,
    ted_notice(t.notice) AS notice_no,
    ted_country(coalesce(clean_text(t.buyer_country), clean_text(t.notice_country))) AS country,
    upper(clean_text(t.currency)) AS currency,
    try_cast(t.amount AS DOUBLE) AS amount_read,
    clean_text(t.amount) AS amount_raw,
    clean_text(t.bids) AS bids_raw
FROM ted_raw AS t;

-- DESIGN: TED's contract_uid is the notice and the lot: « 92731-2022/5/2 », the 2nd contract awarded
-- in lot 5 of notice 92731-2022 (« - » for a notice without lots; a lot not awarded has no rank);
-- a CSV row's is the notice and its ID_AWARD. contract_id is the notice's publication number.
INSERT INTO stg_contracts BY NAME
SELECT
    rec_no,
    record.input_no,
    'ted' AS source_format,
    record.source AS source_name,
    notice_no || '/' || coalesce(
        clean_text(record.award), coalesce(ted_lot(record.lot), '-') || coalesce('/' || record.rank, '')
    ) AS contract_uid,
    notice_no AS contract_id,
    ted_key(record.buyer_id, country, record.buyer_name) AS buyer_id,
    clean_text(record.buyer_name) AS buyer_name,
    clean_text(record."procedure") AS "procedure",
    clean_text(record.title) AS object,
    record.cpv AS cpv_raw,
    record.date AS notification_raw,
    record.published AS publication_raw,
    -- An amount counts in its currency only: without one it is missing (noted below).
    CASE WHEN currency IS NOT NULL THEN amount_read END AS amount,
    CASE WHEN currency IS NOT NULL THEN amount_read END AS amount_initial,
    try_cast(bids_raw AS INTEGER) AS bids_received,
    CASE
        WHEN record.not_awarded IS NOT NULL THEN 'lot not awarded (' || record.not_awarded || ')'
        WHEN notice_no IS NULL THEN 'notice number missing'
        WHEN country IS NULL THEN 'buyer country missing'
        WHEN NOT regexp_full_match(country, '[A-Z]{2}') THEN 'buyer country ' || country || ' is no ISO 3166 code'
        WHEN ted_key(record.buyer_id, country, record.buyer_name) IS NULL THEN 'buyer missing (no id, no name)'
    END AS reject_reason,
    CASE WHEN reject_reason IS NOT NULL THEN to_json(record)::VARCHAR END AS raw_excerpt,
    0 AS modifications,
    -- Method §7 (250_contracts.sql): a framework agreement is named in techniques.
    CASE WHEN record.framework THEN 'Framework agreement' END AS techniques,
    CASE record.grouped WHEN true THEN 'Group of economic operators' WHEN false THEN 'No group' END AS grouping_type,
    record.subcontracted AS subcontracting_declared,
    country,
    currency
FROM ted_read;

INSERT INTO stg_value_notes
SELECT rec_no, v.field, v.raw_value, v.note
FROM (
    SELECT
        rec_no,
        unnest([
            {field: 'amount', raw_value: amount_raw,
             note: CASE WHEN amount_read IS NULL THEN 'not a number: treated as missing'
                 WHEN currency IS NULL THEN 'no currency: treated as missing' END},
            {field: 'bids_received', raw_value: bids_raw,
             note: CASE WHEN try_cast(bids_raw AS INTEGER) IS NULL THEN 'not a number: treated as missing' END}
        ]) AS v
    FROM ted_read
)
WHERE v.raw_value IS NOT NULL AND v.note IS NOT NULL;

-- A winner without a national id gets the country-and-name key (scheme NAME); a French one's
-- 14-digit id is a SIRET (200_winners.sql then reads its SIREN).
INSERT INTO stg_winners
SELECT
    rec_no,
    pos,
    ted_key(w.id, w.country, w.name),
    CASE
        WHEN nullif(regexp_replace(w.id, '\s', '', 'g'), '') IS NULL THEN 'NAME'
        WHEN ted_country(w.country) = 'FR' AND regexp_full_match(regexp_replace(w.id, '\s', '', 'g'), '[0-9]{14}')
            THEN 'SIRET'
        ELSE 'NATIONALID'
    END,
    w.name,
    ted_size(w.size),
    NULL,
    NULL,
    NULL
FROM (
    SELECT rec_no, unnest(record.winners) AS w, generate_subscripts(record.winners, 1) AS pos
    FROM ted_read
    WHERE record.not_awarded IS NULL AND len(record.winners) > 0
);

DROP TABLE ted_read;
DROP TABLE ted_raw;
DROP MACRO ted_notice;
DROP MACRO ted_lot;
DROP MACRO ted_country;
DROP MACRO ted_size;
DROP MACRO ted_key;
