-- The size coverage of the whole database (Méthode et qualité), by basis and class.
CREATE TABLE agg_size_basis AS
SELECT
    size_basis,
    size_class,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum
FROM (SELECT size_basis::VARCHAR AS size_basis, size_class::VARCHAR AS size_class, weight FROM fact_awards)
GROUP BY ALL
ORDER BY ALL;
