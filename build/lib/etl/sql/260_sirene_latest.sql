-- SIREN -> INSEE category, from the --sirene files (Method §4): a later file wins.
CREATE TEMP TABLE sirene_latest AS
SELECT siren, arg_max(category, file_no) AS category
FROM stg_sirene
GROUP BY siren;
