-- OCDS 1.1, one input: JSON lines, each a release, a record, a release package or a record package
-- (etl/ocds.py streams a package or an array into lines of its releases or records; JSON Lines are
-- read as published). Every release is cut into narrow tables, one row per release, award, award
-- supplier, party, bid statistic, contract and amendment, with the release's ocid and its place in
-- the merge order: the release `date`, then the reading order. The tables gather the releases of
-- every OCDS input of the build; load/ocds_merge.sql merges them by ocid once all are read.
-- Every value is read as text and cast from it, so a value of an unexpected type is NULL: it spoils
-- that field only, never the file.

-- The merge order of a release: its date as an instant (UTC microseconds; a date without an offset
-- is read as UTC, so that the order does not depend on the machine's time zone), NULL sorting first.
CREATE TEMP MACRO IF NOT EXISTS ocds_instant(d) AS
    epoch_us(
        CASE
            WHEN regexp_matches(d, ':[0-9]{2}(\.[0-9]+)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$') THEN try_cast(d AS TIMESTAMPTZ)
            ELSE timezone('UTC', try_cast(d AS TIMESTAMP))
        END
    );

-- The fields read, typed as they are read: one parse per line (and per release of a package or a
-- record), every list of objects a list of structs. A value of another type is NULL.
CREATE TEMP MACRO IF NOT EXISTS ocds_schema() AS
    '{"ocid": "VARCHAR", "id": "VARCHAR", "date": "VARCHAR",
      "buyer": {"id": "VARCHAR", "name": "VARCHAR"},
      "tender": {"title": "VARCHAR", "procurementMethod": "VARCHAR", "procurementMethodDetails": "VARCHAR",
                 "numberOfTenderers": "VARCHAR", "classification": {"scheme": "VARCHAR", "id": "VARCHAR"},
                 "items": [{"classification": {"scheme": "VARCHAR", "id": "VARCHAR"}}],
                 "value": {"currency": "VARCHAR"}},
      "bids": {"statistics": [{"id": "VARCHAR", "measure": "VARCHAR", "value": "VARCHAR", "relatedLot": "VARCHAR"}]},
      "parties": [{"id": "VARCHAR", "name": "VARCHAR", "identifier": {"scheme": "VARCHAR", "id": "VARCHAR"},
                   "details": {"scale": "VARCHAR"}, "address": {"countryName": "VARCHAR"}, "roles": ["VARCHAR"]}],
      "awards": [{"id": "VARCHAR", "title": "VARCHAR", "status": "VARCHAR", "date": "VARCHAR",
                  "value": {"amount": "VARCHAR", "currency": "VARCHAR"},
                  "suppliers": [{"id": "VARCHAR", "name": "VARCHAR"}], "relatedLots": ["VARCHAR"],
                  "items": [{"classification": {"scheme": "VARCHAR", "id": "VARCHAR"}}],
                  "amendments": [{"id": "VARCHAR"}]}],
      "contracts": [{"id": "VARCHAR", "awardID": "VARCHAR", "dateSigned": "VARCHAR", "amendments": [{"id": "VARCHAR"}]}],
      "releases": "JSON", "records": "JSON", "compiledRelease": "JSON",
      "publisher": {"scheme": "VARCHAR"}, "license": "VARCHAR"}';

-- The first CPV code (scheme `CPV`, any case) of a classification, else of a list of items'.
CREATE TEMP MACRO IF NOT EXISTS ocds_cpv(classification) AS
    CASE WHEN upper(trim(classification.scheme)) = 'CPV' THEN clean_text(classification.id) END;

CREATE TEMP MACRO IF NOT EXISTS ocds_items_cpv(items) AS
    list_filter(list_transform(items, lambda i: ocds_cpv(i.classification)), lambda c: c IS NOT NULL)[1];

