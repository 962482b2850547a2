-- DECP 2022 (arrêtés du 22 décembre 2022; schema 139bercy/format-commande-publique v2.0.x), JSON
-- or XML, as the JSON lines etl/decp2022.py streams from either: one record a line, {"ord": reading
-- order, "concession": whether it came from contrat-concession, "j": the record}.
-- The fields used are parsed once per record by json_transform, every value as text (a number or
-- a yes/no becomes its text, an XML record's values are text already) and cast from it, so that
-- the JSON and the XML of the same contracts give the same rows; lists stay JSON. A value of an
-- unexpected type is NULL: it spoils that record only, never the file.
CREATE TEMP TABLE raw_2022 AS
SELECT
    rec_no,
    j,
    r,
    -- Concessions are no marchés: counted, then skipped. In a list root ({"marches": [...]}), a
    -- concession is known by its concession authority and concessionaires.
    concession OR r.autoriteConcedante IS NOT NULL OR r.concessionnaires IS NOT NULL AS is_concession
FROM (
    SELECT
        $input_no::BIGINT * 10000000000 + ord AS rec_no,
        j,
        concession,
        json_transform(
            j,
            '{"id": "VARCHAR", "source": "VARCHAR", "acheteur": {"id": "VARCHAR", "nom": "VARCHAR"},
              "nature": "VARCHAR", "procedure": "VARCHAR", "objet": "VARCHAR", "codeCPV": "VARCHAR",
              "dateNotification": "VARCHAR", "datePublicationDonnees": "VARCHAR", "dureeMois": "VARCHAR",
              "montant": "VARCHAR", "offresRecues": "VARCHAR", "idAccordCadre": "VARCHAR",
              "lieuExecution": {"code": "VARCHAR", "typeCode": "VARCHAR"},
              "sousTraitanceDeclaree": "VARCHAR", "marcheInnovant": "VARCHAR",
              "typeGroupementOperateurs": "VARCHAR", "ccag": "VARCHAR", "origineFrance": "VARCHAR",
              "techniques": "JSON", "considerationsSociales": "JSON", "considerationsEnvironnementales": "JSON",
              "titulaires": "JSON", "modifications": "JSON", "autoriteConcedante": "JSON",
              "concessionnaires": "JSON"}'
        ) AS r
    FROM read_json(
        $path,
        format = 'newline_delimited',
        columns = {ord: 'BIGINT', concession: 'BOOLEAN', j: 'JSON'},
        maximum_object_size = 268435456
    )
);

INSERT INTO stg_input_counts
SELECT $input_no, count(*), count(*) FILTER (WHERE is_concession), 0
FROM raw_2022;

DELETE FROM raw_2022 WHERE is_concession;

-- Every list item is wrapped ({"modification": {...}}, {"titulaire": {...}}); an unwrapped item
-- is read as it is.
CREATE TEMP MACRO unwrapped(item, key) AS coalesce(json_extract(item, '$.' || key), item);

-- A list of codes in an object (techniques: {"technique": [...]}), `, `-joined as published; a
-- lone code (not in a list) is read too.
CREATE TEMP MACRO codes_2022(j, path) AS
    nullif(
        array_to_string(
            list_filter(
                list_transform(
                    CASE WHEN json_type(j, path) = 'ARRAY' THEN json_extract_string(j, path || '[*]')
                        ELSE [json_extract_string(j, path)] END,
                    lambda c: clean_text(c)
                ),
                lambda c: c IS NOT NULL
            ),
            ', '
        ),
        ''
    );

