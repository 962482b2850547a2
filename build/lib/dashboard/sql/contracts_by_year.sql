-- Contracts by notification year over the whole database (the year slider's bounds). A contract's
-- awards weigh 1 in all (900_checks.sql): the rounded weight sum is the number of contracts.
SELECT
    year,
    round(sum(weight_sum))::BIGINT AS contracts
FROM agg_overview
WHERE year IS NOT NULL
GROUP BY year
ORDER BY year;
