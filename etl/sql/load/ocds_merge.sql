-- OCDS, once every input is read (load/ocds.sql): each ocid's releases, from every OCDS file of the
-- build, merged as OCDS merges them for the fields used: a field takes the value of the latest
-- release (by `date`, then reading order) where it is not null; awards, parties, an award's
-- suppliers, bid statistics and contracts are merged by their `id`. Then one contract per award
-- into stg_contracts (contract_uid = ocid + "/" + award id) and one winner per supplier into
-- stg_winners.

-- The merge order of a row: its release's instant (NULL first), input, release number.
CREATE TEMP MACRO ocds_order(t, input_no, rel_no) AS [coalesce(t, -9223372036854775807), input_no, rel_no];

-- The merge rule of one field: its value in the latest row (by ocds_order, k) where it is not null.
CREATE TEMP MACRO ocds_latest(x, k) AS arg_max(x, k) FILTER (WHERE x IS NOT NULL);

-- Country names and codes (etl/rules/country_names.csv: ISO 3166-1 alpha-2 and alpha-3 codes, the
-- English short, common and official names as Debian's iso-codes 4.15 lists them, and a few
-- variants publishers write, such as « England » or « UK »), keyed as procedure labels are.
CREATE TEMP TABLE ocds_country_names AS
SELECT procedure_key(name) AS key, country, kind
FROM read_csv($country_names_file, all_varchar = true, header = true);

CREATE TEMP MACRO ocds_country_of_name(name) AS
    (SELECT c.country FROM ocds_country_names AS c WHERE c.key = procedure_key(name));

-- An organisation identifier's scheme starts with its country's alpha-2 code (org-id.guide:
-- `GB-COH`, `GB-GOR`); XI-, XM- and the like are no country.
CREATE TEMP MACRO ocds_country_of_scheme(scheme) AS
    (SELECT c.country FROM ocds_country_names AS c
     WHERE c.kind = 'alpha-2' AND c.country = upper(regexp_extract(scheme, '^([A-Za-z]{2})-', 1)));

CREATE TEMP TABLE ocds_process AS
SELECT
    ocid,
    arg_max(input_no, k) AS input_no,
    arg_max(source_name, k) AS source_name,
    arg_max(release_date, k) AS release_date,
    ocds_latest(publisher_scheme, k) AS publisher_scheme,
    ocds_latest(buyer_ref_id, k) AS buyer_ref_id,
    ocds_latest(buyer_ref_name, k) AS buyer_ref_name,
    ocds_latest(title, k) AS title,
    ocds_latest(method, k) AS method,
    ocds_latest(method_details, k) AS method_details,
    ocds_latest(tenderers, k) AS tenderers,
    ocds_latest(cpv_raw, k) AS cpv_raw,
    ocds_latest(tender_currency, k) AS tender_currency
FROM (SELECT *, ocds_order(t, input_no, rel_no) AS k FROM ocds_releases)
GROUP BY ocid;

-- Awards by (ocid, id); those without an id make one group per ocid, rejected below. The amount
-- first published is kept as amount_initial (an awardUpdate may change the value).
CREATE TEMP TABLE ocds_award_merged AS
SELECT
    ocid,
    award_id,
    min(k || [award_pos]) AS first_seen,
    ocds_latest(status, k) AS status,
    ocds_latest(title, k) AS title,
    ocds_latest(award_date, k) AS award_date,
    ocds_latest(amount, k) AS amount,
    arg_min(amount, k) FILTER (WHERE amount IS NOT NULL) AS amount_initial,
    ocds_latest(currency, k) AS currency,
    ocds_latest(related_lots, k) AS related_lots,
    ocds_latest(cpv_raw, k) AS cpv_raw,
    arg_max(raw, k) AS raw
FROM (SELECT *, ocds_order(t, input_no, rel_no) AS k FROM ocds_awards)
GROUP BY ocid, award_id;

-- An award's suppliers by id (a supplier without an id, by name: it has no id to be a winner by),
-- in the order they were first listed.
CREATE TEMP TABLE ocds_supplier_merged AS
SELECT
    ocid,
    award_id,
    supplier_ref_id,
    ocds_latest(supplier_ref_name, k) AS supplier_ref_name,
    row_number() OVER (PARTITION BY ocid, award_id ORDER BY min(k || [award_pos, supplier_pos])) AS pos
FROM (SELECT *, ocds_order(t, input_no, rel_no) AS k FROM ocds_award_suppliers WHERE award_id IS NOT NULL)
GROUP BY ocid, award_id, supplier_ref_id, CASE WHEN supplier_ref_id IS NULL THEN supplier_ref_name END;

