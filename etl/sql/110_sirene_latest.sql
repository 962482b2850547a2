-- SIREN -> its INSEE unit, from the --sirene files (Method §4): the category, the year INSEE
-- computed it for, the name and the legal form; for a SIREN in several files, the later file's.
CREATE TEMP TABLE sirene_latest AS
SELECT
    siren,
    latest.category,
    latest.category_year,
    latest.name,
    latest.legal_form
FROM (
    SELECT
        siren,
        arg_max(
            {category: category, category_year: category_year, name: name, legal_form: legal_form}, file_no
        ) AS latest
    FROM stg_sirene
    GROUP BY siren
);
