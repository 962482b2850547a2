-- decp.info consolidated tabular file (CSV or Parquet, one row per contract x winner x version),
-- exposed as the view tabular_raw (tabular_template's columns + the file's own + file_row_number).
-- decp-processing writes each modification as a full row whose dateNotification is the
-- modification's; modification_id is the dense rank of that date within the uid (0: the initial
-- award) and donneesActuelles flags the highest (DESIGN §Method 2).
-- The current version of a uid gives the amount, duration and winners: the rows flagged
-- donneesActuelles when the column says so; among them (or all rows when no row is flagged) the
-- highest modification_id, then the latest dateNotification (the file's own order of versions when
-- it has no modification_id), then the latest datePublicationDonnees, then the last row read. Its
-- winners: the candidate rows with the same notification date, amount and publication date.
-- The initial version gives the notification date (so the year) and amount_initial:
-- modification_id 0, else the earliest dateNotification, then the first row read.
-- The file is read three times, never copied whole: narrow keys first, then the wide columns of
-- the chosen rows only, then the winners of their versions.
CREATE TEMP MACRO tab_uid(uid, acheteur_id, id) AS
    coalesce(clean_text(uid), clean_text(acheteur_id) || clean_text(id));

CREATE TEMP MACRO tab_rec_no(input_no, file_row_number) AS input_no::BIGINT * 10000000000 + file_row_number + 1;

CREATE TEMP TABLE tab AS
SELECT
    tab_rec_no($input_no, file_row_number) AS rec_no,
    tab_uid(uid, acheteur_id, id) AS uid_key,
    dateNotification::VARCHAR AS notification_raw,
    datePublicationDonnees::VARCHAR AS publication_raw,
    try_cast(montant AS DOUBLE) AS amount,
    coalesce(lower(trim(donneesActuelles::VARCHAR)) IN ('true', '1', 't', 'oui', 'yes'), false) AS is_current,
    try_cast(modification_id AS INTEGER) AS version_no
FROM tabular_raw;

INSERT INTO stg_input_counts SELECT $input_no, count(*), 0, 0 FROM tab;

-- One aggregation instead of a window: the current version's row (flagged rows beat unflagged
-- ones, then the highest version, the latest notification date and publication, then the last
-- row read) and the initial version's.
CREATE TEMP TABLE tab_chosen AS
SELECT
    uid_key,
    unnest(chosen),
    initial.notification_raw AS initial_notification_raw,
    initial.amount AS initial_amount,
    first_rec
FROM (
    SELECT
        uid_key,
        arg_max(
            {rec_no: rec_no, is_current: is_current, notification_raw: notification_raw, amount: amount,
             publication_raw: publication_raw},
            (is_current, coalesce(version_no, -1), coalesce(left(notification_raw, 10), ''),
             coalesce(left(publication_raw, 10), ''), rec_no)
        ) AS chosen,
        arg_min(
            {notification_raw: notification_raw, amount: amount},
            (coalesce(version_no, 2147483647), coalesce(left(notification_raw, 10), '~'), rec_no)
        ) AS initial,
        -- The uid's first row: an integer key for tab_uid_versions, cheaper to join than the uid.
        min(rec_no) AS first_rec
    FROM tab
    WHERE uid_key IS NOT NULL
    GROUP BY uid_key
);

-- Per uid, its versions (notification dates) and whether one of them carries two amounts (a
-- version has one amount: two are two contracts under one uid; rows without a date are no
-- version one can compare). Narrow, per date first; keyed by the uid's first row.
CREATE TEMP TABLE tab_uid_versions AS
SELECT min(first_rec) AS first_rec, count(day) AS dates, bool_or(amount_clash) AS amount_clash
FROM (
    SELECT
        uid_key,
        min(rec_no) AS first_rec,
        left(notification_raw, 10) AS day,
        day IS NOT NULL AND min(amount) <> max(amount) AS amount_clash
    FROM tab
    WHERE uid_key IS NOT NULL
    GROUP BY uid_key, day
)
GROUP BY uid_key;

