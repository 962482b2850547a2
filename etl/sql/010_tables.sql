-- The published tables, described column by column in common/schema.toml. Names and columns are a
-- contract: scripts outside the project read them. Built into a fresh file each run, then swapped in.

CREATE TABLE etl_runs (
    run_id           VARCHAR PRIMARY KEY,
    started_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    tool_version     VARCHAR,
    inputs           VARCHAR,   -- JSON list of {path, source_name, format, sha256, bytes}
    records_read     BIGINT,
    records_loaded   BIGINT,
    records_rejected BIGINT,
    duplicates_dropped BIGINT,
    concessions_skipped BIGINT,
    data_date        DATE       -- latest notification date in the data: "données au <date>"
);

-- One row per input file of a run: provenance for every number.
CREATE TABLE etl_inputs (
    run_id             VARCHAR,
    source_name        VARCHAR,
    label              VARCHAR,   -- readable name (data/sample/sources.toml), else source_name
    path               VARCHAR,
    format             VARCHAR,
    sha256             VARCHAR,
    bytes              BIGINT,
    file_date          DATE,      -- publication date when a sources.toml gives it, else mtime
    licence            VARCHAR,
    records_read       BIGINT,
    records_loaded     BIGINT,
    records_rejected   BIGINT,
    duplicates_dropped BIGINT,
    concessions_skipped BIGINT,
    label_en           VARCHAR    -- the label in English when sources.toml gives one (label_en)
);

-- contract_uid is the key: unique by construction (one record kept per uid) and checked by
-- 900_checks.sql; an index would cost more than the rest of the build at 1.6 M contracts.
-- Written by one sorted INSERT and never updated or deleted from: fact_awards.contract_row is a
-- contract's row id, which the app joins on.
CREATE TABLE contracts (
    contract_uid      VARCHAR,
    source_format     VARCHAR,
    source_name       VARCHAR,
    country           VARCHAR,
    contract_id       VARCHAR,
    buyer_id          VARCHAR,
    buyer_name        VARCHAR,
    nature            VARCHAR,
    is_framework      BOOLEAN,
    procedure         VARCHAR,
    object            VARCHAR,
    cpv_code          VARCHAR,
    cpv_division      VARCHAR,
    contract_type     VARCHAR,
    notification_date DATE,
    year              INTEGER,
    duration_months   INTEGER,
    amount            DOUBLE,
    amount_initial    DOUBLE,
    currency          VARCHAR,
    amount_status     VARCHAR,
    bids_received     INTEGER,
    winners           INTEGER,
    modifications     INTEGER,
    framework_id      VARCHAR,
    techniques        VARCHAR,
    buyer_category    VARCHAR,
    buyer_department  VARCHAR,
    buyer_region      VARCHAR,
    buyer_commune     VARCHAR,
    subcontracting_declared BOOLEAN,
    innovative        BOOLEAN,
    social_clause     VARCHAR,
    environmental_clause VARCHAR,
    grouping_type     VARCHAR,
    ccag              VARCHAR,
    origin_france     DOUBLE,
    publisher_amount_flag VARCHAR,
    quality_flags     VARCHAR
);

-- awards is a view over fact_awards (510_awards.sql).

-- The family of each published procedure label (etl/rules/procedure_families.csv, 035).
CREATE TABLE procedure_families (
    procedure   VARCHAR PRIMARY KEY,  -- as published
    family      VARCHAR NOT NULL,     -- open, restricted, negotiated, no_competition, adapted, other
    vocabulary  VARCHAR               -- the format(s) that publish it
);

CREATE TABLE cpv (
    code      VARCHAR PRIMARY KEY,  -- 8 digits, no check digit
    division  VARCHAR,
    label_fr  VARCHAR,
    label_en  VARCHAR,
    parent    VARCHAR
);

CREATE TABLE rejected_records (
    source_name VARCHAR,
    record_ref  VARCHAR,
    reason      VARCHAR,
    raw_excerpt VARCHAR
);

-- Values kept but corrected (an impossible date set to NULL, ...): the raw value stays here.
CREATE TABLE quality_notes (
    source_name  VARCHAR,
    contract_uid VARCHAR,
    field        VARCHAR,
    raw_value    VARCHAR,
    note         VARCHAR
);