CREATE TEMP TABLE IF NOT EXISTS ocds_releases (
    input_no          INTEGER,
    rel_no            BIGINT,
    ocid              VARCHAR,
    t                 BIGINT,
    source_name       VARCHAR,
    release_date      VARCHAR,
    publisher_scheme  VARCHAR,
    buyer_ref_id      VARCHAR,
    buyer_ref_name    VARCHAR,
    title             VARCHAR,
    method            VARCHAR,
    method_details    VARCHAR,
    tenderers         INTEGER,
    cpv_raw           VARCHAR,
    tender_currency   VARCHAR,
    award_count       INTEGER
);

CREATE TEMP TABLE IF NOT EXISTS ocds_awards (
    ocid         VARCHAR,
    input_no     INTEGER,
    rel_no       BIGINT,
    t            BIGINT,
    award_pos    BIGINT,
    award_id     VARCHAR,
    status       VARCHAR,
    title        VARCHAR,
    award_date   VARCHAR,
    amount       DOUBLE,
    currency     VARCHAR,
    related_lots VARCHAR[],
    cpv_raw      VARCHAR,
    raw          VARCHAR
);

CREATE TEMP TABLE IF NOT EXISTS ocds_award_suppliers (
    ocid              VARCHAR,
    input_no          INTEGER,
    rel_no            BIGINT,
    t                 BIGINT,
    award_pos         BIGINT,
    award_id          VARCHAR,
    supplier_pos      BIGINT,
    supplier_ref_id   VARCHAR,
    supplier_ref_name VARCHAR
);

CREATE TEMP TABLE IF NOT EXISTS ocds_parties (
    ocid          VARCHAR,
    input_no      INTEGER,
    rel_no        BIGINT,
    t             BIGINT,
    party_id      VARCHAR,
    name          VARCHAR,
    scheme        VARCHAR,
    identifier_id VARCHAR,
    scale         VARCHAR,
    country_name  VARCHAR,
    roles         VARCHAR[]
);

CREATE TEMP TABLE IF NOT EXISTS ocds_statistics (
    ocid        VARCHAR,
    input_no    INTEGER,
    rel_no      BIGINT,
    t           BIGINT,
    stat_key    VARCHAR,
    measure     VARCHAR,
    value       DOUBLE,
    related_lot VARCHAR
);

CREATE TEMP TABLE IF NOT EXISTS ocds_contracts (
    ocid        VARCHAR,
    input_no    INTEGER,
    rel_no      BIGINT,
    t           BIGINT,
    contract_id VARCHAR,
    award_id    VARCHAR,
    date_signed VARCHAR
);

-- An award's amendments, its own and those of the contracts that name it (awardID).
CREATE TEMP TABLE IF NOT EXISTS ocds_amendments (
    ocid          VARCHAR,
    award_id      VARCHAR,
    amendment_key VARCHAR
);

-- Releases without an ocid: etl/ocds.py refuses their file, naming the first.
CREATE TEMP TABLE IF NOT EXISTS ocds_unnamed (
    input_no   INTEGER,
    rel_no     BIGINT,
    release_id VARCHAR
);

CREATE TEMP TABLE IF NOT EXISTS ocds_licences (
    input_no INTEGER,
    licence  VARCHAR
);

-- The lines in file order (rowid).
SET preserve_insertion_order = true;

CREATE TEMP TABLE ocds_lines AS
SELECT json AS v
FROM read_ndjson_objects($path, maximum_object_size = 268435456);

SET preserve_insertion_order = false;

-- Each line read once. A record names its ocid beside its releases or compiledRelease; a package
-- has none; any other line is a release (one that is no object has no ocid: refused).
CREATE TEMP TABLE ocds_values AS
SELECT
    line_no,
    l,
    CASE
        WHEN l.ocid IS NOT NULL AND (l.compiledRelease IS NOT NULL OR l.releases IS NOT NULL) THEN 'record'
        WHEN l.records IS NOT NULL THEN 'record_package'
        WHEN l.releases IS NOT NULL THEN 'release_package'
        ELSE 'release'
    END AS kind
