-- Which year's INSEE categories sized the winners (etl/sql/595_sirene_category_years.sql): SIRENs
-- and award rows by anneeCategorieEntreprise, latest first, the file's missing year last.
SELECT
    category_year,
    sirens,
    award_rows
FROM sirene_category_years
ORDER BY category_year DESC NULLS LAST;
