-- decp.info consolidated tabular file (CSV or Parquet, one row per contract x winner x version),
-- exposed as the view tabular_raw (tabular_template's columns + the file's own + file_row_number).
-- The current version of a uid: the rows flagged donneesActuelles when the column says so; among
-- them (or all rows when no row is flagged) the latest datePublicationDonnees, then the last row
-- read. Its winners: the candidate rows with the same notification date, amount and publication date.
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
    coalesce(lower(trim(donneesActuelles::VARCHAR)) IN ('true', '1', 't', 'oui', 'yes'), false) AS is_current
FROM tabular_raw;

INSERT INTO stg_input_counts SELECT $input_no, count(*), 0, 0 FROM tab;

-- One aggregation instead of a window: flagged rows beat unflagged ones, then the latest
-- publication, then the last row read.
CREATE TEMP TABLE tab_chosen AS
SELECT uid_key, unnest(chosen)
FROM (
    SELECT
        uid_key,
        arg_max(
            {rec_no: rec_no, is_current: is_current, notification_raw: notification_raw, amount: amount,
             publication_raw: publication_raw},
            (is_current, coalesce(left(publication_raw, 10), ''), rec_no)
        ) AS chosen
    FROM tab
    WHERE uid_key IS NOT NULL
    GROUP BY uid_key
);

INSERT INTO stg_contracts
SELECT
    tab_rec_no($input_no, file_row_number) AS rec_no,
    $input_no,
    'decp-tabular',
    $source_name,
    tab_uid(uid, acheteur_id, id) AS uid_key,
    clean_text(id),
    clean_text(acheteur_id) AS buyer_id,
    clean_text(acheteur_nom),
    nature,
    "procedure",
    objet,
    codeCPV,
    dateNotification::VARCHAR,
    datePublicationDonnees::VARCHAR,
    try_cast(dureeMois AS DOUBLE)::INTEGER,
    try_cast(montant AS DOUBLE),
    try_cast(montant AS DOUBLE),
    try_cast(try_cast(offresRecues AS DOUBLE) AS INTEGER),
    CASE
        WHEN uid_key IS NULL THEN 'uid missing (no uid, acheteur_id + id)'
        WHEN buyer_id IS NULL THEN 'acheteur_id missing'
        WHEN ltrim(buyer_id, '0') = '' THEN 'acheteur_id is a placeholder (zeros)'
    END,
    NULL
FROM tabular_raw
WHERE tab_rec_no($input_no, file_row_number) IN (SELECT rec_no FROM tab_chosen)
    OR tab_uid(uid, acheteur_id, id) IS NULL;

-- pos: the row's reading order, so the first spelling of a winner is the first row read.
INSERT INTO stg_winners
SELECT c.rec_no, t.rec_no, r.titulaire_id, r.titulaire_typeIdentifiant, r.titulaire_nom, r.titulaire_categorie
FROM tabular_raw AS r
JOIN tab AS t ON t.rec_no = tab_rec_no($input_no, r.file_row_number)
JOIN tab_chosen AS c USING (uid_key)
WHERE t.is_current = c.is_current
    AND t.notification_raw IS NOT DISTINCT FROM c.notification_raw
    AND t.amount IS NOT DISTINCT FROM c.amount
    AND t.publication_raw IS NOT DISTINCT FROM c.publication_raw
UNION ALL
SELECT t.rec_no, t.rec_no, r.titulaire_id, r.titulaire_typeIdentifiant, r.titulaire_nom, r.titulaire_categorie
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
DROP MACRO tab_uid;
DROP MACRO tab_rec_no;