-- Versions (DESIGN §Method 2): modifications only append and their id grows; the current version
-- takes the last non-null montant, dureeMois and titulaires in id order (then list order).
CREATE TEMP TABLE mods_2022 AS
SELECT
    rec_no,
    arg_max(try_cast(m.montant AS DOUBLE), [coalesce(try_cast(m.id AS BIGINT), 0), pos])
        FILTER (WHERE try_cast(m.montant AS DOUBLE) IS NOT NULL) AS amount,
    arg_max(try_cast(m.dureeMois AS INTEGER), [coalesce(try_cast(m.id AS BIGINT), 0), pos])
        FILTER (WHERE try_cast(m.dureeMois AS INTEGER) IS NOT NULL) AS duration_months,
    arg_max(m.titulaires, [coalesce(try_cast(m.id AS BIGINT), 0), pos])
        FILTER (WHERE json_type(m.titulaires) = 'ARRAY' AND json_array_length(m.titulaires) > 0)
        AS titulaires
FROM (
    SELECT
        rec_no,
        json_transform(
            unwrapped(item, 'modification'),
            '{"id": "VARCHAR", "montant": "VARCHAR", "dureeMois": "VARCHAR", "titulaires": "JSON"}'
        ) AS m,
        pos
    FROM (
        SELECT rec_no, unnest(mods) AS item, generate_subscripts(mods, 1) AS pos
        FROM (
            SELECT rec_no, r.modifications::JSON[] AS mods
            FROM raw_2022
            WHERE json_type(r.modifications) = 'ARRAY'
        )
    )
)
GROUP BY rec_no;

CREATE TEMP TABLE marches_2022 AS
SELECT
    d.rec_no,
    d.j,
    d.r,
    coalesce(m.titulaires, d.r.titulaires) AS titulaires,
    m.amount AS modified_amount,
    m.duration_months AS modified_duration
FROM raw_2022 AS d
LEFT JOIN mods_2022 AS m USING (rec_no);

-- The contract's dateNotification is its own, never a modification's (so is its year); montant
-- is the initial amount. No buyer name is published: 245_sirene_names.sql fills it from SIRENE.
INSERT INTO stg_contracts BY NAME
SELECT
    rec_no,
    $input_no AS input_no,
    'decp-2022' AS source_format,
    coalesce(clean_text(r.source), $source_name) AS source_name,
    buyer_id || contract_id AS contract_uid,
    contract_id,
    buyer_id,
    clean_text(r.acheteur.nom) AS buyer_name,
    r.nature,
    r."procedure",
    r.objet AS object,
    r.codeCPV AS cpv_raw,
    r.dateNotification AS notification_raw,
    r.datePublicationDonnees AS publication_raw,
    coalesce(modified_duration, try_cast(r.dureeMois AS INTEGER)) AS duration_months,
    coalesce(modified_amount, try_cast(r.montant AS DOUBLE)) AS amount,
    try_cast(r.montant AS DOUBLE) AS amount_initial,
    try_cast(r.offresRecues AS INTEGER) AS bids_received,
    CASE
        WHEN json_type(j) <> 'OBJECT' THEN 'record is not a JSON object'
        WHEN buyer_id IS NULL THEN 'acheteur.id missing'
        WHEN ltrim(buyer_id, '0') = '' THEN 'acheteur.id is a placeholder (zeros)'
        WHEN contract_id IS NULL THEN 'id missing'
        WHEN json_type(titulaires) IS NULL OR json_type(titulaires) = 'NULL' THEN 'titulaires missing'
        WHEN json_type(titulaires) <> 'ARRAY' THEN 'titulaires is a ' || lower(json_type(titulaires)) || ', not a list'
    END AS reject_reason,
    CASE WHEN reject_reason IS NOT NULL THEN j::VARCHAR END AS raw_excerpt,
    CASE WHEN json_type(r.modifications) = 'ARRAY' THEN json_array_length(r.modifications) ELSE 0 END
        AS modifications,
    -- Method §7: « Accord-cadre » is in techniques (250_contracts.sql); idAccordCadre marks a call-off.
    clean_text(r.idAccordCadre) AS framework_id,
    codes_2022(r.techniques, '$.technique') AS techniques,
    clean_text(r.lieuExecution.code) AS place_code,
    clean_text(r.lieuExecution.typeCode) AS place_type,
    published_bool(r.sousTraitanceDeclaree) AS subcontracting_declared,
    published_bool(r.marcheInnovant) AS innovative,
    codes_2022(r.considerationsSociales, '$.considerationSociale') AS social_clause,
    codes_2022(r.considerationsEnvironnementales, '$.considerationEnvironnementale') AS environmental_clause,
    clean_text(r.typeGroupementOperateurs) AS grouping_type,
    clean_text(r.ccag) AS ccag,
    try_cast(r.origineFrance AS DOUBLE) AS origin_france