CREATE TEMP TABLE ocds_party_merged AS
SELECT
    ocid,
    party_id,
    ocds_latest(name, k) AS name,
    ocds_latest(scheme, k) AS scheme,
    ocds_latest(identifier_id, k) AS identifier_id,
    ocds_latest(scale, k) AS scale,
    ocds_latest(country_name, k) AS country_name,
    ocds_latest(roles, k) AS roles
FROM (SELECT *, ocds_order(t, input_no, rel_no) AS k FROM ocds_parties WHERE party_id IS NOT NULL)
GROUP BY ocid, party_id;

-- Bids received by award: the bid statistics (measure `bids`, else `validBids`) of the award's
-- lot (the largest when it names several), else of the whole tender (no relatedLot), else the
-- tender's numberOfTenderers (below).
CREATE TEMP TABLE ocds_award_bids AS
WITH statistics AS (
    SELECT
        ocid,
        ocds_latest(measure, k) AS measure,
        ocds_latest(value, k) AS value,
        ocds_latest(related_lot, k) AS related_lot
    FROM (SELECT *, ocds_order(t, input_no, rel_no) AS k FROM ocds_statistics)
    GROUP BY ocid, stat_key
)
SELECT
    a.ocid,
    a.award_id,
    coalesce(
        max(s.value) FILTER (WHERE s.measure = 'bids' AND list_contains(a.related_lots, s.related_lot)),
        max(s.value) FILTER (WHERE s.measure = 'validBids' AND list_contains(a.related_lots, s.related_lot)),
        max(s.value) FILTER (WHERE s.measure = 'bids' AND s.related_lot IS NULL),
        max(s.value) FILTER (WHERE s.measure = 'validBids' AND s.related_lot IS NULL)
    ) AS bids
FROM ocds_award_merged AS a
JOIN statistics AS s USING (ocid)
WHERE s.measure IN ('bids', 'validBids')
GROUP BY a.ocid, a.award_id;

-- The date a contract of the award was signed (the earliest), for an award without a date.
CREATE TEMP TABLE ocds_award_signed AS
SELECT ocid, award_id, arg_min(date_signed, ocds_instant(date_signed)) AS date_signed
FROM (
    SELECT
        ocid,
        ocds_latest(award_id, k) AS award_id,
        ocds_latest(date_signed, k) AS date_signed
    FROM (SELECT *, ocds_order(t, input_no, rel_no) AS k FROM ocds_contracts WHERE contract_id IS NOT NULL)
    GROUP BY ocid, contract_id
)
WHERE award_id IS NOT NULL AND date_signed IS NOT NULL
GROUP BY ocid, award_id;

CREATE TEMP TABLE ocds_award_amendments AS
SELECT ocid, award_id, count(DISTINCT amendment_key)::INTEGER AS amendments
FROM ocds_amendments
WHERE award_id IS NOT NULL
GROUP BY ocid, award_id;

-- The buyer: the party that release.buyer names, else the party with the role buyer (the first by
-- id). Its id is the party's identifier, scheme-id, as published (`GB-SRS-...`), else the id of
-- the reference.
CREATE TEMP TABLE ocds_buyer AS
WITH chosen AS (
    SELECT
        m.ocid,
        arg_min(
            {party_id: m.party_id, name: m.name, scheme: m.scheme, identifier_id: m.identifier_id,
             country_name: m.country_name},
            m.party_id
        ) AS b
    FROM ocds_party_merged AS m
    JOIN ocds_process AS p USING (ocid)
    WHERE m.party_id = p.buyer_ref_id OR (p.buyer_ref_id IS NULL AND list_contains(m.roles, 'buyer'))
    GROUP BY m.ocid
)
SELECT
    p.ocid,
    coalesce(c.b.scheme || '-' || c.b.identifier_id, p.buyer_ref_id, c.b.party_id) AS buyer_id,
    coalesce(c.b.name, p.buyer_ref_name) AS buyer_name,
    c.b.country_name,
    c.b.scheme
FROM ocds_process AS p
LEFT JOIN chosen AS c USING (ocid);

