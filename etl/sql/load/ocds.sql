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

-- A CPV code of a classification object (scheme `CPV`, any case), else NULL.
CREATE TEMP MACRO IF NOT EXISTS ocds_cpv(classification) AS
    CASE WHEN upper(trim(classification ->> '$.scheme')) = 'CPV' THEN clean_text(classification ->> '$.id') END;

-- The first CPV code among items' classifications, in list order.
CREATE TEMP MACRO IF NOT EXISTS ocds_items_cpv(items) AS
    list_filter(list_transform(json_extract(items, '$[*]'), lambda i: ocds_cpv(i -> '$.classification')), lambda c: c IS NOT NULL)[1];

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

-- What each line is. A record names its ocid beside its releases or compiledRelease; a package
-- has none.
CREATE TEMP TABLE ocds_values AS
SELECT
    rowid AS line_no,
    v,
    CASE
        WHEN json_type(v) <> 'OBJECT' THEN 'release'
        WHEN json_exists(v, '$.ocid') AND (json_exists(v, '$.compiledRelease') OR json_exists(v, '$.releases'))
            THEN 'record'
        WHEN json_type(v, '$.records') = 'ARRAY' THEN 'record_package'
        WHEN json_type(v, '$.releases') = 'ARRAY' THEN 'release_package'
        ELSE 'release'
    END AS kind
FROM ocds_lines;

DROP TABLE ocds_lines;

INSERT INTO ocds_licences
SELECT $input_no, coalesce($licence, arg_min(v ->> '$.license', line_no) FILTER (WHERE v ->> '$.license' IS NOT NULL))
FROM ocds_values
WHERE kind IN ('record_package', 'release_package')
HAVING coalesce($licence, arg_min(v ->> '$.license', line_no) FILTER (WHERE v ->> '$.license' IS NOT NULL)) IS NOT NULL;

-- Every release in reading order: a line's own; a release package's, in list order; a record's
-- compiledRelease, else its releases (a record package's records in list order). A record's
-- releases may leave the ocid to the record.
CREATE TEMP TABLE ocds_read AS
WITH records AS (
    SELECT line_no, pos AS record_pos, r AS record, v ->> '$.publisher.scheme' AS publisher_scheme
    FROM ocds_values, unnest(json_extract(v, '$.records[*]')) WITH ORDINALITY AS u(r, pos)
    WHERE kind = 'record_package'
    UNION ALL
    SELECT line_no, 0, v, NULL
    FROM ocds_values
    WHERE kind = 'record'
),
releases AS (
    SELECT line_no, 0 AS record_pos, 0 AS pos, v AS release, NULL AS record_ocid, NULL AS publisher_scheme
    FROM ocds_values
    WHERE kind = 'release'
    UNION ALL
    SELECT line_no, 0, pos, r, NULL, v ->> '$.publisher.scheme'
    FROM ocds_values, unnest(json_extract(v, '$.releases[*]')) WITH ORDINALITY AS u(r, pos)
    WHERE kind = 'release_package'
    UNION ALL
    SELECT line_no, record_pos, 0, record -> '$.compiledRelease', record ->> '$.ocid', publisher_scheme
    FROM records
    WHERE json_type(record, '$.compiledRelease') = 'OBJECT'
    UNION ALL
    SELECT line_no, record_pos, pos, r, record ->> '$.ocid', publisher_scheme
    FROM records, unnest(json_extract(record, '$.releases[*]')) WITH ORDINALITY AS u(r, pos)
    WHERE json_type(record, '$.compiledRelease') IS DISTINCT FROM 'OBJECT'
)
SELECT
    row_number() OVER (ORDER BY line_no, record_pos, pos) AS rel_no,
    coalesce(clean_text(r.ocid), clean_text(record_ocid)) AS ocid,
    coalesce(clean_text(publisher_scheme), $publisher_scheme) AS publisher_scheme,
    r
FROM (
    SELECT
        line_no,
        record_pos,
        pos,
        record_ocid,
        publisher_scheme,
        json_transform(
            release,
            '{"ocid": "VARCHAR", "id": "VARCHAR", "date": "VARCHAR",
              "buyer": {"id": "VARCHAR", "name": "VARCHAR"},
              "tender": {"title": "VARCHAR", "procurementMethod": "VARCHAR",
                         "procurementMethodDetails": "VARCHAR", "numberOfTenderers": "VARCHAR",
                         "classification": "JSON", "items": "JSON", "value": {"currency": "VARCHAR"}},
              "bids": {"statistics": "JSON"},
              "parties": "JSON", "awards": "JSON", "contracts": "JSON"}'
        ) AS r
    FROM releases
);

DROP TABLE ocds_values;

INSERT INTO ocds_unnamed
SELECT $input_no, rel_no, clean_text(r.id)
FROM ocds_read
WHERE ocid IS NULL;

INSERT INTO stg_input_counts
SELECT $input_no, count(*), 0, 0
FROM ocds_read;

INSERT INTO ocds_releases
SELECT
    $input_no,
    rel_no,
    ocid,
    ocds_instant(clean_text(r.date)),
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
    CASE WHEN json_type(r.awards) = 'ARRAY' THEN json_array_length(r.awards) ELSE 0 END