FROM (
    SELECT *, clean_text(r.acheteur.id) AS buyer_id, clean_text(r.id) AS contract_id
    FROM marches_2022
);

-- Consolidated files hold "NC" (non communiqué) in number and yes/no fields: a NULL, noted
-- (240_quality_notes.sql), never a rejected record. So is any other value that does not read.
INSERT INTO stg_value_notes
SELECT
    rec_no,
    v.field,
    v.raw_value,
    CASE
        WHEN upper(v.raw_value) = 'NC' THEN '« NC » (not communicated): treated as missing'
        WHEN v.field IN ('innovative', 'subcontracting_declared') THEN 'not a yes/no value: treated as missing'
        ELSE 'not a number: treated as missing'
    END
FROM (
    SELECT
        rec_no,
        unnest([
            {field: 'amount', raw_value: clean_text(r.montant), read: try_cast(r.montant AS DOUBLE) IS NOT NULL},
            {field: 'bids_received', raw_value: clean_text(r.offresRecues),
             read: try_cast(r.offresRecues AS INTEGER) IS NOT NULL},
            {field: 'duration_months', raw_value: clean_text(r.dureeMois),
             read: try_cast(r.dureeMois AS INTEGER) IS NOT NULL},
            {field: 'innovative', raw_value: clean_text(r.marcheInnovant),
             read: published_bool(r.marcheInnovant) IS NOT NULL},
            {field: 'subcontracting_declared', raw_value: clean_text(r.sousTraitanceDeclaree),
             read: published_bool(r.sousTraitanceDeclaree) IS NOT NULL}
        ]) AS v
    FROM raw_2022
)
WHERE v.raw_value IS NOT NULL AND NOT v.read;

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
    SELECT rec_no, unwrapped(item, 'titulaire') AS t, pos
    FROM (
        SELECT rec_no, unnest(titulaires::JSON[]) AS item, generate_subscripts(titulaires::JSON[], 1) AS pos
        FROM marches_2022
        WHERE json_type(titulaires) = 'ARRAY' AND json_array_length(titulaires) > 0
    )
);

-- Subcontracting acts ({"acteSousTraitance": {id, sousTraitant: {id, typeIdentifiant}, montant,
-- dureeMois, dateNotification, ...}}), as published: 255_subcontracts.sql classifies them.
INSERT INTO stg_subcontracts
SELECT
    rec_no,
    pos,
    a ->> '$.id',
    a ->> '$.sousTraitant.id',
    a ->> '$.sousTraitant.typeIdentifiant',
    try_cast(a ->> '$.montant' AS DOUBLE),
    try_cast(a ->> '$.dureeMois' AS INTEGER),
    a ->> '$.dateNotification'
FROM (
    SELECT rec_no, unwrapped(item, 'acteSousTraitance') AS a, pos
    FROM (
        SELECT rec_no, unnest(acts) AS item, generate_subscripts(acts, 1) AS pos
        FROM (
            SELECT rec_no, json_extract(j, '$.actesSousTraitance')::JSON[] AS acts
            FROM marches_2022
            WHERE json_type(j, '$.actesSousTraitance') = 'ARRAY'
        )
    )
);

DROP TABLE raw_2022;
DROP TABLE mods_2022;
DROP TABLE marches_2022;
DROP MACRO unwrapped;
DROP MACRO codes_2022;
