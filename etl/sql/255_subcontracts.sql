-- subcontracts (issue 16): the DECP 2022 subcontracting acts (actesSousTraitance) of the kept
-- contracts, one row per act: the subcontractor's id as published (spaces removed), its SIREN when
-- the id is a 14-digit SIRET, its size by SIRENE's category like a winner's (Method §1; no
-- published size), the act's amount (euros), duration and notification date.
CREATE TABLE subcontracts AS
SELECT
    k.contract_uid,
    clean_text(s.act_id) AS act_id,
    s.subcontractor_id,
    upper(clean_text(s.scheme_raw)) AS subcontractor_id_scheme,
    s.subcontractor_siren,
    CASE WHEN l.category IN ('PME', 'ETI', 'GE') THEN l.category ELSE 'unknown' END AS size_class,
    CASE WHEN l.category IN ('PME', 'ETI', 'GE') THEN 'sirene' ELSE 'none' END AS size_basis,
    s.amount,
    s.duration_months,
    notification_date(s.notification_raw) AS notification_date
FROM (
    SELECT
        *,
        nullif(regexp_replace(subcontractor_id_raw, '[\s\x{00A0}]', '', 'g'), '') AS subcontractor_id,
        CASE WHEN regexp_full_match(subcontractor_id, '[0-9]{14}') THEN left(subcontractor_id, 9) END
            AS subcontractor_siren
    FROM stg_subcontracts
) AS s
JOIN kept AS k USING (rec_no)
LEFT JOIN sirene_latest AS l ON l.siren = s.subcontractor_siren
ORDER BY k.contract_uid, s.pos;

DROP TABLE stg_subcontracts;
