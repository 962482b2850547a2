-- decp.info consolidated tabular file (CSV or Parquet, one row per contract x winner x version),
-- already read into tabular_raw (tabular_template's columns + the file's own, in file order).
-- The current version of a uid: the rows flagged donneesActuelles when the column says so; among
-- them (or all rows when no row is flagged) the latest datePublicationDonnees, then the last row
-- read. Its winners: the candidate rows with the same notification date, amount and publication date.
CREATE TEMP TABLE tab AS
SELECT
    $input_no::BIGINT * 10000000000 + rowid + 1 AS rec_no,
    coalesce(nullif(trim(uid), ''), nullif(trim(acheteur_id), '') || nullif(trim(id), '')) AS uid_key,
    nullif(trim(id), '') AS contract_id,
    nullif(trim(acheteur_id), '') AS buyer_id,
    nullif(trim(acheteur_nom), '') AS buyer_name,
    nature,
    "procedure",
    objet,
    codeCPV,
    dateNotification::VARCHAR AS notification_raw,
    datePublicationDonnees::VARCHAR AS publication_raw,
    try_cast(dureeMois AS DOUBLE)::INTEGER AS duration_months,
    try_cast(montant AS DOUBLE) AS amount,
    try_cast(try_cast(offresRecues AS DOUBLE) AS INTEGER) AS bids_received,
    titulaire_id,
    titulaire_typeIdentifiant,
    titulaire_nom,
    titulaire_categorie,
    coalesce(lower(trim(donneesActuelles::VARCHAR)) IN ('true', '1', 't', 'oui', 'yes'), false) AS is_current
FROM tabular_raw;

INSERT INTO stg_input_counts SELECT $input_no, count(*), 0, 0 FROM tab;

CREATE TEMP TABLE tab_cand AS
SELECT *
FROM tab
QUALIFY is_current OR NOT bool_or(is_current) OVER (PARTITION BY uid_key) OR uid_key IS NULL;

CREATE TEMP TABLE tab_chosen AS
SELECT
    uid_key,
    arg_max(rec_no, coalesce(left(publication_raw, 10), '') || lpad(rec_no::VARCHAR, 20, '0')) AS rec_no
FROM tab_cand
WHERE uid_key IS NOT NULL
GROUP BY uid_key;

INSERT INTO stg_contracts
SELECT
    t.rec_no,
    $input_no,
    'decp-tabular',
    $source_name,
    t.uid_key,
    t.contract_id,
    t.buyer_id,
    t.buyer_name,
    t.nature,
    t."procedure",
    t.objet,
    t.codeCPV,
    t.notification_raw,
    t.publication_raw,
    t.duration_months,
    t.amount,
    t.amount,
    t.bids_received,
    CASE
        WHEN t.uid_key IS NULL THEN 'uid missing (no uid, acheteur_id + id)'
        WHEN t.buyer_id IS NULL THEN 'acheteur_id missing'
    END,
    NULL
FROM tab_cand AS t
WHERE t.uid_key IS NULL OR t.rec_no IN (SELECT rec_no FROM tab_chosen);

INSERT INTO stg_winners
SELECT
    c.rec_no,
    row_number() OVER (PARTITION BY c.rec_no ORDER BY t.rec_no)::INTEGER,
    t.titulaire_id,
    t.titulaire_typeIdentifiant,
    t.titulaire_nom,
    t.titulaire_categorie
FROM tab_cand AS t
JOIN tab_chosen AS ch USING (uid_key)
JOIN tab AS c ON c.rec_no = ch.rec_no
WHERE t.notification_raw IS NOT DISTINCT FROM c.notification_raw
    AND t.amount IS NOT DISTINCT FROM c.amount
    AND t.publication_raw IS NOT DISTINCT FROM c.publication_raw
UNION ALL
SELECT rec_no, 1, titulaire_id, titulaire_typeIdentifiant, titulaire_nom, titulaire_categorie
FROM tab_cand
WHERE uid_key IS NULL;

-- Rows of a uid outside its current version (older versions) are counted as duplicates dropped.
UPDATE stg_input_counts
SET versions_superseded = records_read
    - (SELECT count(*) FROM stg_winners WHERE rec_no // 10000000000 = $input_no)
WHERE input_no = $input_no;

DROP TABLE tab;
DROP TABLE tab_cand;
DROP TABLE tab_chosen;
DROP TABLE tabular_raw;
