-- One INSEE SIRENE unit file (CSV, or INSEE's StockUniteLegale Parquet), exposed as the view
-- sirene_raw: the units of the wanted SIRENs only (a semi-join, DuckDB reads only the columns
-- named here), with their category, its year, their name and legal form.
INSERT INTO stg_sirene_counts
SELECT $input_no, count(*) FROM sirene_raw;

INSERT INTO stg_sirene (siren, category, file_no, category_year, name, legal_form)
SELECT
    u.siren,
    nullif(upper(trim(u.categorieEntreprise)), ''),
    $input_no,
    try_cast(u.anneeCategorieEntreprise AS INTEGER),
    -- INSEE writes [ND] for what a unit does not let it publish.
    CASE WHEN clean_text(u.denominationUniteLegale) <> '[ND]' THEN clean_text(u.denominationUniteLegale) END,
    clean_text(u.categorieJuridiqueUniteLegale)
FROM (
    SELECT
        lpad(siren, 9, '0') AS siren,
        categorieEntreprise,
        anneeCategorieEntreprise,
        denominationUniteLegale,
        categorieJuridiqueUniteLegale
    FROM (FROM sirene_template UNION ALL BY NAME FROM sirene_raw)
    SEMI JOIN sirene_wanted AS w ON w.key = siren
) AS u;