FROM (SELECT rowid AS line_no, json_transform(v, ocds_schema()) AS l FROM ocds_lines);

DROP TABLE ocds_lines;

INSERT INTO ocds_licences
SELECT $input_no, coalesce($licence, arg_min(l.license, line_no) FILTER (WHERE l.license IS NOT NULL))
FROM ocds_values
WHERE kind IN ('record_package', 'release_package')
HAVING coalesce($licence, arg_min(l.license, line_no) FILTER (WHERE l.license IS NOT NULL)) IS NOT NULL;

-- Every release in reading order: a line's own; a release package's, in list order; a record's
-- compiledRelease, else its releases (a record package's records in list order). A record's
-- releases may leave the ocid to the record.
CREATE TEMP TABLE ocds_read AS
WITH records AS (
    SELECT
        line_no,
        record_pos,
        json_transform(r, '{"ocid": "VARCHAR", "releases": "JSON", "compiledRelease": "JSON"}') AS record,
        publisher_scheme
    FROM (
        SELECT
            line_no,
            unnest(items) AS r,
            generate_subscripts(items, 1) AS record_pos,
            l.publisher.scheme AS publisher_scheme
        FROM (SELECT line_no, l, json_extract(l.records, '$[*]') AS items FROM ocds_values WHERE kind = 'record_package')
    )
    UNION ALL
    SELECT line_no, 0, {ocid: l.ocid, releases: l.releases, compiledRelease: l.compiledRelease}, NULL
    FROM ocds_values
    WHERE kind = 'record'
),
nested AS (
    SELECT
        line_no,
        0 AS record_pos,
        generate_subscripts(items, 1) AS pos,
        unnest(items) AS release,
        NULL AS record_ocid,
        l.publisher.scheme AS publisher_scheme
    FROM (SELECT line_no, l, json_extract(l.releases, '$[*]') AS items FROM ocds_values WHERE kind = 'release_package')
    UNION ALL
    SELECT line_no, record_pos, 0, record.compiledRelease, record.ocid, publisher_scheme
    FROM records
    WHERE json_type(record.compiledRelease) = 'OBJECT'
    UNION ALL
    SELECT line_no, record_pos, generate_subscripts(items, 1), unnest(items), record.ocid, publisher_scheme
    FROM (
        SELECT *, json_extract(record.releases, '$[*]') AS items
        FROM records
        WHERE json_type(record.compiledRelease) IS DISTINCT FROM 'OBJECT'
    )
),
releases AS (
    SELECT line_no, 0 AS record_pos, 0 AS pos, l AS r, NULL AS record_ocid, NULL AS publisher_scheme
    FROM ocds_values
    WHERE kind = 'release'
    UNION ALL
    SELECT line_no, record_pos, pos, json_transform(release, ocds_schema()), record_ocid, publisher_scheme
    FROM nested
)
SELECT
    row_number() OVER (ORDER BY line_no, record_pos, pos) AS rel_no,
    coalesce(clean_text(r.ocid), clean_text(record_ocid)) AS ocid,
    ocds_instant(clean_text(r.date)) AS t,
    coalesce(clean_text(publisher_scheme), $publisher_scheme) AS publisher_scheme,
    r
FROM releases;

DROP TABLE ocds_values;

INSERT INTO ocds_unnamed
SELECT $input_no, rel_no, clean_text(r.id)
FROM ocds_read
WHERE ocid IS NULL;

INSERT INTO stg_input_counts
SELECT $input_no, count(*), 0, 0
FROM ocds_read;

DELETE FROM ocds_read WHERE ocid IS NULL;

INSERT INTO ocds_releases
SELECT
    $input_no,
    rel_no,
    ocid,
    t,
    $source_name,
    clean_text(r.date),
    publisher_scheme,
    clean_text(r.buyer.id),
    clean_text(r.buyer.name),
    clean_text(r.tender.title),
    clean_text(r.tender.procurementMethod),
    clean_text(r.tender.procurementMethodDetails),
    try_cast(try_cast(r.tender.numberOfTenderers AS DOUBLE) AS INTEGER),
    coalesce(ocds_cpv(r.tender.classification), ocds_items_cpv(r.tender.items)),
    clean_text(r.tender.value.currency),
    coalesce(len(r.awards), 0)
FROM ocds_read;

-- The lists of each release, one row per item with its position.
CREATE TEMP TABLE ocds_awards_read AS
SELECT ocid, rel_no, t, award_pos, a, clean_text(a.id) AS award_id
FROM (
    SELECT ocid, rel_no, t, unnest(r.awards) AS a, generate_subscripts(r.awards, 1) AS award_pos
    FROM ocds_read
);

-- The award as read (the fields used), for a rejected one's excerpt.
INSERT INTO ocds_awards
SELECT
    ocid,
    $input_no,
    rel_no,
    t,
    award_pos,
    award_id,
    clean_text(a.status),
    clean_text(a.title),
    clean_text(a.date),
    try_cast(a.value.amount AS DOUBLE),
    clean_text(a.value.currency),
    a.relatedLots,
    ocds_items_cpv(a.items),
    to_json(a)::VARCHAR
FROM ocds_awards_read;

INSERT INTO ocds_award_suppliers
SELECT ocid, $input_no, rel_no, t, award_pos, award_id, pos, clean_text(s.id), clean_text(s.name)
FROM (
    SELECT *, unnest(a.suppliers) AS s, generate_subscripts(a.suppliers, 1) AS pos
    FROM ocds_awards_read
);

-- Amendments without an id are told apart by their position.
INSERT INTO ocds_amendments
SELECT ocid, award_id, coalesce(clean_text(m.id), '#' || pos)
FROM (SELECT *, unnest(a.amendments) AS m, generate_subscripts(a.amendments, 1) AS pos FROM ocds_awards_read);

DROP TABLE ocds_awards_read;

INSERT INTO ocds_parties
SELECT
    o.ocid,
    $input_no,
    o.rel_no,
    o.t,
    clean_text(p.id),
    clean_text(p.name),
    clean_text(p.identifier.scheme),
    clean_text(p.identifier.id),
    clean_text(p.details.scale),
    clean_text(p.address.countryName),
    p.roles
FROM (SELECT ocid, rel_no, t, unnest(r.parties) AS p FROM ocds_read) AS o;

-- Bid statistics (OCDS bid statistics extension): merged by id, else by position.
INSERT INTO ocds_statistics
SELECT
    o.ocid,
    $input_no,
    o.rel_no,
    o.t,
    coalesce(clean_text(o.s.id), '#' || o.pos),
    clean_text(o.s.measure),
    try_cast(o.s.value AS DOUBLE),
    clean_text(o.s.relatedLot)
FROM (
    SELECT ocid, rel_no, t, unnest(r.bids.statistics) AS s, generate_subscripts(r.bids.statistics, 1) AS pos
    FROM ocds_read
) AS o;

CREATE TEMP TABLE ocds_contracts_read AS
SELECT o.ocid, o.rel_no, o.t, o.c
FROM (SELECT ocid, rel_no, t, unnest(r.contracts) AS c FROM ocds_read) AS o;

INSERT INTO ocds_contracts
SELECT ocid, $input_no, rel_no, t, clean_text(c.id), clean_text(c.awardID), clean_text(c.dateSigned)
FROM ocds_contracts_read;

INSERT INTO ocds_amendments
SELECT ocid, clean_text(c.awardID), coalesce(clean_text(m.id), '#' || clean_text(c.id) || '#' || pos)
FROM (SELECT *, unnest(c.amendments) AS m, generate_subscripts(c.amendments, 1) AS pos FROM ocds_contracts_read);

DROP TABLE ocds_contracts_read;
DROP TABLE ocds_read;