CREATE TEMP TABLE ocds_staged AS
SELECT
    p.input_no::BIGINT * 10000000000
        + row_number() OVER (PARTITION BY p.input_no ORDER BY a.first_seen, a.award_id) AS rec_no,
    p.input_no,
    p.source_name,
    a.ocid,
    a.award_id,
    p.release_date,
    b.buyer_id,
    b.buyer_name,
    -- The OCDS method code (open, selective, limited, direct), whose family etl/rules/
    -- procedure_families.csv gives; the publisher's own words when it gives no code.
    coalesce(p.method, p.method_details) AS procedure,
    coalesce(a.title, p.title) AS object,
    coalesce(p.cpv_raw, a.cpv_raw) AS cpv_raw,
    coalesce(a.award_date, g.date_signed) AS notification_raw,
    a.amount,
    a.amount_initial,
    -- ISO 4217 « XXX » (no currency) rather than NULL, which the staging reads as euros.
    upper(coalesce(a.currency, p.tender_currency, 'XXX')) AS currency,
    try_cast(coalesce(s.bids, p.tenderers) AS INTEGER) AS bids_received,
    coalesce(m.amendments, 0) AS modifications,
    -- The publisher's country (its identifier scheme), else the buyer's address, else the
    -- buyer's identifier scheme; « ZZ » (unknown) rather than NULL, which the staging reads as France.
    coalesce(
        ocds_country_of_scheme(p.publisher_scheme),
        ocds_country_of_name(b.country_name),
        ocds_country_of_scheme(b.scheme),
        'ZZ'
    ) AS country,
    CASE
        WHEN a.award_id IS NULL THEN 'award id missing'
        WHEN lower(a.status) IN ('cancelled', 'unsuccessful') THEN 'award ' || lower(a.status)
        WHEN NOT EXISTS (SELECT 1 FROM ocds_supplier_merged AS w WHERE w.ocid = a.ocid AND w.award_id = a.award_id)
            THEN 'award without suppliers'
        WHEN b.buyer_id IS NULL THEN 'buyer missing'
    END AS reject_reason,
    a.raw
FROM ocds_award_merged AS a
JOIN ocds_process AS p USING (ocid)
LEFT JOIN ocds_buyer AS b USING (ocid)
LEFT JOIN ocds_award_bids AS s USING (ocid, award_id)
LEFT JOIN ocds_award_signed AS g USING (ocid, award_id)
LEFT JOIN ocds_award_amendments AS m USING (ocid, award_id);

INSERT INTO stg_contracts BY NAME
SELECT
    rec_no,
    input_no,
    'ocds' AS source_format,
    source_name,
    CASE WHEN award_id IS NULL THEN ocid ELSE ocid || '/' || award_id END AS contract_uid,
    award_id AS contract_id,
    buyer_id,
    buyer_name,
    procedure,
    object,
    cpv_raw,
    notification_raw,
    release_date AS publication_raw,
    amount,
    amount_initial,
    bids_received,
    reject_reason,
    CASE WHEN reject_reason IS NOT NULL THEN raw END AS raw_excerpt,
    modifications,
    country,
    currency
FROM ocds_staged;

-- A supplier's id is its party's registered identifier (scheme and id: `GB-COH` 01234567), else
-- the id of the reference, under the scheme OCDS-PARTY-ID so that no id is read as a SIRET.
-- Its size is its party's details.scale (micro, sme, small, medium, selfEmployed: SME; large).
INSERT INTO stg_winners
SELECT
    s.rec_no,
    w.pos,
    CASE WHEN p.scheme IS NOT NULL AND p.identifier_id IS NOT NULL THEN p.identifier_id ELSE w.supplier_ref_id END,
    CASE WHEN p.scheme IS NOT NULL AND p.identifier_id IS NOT NULL THEN p.scheme
        WHEN w.supplier_ref_id IS NOT NULL THEN 'OCDS-PARTY-ID' END,
    coalesce(p.name, w.supplier_ref_name),
    CASE
        WHEN lower(p.scale) IN ('micro', 'sme', 'small', 'medium', 'selfemployed') THEN 'SME'
        WHEN lower(p.scale) = 'large' THEN 'LARGE'
    END,
    NULL,
    NULL,
    NULL
FROM ocds_staged AS s
JOIN ocds_supplier_merged AS w USING (ocid, award_id)
LEFT JOIN ocds_party_merged AS p ON p.ocid = w.ocid AND p.party_id = w.supplier_ref_id
WHERE s.reject_reason IS NULL;

DROP TABLE ocds_staged;
DROP TABLE ocds_buyer;
DROP TABLE ocds_award_amendments;
DROP TABLE ocds_award_signed;
DROP TABLE ocds_award_bids;
DROP TABLE ocds_party_merged;
DROP TABLE ocds_supplier_merged;
DROP TABLE ocds_award_merged;
DROP TABLE ocds_process;
DROP TABLE ocds_country_names;
DROP TABLE ocds_releases;
DROP TABLE ocds_awards;
DROP TABLE ocds_award_suppliers;
DROP TABLE ocds_parties;
DROP TABLE ocds_statistics;
DROP TABLE ocds_contracts;
DROP TABLE ocds_amendments;
DROP TABLE ocds_unnamed;
DROP MACRO ocds_order;
DROP MACRO ocds_country_of_name;
DROP MACRO ocds_country_of_scheme;
