-- DECP 2019 JSON ({"marches": [...]}, arrêté du 14/04/2017): one record per list item.
-- Each record is kept as JSON and read field by field, so a field of an unexpected type
-- (montant "abc", titulaires as a string) spoils that record only, never the file.
CREATE TEMP TABLE raw_2019 AS
SELECT
    $input_no::BIGINT * 10000000000 + ord AS rec_no,
    j
FROM (
    SELECT
        unnest(marches) AS j,
        unnest(generate_series(1, len(marches))) AS ord
    FROM read_json($path, columns = {'marches': 'JSON[]'}, maximum_object_size = $max_object_size)
);

INSERT INTO stg_input_counts
SELECT
    $input_no,
    count(*),
    count(*) FILTER (WHERE j ->> '$._type' ILIKE '%concession%' OR json_exists(j, '$.concessionnaires')),
    0
FROM raw_2019;

-- Latest modification carrying each field (by publication date, then position in the list).
CREATE TEMP TABLE mods_2019 AS
SELECT
    rec_no,
    arg_max(try_cast(m ->> '$.montant' AS DOUBLE), sort_key)
        FILTER (WHERE try_cast(m ->> '$.montant' AS DOUBLE) IS NOT NULL) AS amount,
    arg_max(try_cast(m ->> '$.dureeMois' AS INTEGER), sort_key)
        FILTER (WHERE try_cast(m ->> '$.dureeMois' AS INTEGER) IS NOT NULL) AS duration_months,
    arg_max(m -> '$.titulaires', sort_key)
        FILTER (WHERE json_type(m -> '$.titulaires') = 'ARRAY' AND json_array_length(m -> '$.titulaires') > 0)
        AS titulaires
FROM (
    SELECT
        rec_no,
        unnest(mods) AS m,
        unnest(generate_series(1, len(mods))) AS pos,
        coalesce(left(m ->> '$.datePublicationDonneesModification', 10), '') || lpad(pos::VARCHAR, 6, '0')
            AS sort_key
    FROM (
        SELECT rec_no, (j -> '$.modifications')::JSON[] AS mods
        FROM raw_2019
        WHERE json_type(j -> '$.modifications') = 'ARRAY' AND json_array_length(j -> '$.modifications') > 0
    )
)
GROUP BY rec_no;

CREATE TEMP TABLE marches_2019 AS
SELECT
    r.rec_no,
    r.j,
    coalesce(m.titulaires, r.j -> '$.titulaires') AS titulaires,
    m.amount AS modified_amount,
    m.duration_months AS modified_duration
FROM raw_2019 AS r
LEFT JOIN mods_2019 AS m USING (rec_no)
WHERE NOT (coalesce(r.j ->> '$._type', '') ILIKE '%concession%' OR json_exists(r.j, '$.concessionnaires'));

-- A record is one version: its dateNotification is the contract's own, its modifications are
-- applied (the count is modifications' length). The 2019 format has no buyer département: the
-- place of execution is staged, and 100_rules.sql's department_of_place reads one from it.
INSERT INTO stg_contracts BY NAME
SELECT
    rec_no,
    $input_no AS input_no,
    'decp-2019' AS source_format,
    coalesce(clean_text(j ->> '$.source'), $source_name) AS source_name,
    buyer_id || contract_id AS contract_uid,
    contract_id,
    buyer_id,
    clean_text(j ->> '$.acheteur.nom') AS buyer_name,
    j ->> '$.nature' AS nature,
    j ->> '$.procedure' AS "procedure",
    j ->> '$.objet' AS object,
    j ->> '$.codeCPV' AS cpv_raw,
    j ->> '$.dateNotification' AS notification_raw,
    j ->> '$.datePublicationDonnees' AS publication_raw,
    coalesce(modified_duration, try_cast(j ->> '$.dureeMois' AS INTEGER)) AS duration_months,
    coalesce(modified_amount, try_cast(j ->> '$.montant' AS DOUBLE)) AS amount,
    try_cast(j ->> '$.montant' AS DOUBLE) AS amount_initial,
    try_cast(j ->> '$.offresRecues' AS INTEGER) AS bids_received,
    CASE
        WHEN json_type(j) <> 'OBJECT' THEN 'record is not a JSON object'
        WHEN buyer_id IS NULL THEN 'acheteur.id missing'
        WHEN ltrim(buyer_id, '0') = '' THEN 'acheteur.id is a placeholder (zeros)'
        WHEN contract_id IS NULL THEN 'id missing'
        WHEN json_type(titulaires) IS NULL OR json_type(titulaires) = 'NULL' THEN 'titulaires missing'
        WHEN json_type(titulaires) <> 'ARRAY' THEN 'titulaires is a ' || lower(json_type(titulaires)) || ', not a list'
    END AS reject_reason,
    CASE WHEN reject_reason IS NOT NULL THEN j::VARCHAR END AS raw_excerpt,
    CASE WHEN json_type(j -> '$.modifications') = 'ARRAY' THEN json_array_length(j -> '$.modifications') ELSE 0 END
        AS modifications,
    clean_text(j ->> '$.lieuExecution.code') AS place_code,
    clean_text(j ->> '$.lieuExecution.typeCode') AS place_type
FROM (
    SELECT *, clean_text(j ->> '$.acheteur.id') AS buyer_id, clean_text(j ->> '$.id') AS contract_id
    FROM marches_2019
);

INSERT INTO stg_winners
SELECT
    rec_no,
    pos,
    t ->> '$.id',
    t ->> '$.typeIdentifiant',
    t ->> '$.denominationSociale',
    NULL,
    NULL,
    NULL,
    NULL
FROM (
    SELECT
        rec_no,
        unnest(titulaires::JSON[]) AS t,
        unnest(generate_series(1, json_array_length(titulaires)::BIGINT)) AS pos
    FROM marches_2019
    WHERE json_type(titulaires) = 'ARRAY' AND json_array_length(titulaires) > 0
);

DROP TABLE raw_2019;
DROP TABLE mods_2019;
DROP TABLE marches_2019;
