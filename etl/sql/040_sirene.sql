-- What the SIRENE steps share: a SIRET's SIREN, the unit columns a file may carry, and the units
-- read per file. (stg_sirene itself is in 020_staging.sql.)

-- A winner's or a buyer's SIREN: the first 9 digits of its 14-digit SIRET (spaces removed), as
-- 200_winners.sql takes it; NULL for any other id.
-- (A clean id, the common case, is matched before any space is looked for.)
CREATE TEMP MACRO siret_siren(id) AS
    CASE
        WHEN regexp_full_match(id, '[0-9]{14}') THEN left(id, 9)
        WHEN regexp_full_match(regexp_replace(id, '[\s\x{00A0}]', '', 'g'), '[0-9]{14}')
            THEN left(regexp_replace(id, '[\s\x{00A0}]', '', 'g'), 9)
    END;

-- The unit columns the build reads; a file may carry any subset beyond siren and
-- categorieEntreprise (the shipped 2022 extract has only those two).
CREATE TEMP TABLE sirene_template (
    siren                         VARCHAR,
    categorieEntreprise           VARCHAR,
    anneeCategorieEntreprise      VARCHAR,
    denominationUniteLegale       VARCHAR,
    categorieJuridiqueUniteLegale VARCHAR
);

-- Units per file (etl_inputs.records_read), before the semi-join keeps the wanted ones.
CREATE TEMP TABLE stg_sirene_counts (
    file_no    INTEGER,
    units_read BIGINT
);
