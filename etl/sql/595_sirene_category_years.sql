-- Which year's INSEE categories sized the winners (Method §4; the Méthode page says it): the
-- SIRENs and awards sized by SIRENE, by anneeCategorieEntreprise (NULL: the file does not say).
CREATE TABLE sirene_category_years AS
SELECT
    s.category_year,
    count(DISTINCT s.siren) AS sirens,
    count(*) AS award_rows
FROM fact_awards AS f
JOIN sirene_latest AS s ON s.siren = award_siren(f.supplier_key, f.supplier_id)
WHERE f.size_basis = 'sirene'
GROUP BY s.category_year
ORDER BY s.category_year DESC NULLS LAST;
