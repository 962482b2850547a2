-- Contracts by procedure (as published) over the whole database, most used first.
SELECT
    procedure,
    sum(weight_sum) AS contracts
FROM agg_overview
WHERE procedure IS NOT NULL
GROUP BY procedure
ORDER BY contracts DESC, procedure;