INSERT INTO stg_contracts BY NAME
SELECT
    tab_rec_no($input_no, r.file_row_number) AS rec_no,
    $input_no AS input_no,
    'decp-tabular' AS source_format,
    $source_name AS source_name,
    tab_uid(r.uid, r.acheteur_id, r.id) AS contract_uid,
    clean_text(r.id) AS contract_id,
    clean_text(r.acheteur_id) AS buyer_id,
    clean_text(r.acheteur_nom) AS buyer_name,
    r.nature,
    r."procedure",
    r.objet AS object,
    r.codeCPV AS cpv_raw,
    coalesce(c.initial_notification_raw, r.dateNotification::VARCHAR) AS notification_raw,
    r.datePublicationDonnees::VARCHAR AS publication_raw,
    try_cast(r.dureeMois AS DOUBLE)::INTEGER AS duration_months,
    try_cast(r.montant AS DOUBLE) AS amount,
    CASE WHEN c.rec_no IS NULL THEN try_cast(r.montant AS DOUBLE) ELSE c.initial_amount END AS amount_initial,
    try_cast(try_cast(r.offresRecues AS DOUBLE) AS INTEGER) AS bids_received,
    CASE
        WHEN contract_uid IS NULL THEN 'uid missing (no uid, acheteur_id + id)'
        WHEN buyer_id IS NULL THEN 'acheteur_id missing'
        WHEN ltrim(buyer_id, '0') = '' THEN 'acheteur_id is a placeholder (zeros)'
    END AS reject_reason,
    greatest(v.dates - 1, 0) AS modifications,
    v.dates AS uid_dates,
    v.amount_clash AS uid_amount_clash,
    clean_text(r.idAccordCadre) AS framework_id,
    clean_text(r.techniques) AS techniques,
    clean_text(r.acheteur_categorie) AS buyer_category,
    clean_text(r.acheteur_departement_code) AS buyer_department,
    clean_text(r.acheteur_region_code) AS buyer_region,
    clean_text(r.acheteur_commune_code) AS buyer_commune,
    published_bool(r.sousTraitanceDeclaree) AS subcontracting_declared,
    published_bool(r.marcheInnovant) AS innovative,
    clean_text(r.considerationsSociales) AS social_clause,
    clean_text(r.considerationsEnvironnementales) AS environmental_clause,
    clean_text(r.typeGroupementOperateurs) AS grouping_type,
    clean_text(r.ccag) AS ccag,
    try_cast(r.origineFrance AS DOUBLE) AS origin_france,
    clean_text(r.montant_anomalie) AS publisher_amount_flag
FROM tabular_raw AS r
LEFT JOIN tab_chosen AS c ON c.rec_no = tab_rec_no($input_no, r.file_row_number)
LEFT JOIN tab_uid_versions AS v ON v.first_rec = c.first_rec
WHERE c.rec_no IS NOT NULL OR tab_uid(r.uid, r.acheteur_id, r.id) IS NULL;

-- pos: the row's reading order, so the first spelling of a winner is the first row read.
INSERT INTO stg_winners
SELECT
    c.rec_no, t.rec_no, r.titulaire_id, r.titulaire_typeIdentifiant, r.titulaire_nom, r.titulaire_categorie,
    r.titulaire_departement_code, r.titulaire_region_code, try_cast(r.titulaire_distance AS DOUBLE)
FROM tabular_raw AS r
JOIN tab AS t ON t.rec_no = tab_rec_no($input_no, r.file_row_number)
JOIN tab_chosen AS c USING (uid_key)
WHERE t.is_current = c.is_current
    AND t.notification_raw IS NOT DISTINCT FROM c.notification_raw
    AND t.amount IS NOT DISTINCT FROM c.amount
    AND t.publication_raw IS NOT DISTINCT FROM c.publication_raw
UNION ALL
SELECT
    t.rec_no, t.rec_no, r.titulaire_id, r.titulaire_typeIdentifiant, r.titulaire_nom, r.titulaire_categorie,
    r.titulaire_departement_code, r.titulaire_region_code, try_cast(r.titulaire_distance AS DOUBLE)
FROM tabular_raw AS r
JOIN tab AS t ON t.rec_no = tab_rec_no($input_no, r.file_row_number)
WHERE t.uid_key IS NULL;

-- Rows of a uid outside its current version (older versions) are counted as duplicates dropped.
UPDATE stg_input_counts
SET versions_superseded = records_read
    - (SELECT count(*) FROM stg_winners WHERE rec_no // 10000000000 = $input_no)
WHERE input_no = $input_no;

DROP TABLE tab;
DROP TABLE tab_chosen;
DROP TABLE tab_uid_versions;
DROP MACRO tab_uid;
DROP MACRO tab_rec_no;