FROM ocds_read
WHERE ocid IS NOT NULL;

-- The lists of each release, one row per item with its position.
CREATE TEMP TABLE ocds_awards_read AS
SELECT
    o.ocid,
    o.rel_no,
    ocds_instant(clean_text(o.r.date)) AS t,
    u.pos AS award_pos,
    u.a
FROM ocds_read AS o, unnest(json_extract(o.r.awards, '$[*]')) WITH ORDINALITY AS u(a, pos)
WHERE o.ocid IS NOT NULL AND json_type(o.r.awards) = 'ARRAY';

INSERT INTO ocds_awards
SELECT
    ocid,
    $input_no,
    rel_no,
    t,
    award_pos,
    clean_text(a ->> '$.id'),
    clean_text(a ->> '$.status'),
    clean_text(a ->> '$.title'),
    clean_text(a ->> '$.date'),
    try_cast(a ->> '$.value.amount' AS DOUBLE),
    clean_text(a ->> '$.value.currency'),
    CASE WHEN json_type(a, '$.relatedLots') = 'ARRAY' THEN json_extract_string(a, '$.relatedLots[*]') END,
    ocds_items_cpv(a -> '$.items'),
    a::VARCHAR
FROM ocds_awards_read;

INSERT INTO ocds_award_suppliers
SELECT
    ocid,
    $input_no,
    rel_no,
    t,
    award_pos,
    clean_text(a ->> '$.id'),
    u.pos,
    clean_text(u.s ->> '$.id'),
    clean_text(u.s ->> '$.name')
FROM ocds_awards_read, unnest(json_extract(a, '$.suppliers[*]')) WITH ORDINALITY AS u(s, pos)
WHERE json_type(a, '$.suppliers') = 'ARRAY';

INSERT INTO ocds_amendments
SELECT ocid, clean_text(a ->> '$.id'), coalesce(clean_text(u.m ->> '$.id'), '#' || u.pos)
FROM ocds_awards_read, unnest(json_extract(a, '$.amendments[*]')) WITH ORDINALITY AS u(m, pos)
WHERE json_type(a, '$.amendments') = 'ARRAY';

DROP TABLE ocds_awards_read;

INSERT INTO ocds_parties
SELECT
    o.ocid,
    $input_no,
    o.rel_no,
    ocds_instant(clean_text(o.r.date)),
    clean_text(u.p ->> '$.id'),
    clean_text(u.p ->> '$.name'),
    clean_text(u.p ->> '$.identifier.scheme'),
    clean_text(u.p ->> '$.identifier.id'),
    clean_text(u.p ->> '$.details.scale'),
    clean_text(u.p ->> '$.address.countryName'),
    CASE WHEN json_type(u.p, '$.roles') = 'ARRAY' THEN json_extract_string(u.p, '$.roles[*]') END
FROM ocds_read AS o, unnest(json_extract(o.r.parties, '$[*]')) AS u(p)
WHERE o.ocid IS NOT NULL AND json_type(o.r.parties) = 'ARRAY';

-- Bid statistics (OCDS bid statistics extension): merged by id, else by position.
INSERT INTO ocds_statistics
SELECT
    o.ocid,
    $input_no,
    o.rel_no,
    ocds_instant(clean_text(o.r.date)),
    coalesce(clean_text(u.s ->> '$.id'), '#' || u.pos),
    clean_text(u.s ->> '$.measure'),
    try_cast(u.s ->> '$.value' AS DOUBLE),
    clean_text(u.s ->> '$.relatedLot')
FROM ocds_read AS o, unnest(json_extract(o.r.bids.statistics, '$[*]')) WITH ORDINALITY AS u(s, pos)
WHERE o.ocid IS NOT NULL AND json_type(o.r.bids.statistics) = 'ARRAY';

CREATE TEMP TABLE ocds_contracts_read AS
SELECT o.ocid, o.rel_no, ocds_instant(clean_text(o.r.date)) AS t, u.c
FROM ocds_read AS o, unnest(json_extract(o.r.contracts, '$[*]')) AS u(c)
WHERE o.ocid IS NOT NULL AND json_type(o.r.contracts) = 'ARRAY';

INSERT INTO ocds_contracts
SELECT
    ocid,
    $input_no,
    rel_no,
    t,
    clean_text(c ->> '$.id'),
    clean_text(c ->> '$.awardID'),
    clean_text(c ->> '$.dateSigned')
FROM ocds_contracts_read;

INSERT INTO ocds_amendments
SELECT ocid, clean_text(c ->> '$.awardID'), coalesce(clean_text(u.m ->> '$.id'), '#' || clean_text(c ->> '$.id') || '#' || u.pos)
FROM ocds_contracts_read, unnest(json_extract(c, '$.amendments[*]')) WITH ORDINALITY AS u(m, pos)
WHERE json_type(c, '$.amendments') = 'ARRAY';

DROP TABLE ocds_contracts_read;
DROP TABLE ocds_read;
