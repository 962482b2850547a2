-- Weighted contracts and amounts by notification year and size class (year NULL: date missing).
WITH
-- include: _filtered_facts

SELECT
    year,
    size_class::VARCHAR AS size_class,
    sum(weight_sum) AS weight_sum,
    sum(amount_sum) FILTER (WHERE amount_ok) AS amount_sum
FROM filtered
GROUP BY year, size_class
ORDER BY year NULLS LAST, filtered.size_class;
