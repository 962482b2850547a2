-- Winners (Method §3), from stg_winners to winners_norm.
-- Winners: ids without spaces, schemes in one spelling, one row per distinct winner of a record
-- (the first listed, by pos); the SIREN is the first 9 digits of a 14-digit SIRET. An id of zeros
-- only ("00000000000000", published for "sans suite" or an unknown winner) is no id.
-- Keys first (a narrow aggregate), then one semi-join on (rec_no, pos): no wide row is grouped.
CREATE TEMP TABLE winner_ids AS
SELECT rec_no, pos, CASE WHEN ltrim(id, '0') <> '' THEN id END AS supplier_id
FROM (SELECT rec_no, pos, regexp_replace(supplier_id_raw, '[\s\x{00A0}]', '', 'g') AS id FROM stg_winners);

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
    w.category_source
FROM (
    SELECT
        rec_no,
        pos,
        upper(clean_text(scheme_raw)) AS scheme,
        clean_text(supplier_name) AS supplier_name,
        upper(clean_text(category_source)) AS category_source
    FROM stg_winners
) AS w
JOIN (
    SELECT rec_no, supplier_id, min(pos) AS pos
    FROM winner_ids
    WHERE supplier_id IS NOT NULL
    GROUP BY rec_no, supplier_id
) AS i USING (rec_no, pos);

DROP TABLE winner_ids;
