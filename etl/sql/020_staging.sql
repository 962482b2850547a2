-- Staging: every loader writes one row per candidate contract (stg_contracts) and one per listed
-- winner (stg_winners), keyed by rec_no (input number x 1e10 + record number: the reading order).
-- Temporary tables: held in memory (spilled to the work folder past the memory limit), never
-- written to the published file.

CREATE TEMP TABLE stg_contracts (
    rec_no            BIGINT,
    input_no          INTEGER,
    source_format     VARCHAR,
    source_name       VARCHAR,
    contract_uid      VARCHAR,
    contract_id       VARCHAR,
    buyer_id          VARCHAR,
    buyer_name        VARCHAR,
    nature            VARCHAR,
    procedure         VARCHAR,
    object            VARCHAR,
    cpv_raw           VARCHAR,
    notification_raw  VARCHAR,
    publication_raw   VARCHAR,
    duration_months   INTEGER,
    amount            DOUBLE,
    amount_initial    DOUBLE,
    bids_received     INTEGER,
    reject_reason     VARCHAR,
    raw_excerpt       VARCHAR,
    -- Versions (DESIGN §Method 2): modifications applied to the current version.
    modifications     INTEGER,
    -- What says that a uid merges several contracts (100_rules.sql merged_uid): the number of
    -- distinct notification dates among its rows, and whether one date carries two amounts.
    uid_dates         INTEGER,
    uid_amount_clash  BOOLEAN,
    framework_id      VARCHAR,
    techniques        VARCHAR,
    buyer_category    VARCHAR,
    buyer_department  VARCHAR,
    buyer_region      VARCHAR,
    buyer_commune     VARCHAR,
    -- DECP 2019: the place of execution (lieuExecution), from which a département may be read.
    place_code        VARCHAR,
    place_type        VARCHAR,
    subcontracting_declared BOOLEAN,
    innovative        BOOLEAN,
    social_clause     VARCHAR,
    environmental_clause VARCHAR,
    grouping_type     VARCHAR,
    ccag              VARCHAR,
    origin_france     DOUBLE,
    publisher_amount_flag VARCHAR,
    -- ISO 3166 alpha-2 and ISO 4217 codes; NULL means France and euros (every DECP format).
    country           VARCHAR,
    currency          VARCHAR
);

CREATE TEMP TABLE stg_winners (
    rec_no          BIGINT,
    -- The winner's order in its record, unique and not NULL within it: the first spelling wins,
    -- and winners are joined back on (rec_no, pos) (200_contracts.sql).
    pos             BIGINT,
    supplier_id_raw VARCHAR,
    scheme_raw      VARCHAR,
    supplier_name   VARCHAR,
    -- The publisher's own size field: INSEE's 'PME', 'ETI', 'GE' (decp.info), or a declared flag
    -- 'SME' / 'LARGE' (OCDS parties[].details.scale, TED); anything else is no size.
    category_source VARCHAR,
    department      VARCHAR,
    region          VARCHAR,
    distance_km     DOUBLE
);

-- DECP 2022 subcontracting acts (actesSousTraitance): one row per act of a record, as published.
CREATE TEMP TABLE stg_subcontracts (
    rec_no               BIGINT,
    pos                  BIGINT,
    act_id               VARCHAR,
    subcontractor_id_raw VARCHAR,
    scheme_raw           VARCHAR,
    amount               DOUBLE,
    duration_months      INTEGER,
    notification_raw     VARCHAR
);

-- Published values a loader could not read and set to NULL (DECP 2022's "NC" placeholders), with
-- the note 240_quality_notes.sql writes for the kept records; field is the contracts column.
CREATE TEMP TABLE stg_value_notes (
    rec_no    BIGINT,
    field     VARCHAR,
    raw_value VARCHAR,
    note      VARCHAR
);

-- SIREN -> INSEE category; a later --sirene file wins for a SIREN listed twice.
CREATE TEMP TABLE stg_sirene (
    siren    VARCHAR,
    category VARCHAR,
    file_no  INTEGER,
    -- anneeCategorieEntreprise, denominationUniteLegale, categorieJuridiqueUniteLegale when the
    -- file has them (INSEE's StockUniteLegale does).
    category_year INTEGER,
    name          VARCHAR,
    legal_form    VARCHAR
);

-- Counts per input that do not fit a row: concessions skipped, records read.
CREATE TEMP TABLE stg_input_counts (
    input_no            INTEGER,
    records_read        BIGINT,
    concessions_skipped BIGINT,
    versions_superseded BIGINT DEFAULT 0
);

-- The decp.info tabular columns the loader uses; a file may carry any subset of them (plus others).
-- Typed as the national Parquet file types them (a CSV's text columns make them VARCHAR).
CREATE TEMP TABLE tabular_template (
    uid                       VARCHAR,
    id                        VARCHAR,
    nature                    VARCHAR,
    acheteur_id               VARCHAR,
    acheteur_nom              VARCHAR,
    titulaire_id              VARCHAR,
    titulaire_typeIdentifiant VARCHAR,
    titulaire_nom             VARCHAR,
    titulaire_categorie       VARCHAR,
    montant                   DOUBLE,
    codeCPV                   VARCHAR,
    "procedure"               VARCHAR,
    objet                     VARCHAR,
    dureeMois                 VARCHAR,
    offresRecues              VARCHAR,
    dateNotification          VARCHAR,
    datePublicationDonnees    VARCHAR,
    donneesActuelles          VARCHAR,
    modification_id           BIGINT,
    idAccordCadre             VARCHAR,
    techniques                VARCHAR,
    acheteur_categorie        VARCHAR,
    acheteur_departement_code VARCHAR,
    acheteur_region_code      VARCHAR,
    acheteur_commune_code     VARCHAR,
    titulaire_departement_code VARCHAR,
    titulaire_region_code     VARCHAR,
    titulaire_distance        DOUBLE,
    sousTraitanceDeclaree     BOOLEAN,
    marcheInnovant            BOOLEAN,
    considerationsSociales    VARCHAR,
    considerationsEnvironnementales VARCHAR,
    typeGroupementOperateurs  VARCHAR,
    ccag                      VARCHAR,
    origineFrance             DOUBLE,
    montant_anomalie          VARCHAR
);

-- A published text without surrounding spaces, NULL when blank. trim() copies every string it is
-- given, so it runs only when the first or last character is not printable ASCII (no space there).
CREATE TEMP MACRO clean_text(s) AS
    nullif(
        CASE WHEN ascii(s) BETWEEN 33 AND 126 AND ascii(right(s, 1)) BETWEEN 33 AND 126 THEN s ELSE trim(s) END,
        ''
    );

-- A published yes/no (Parquet booleans, CSV "true"/"1"/"oui"...), NULL when it is neither. A
-- BOOLEAN column casts as it is; text is read as text only when the cast fails.
CREATE TEMP MACRO published_bool(s) AS
    coalesce(
        try_cast(s AS BOOLEAN),
        CASE
            WHEN lower(trim(s::VARCHAR)) IN ('true', '1', 't', 'oui', 'yes') THEN true
            WHEN lower(trim(s::VARCHAR)) IN ('false', '0', 'f', 'non', 'no') THEN false
        END
    );
