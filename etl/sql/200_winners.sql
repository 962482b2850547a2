-- Winners (Method §3), from stg_winners to winners_norm.
-- Winners: ids without spaces, schemes in one spelling, one row per distinct winner of a record
-- (the first listed, by pos); the SIREN is the first 9 digits of a 14-digit SIRET. An id of zeros
-- only ("00000000000000") is no id: with a name that names a winner (names_a_winner) it is a real
-- winner whose id is unknown, kept with supplier_id NULL (id_placeholder, one per distinct name);
-- otherwise ("SANS SUITE", "PAS DE CANDIDAT", no name) no winner at all.
-- Keys first (a narrow aggregate), then one semi-join on (rec_no, pos): no wide row is grouped.
CREATE TEMP TABLE winner_ids AS
SELECT
    rec_no,
    pos,
    CASE WHEN ltrim(id, '0') <> '' THEN id END AS supplier_id,
    -- CASE: the name is read for the few ids of zeros only.
    CASE WHEN id <> '' AND ltrim(id, '0') = '' THEN coalesce(names_a_winner(clean_text(supplier_name)), false)
        ELSE false END AS id_placeholder,
    CASE WHEN id_placeholder THEN upper(clean_text(supplier_name)) END AS placeholder_name
FROM (
    SELECT rec_no, pos, regexp_replace(supplier_id_raw, '[\s\x{00A0}]', '', 'g') AS id, supplier_name
    FROM stg_winners
);

CREATE TEMP TABLE winners_norm AS
SELECT
    w.rec_no,
    i.supplier_id,
    CASE
        WHEN w.scheme IS NULL AND regexp_full_match(i.supplier_id, '[0-9]{14}') THEN 'SIRET'
        WHEN w.scheme IN ('TVA_INTRACOMMUNAUTAIRE', 'TVA INTRACOMMUNAUTAIRE', 'TVA-INTRACOMMUNAUTAIRE') THEN 'TVA'
        WHEN w.scheme IN ('HORS_UE', 'HORS UE') THEN 'HORS-UE'
        ELSE w.scheme
    END AS supplier_id_scheme,
    CASE WHEN supplier_id_scheme = 'SIRET' AND regexp_full_match(i.supplier_id, '[0-9]{14}')
        THEN left(i.supplier_id, 9) END AS supplier_siren,
    w.supplier_name,
    -- A placeholder's category and place belong to no known establishment.
    CASE WHEN i.supplier_id IS NOT NULL THEN w.category_source END AS category_source,
    i.supplier_id IS NULL AS id_placeholder,
    -- The raw id only where a quality note quotes it (a placeholder's).
    CASE WHEN i.supplier_id IS NULL THEN w.supplier_id_raw END AS supplier_id_raw,
    w.department,
    w.region,
    w.distance_km
FROM (
    SELECT
        rec_no,
        pos,
        supplier_id_raw,
        upper(clean_text(scheme_raw)) AS scheme,
        clean_text(supplier_name) AS supplier_name,
        upper(clean_text(category_source)) AS category_source,
        clean_text(department) AS department,
        clean_text(region) AS region,
        distance_km
    FROM stg_winners
) AS w
JOIN (
    SELECT rec_no, supplier_id, min(pos) AS pos
    FROM winner_ids
    WHERE supplier_id IS NOT NULL OR id_placeholder
    GROUP BY rec_no, supplier_id, placeholder_name
) AS i USING (rec_no, pos);

DROP TABLE winner_ids;
-- Everything later reads winners_norm: the staged winners' memory goes back to the build.
DROP TABLE stg_winners;
