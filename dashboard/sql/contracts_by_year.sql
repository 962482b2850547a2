-- Contracts by notification year over the whole database (the year slider's bounds).
SELECT
    year,
    sum(weight_sum) AS contracts
FROM agg_overview
WHERE year IS NOT NULL
GROUP BY year
ORDER BY year;
