-- The procedure $procedure as published, with its number of contracts: 0 or 1 row.
SELECT procedure, sum(weight_sum) AS contracts
FROM agg_overview
WHERE procedure = $procedure
GROUP BY procedure;
