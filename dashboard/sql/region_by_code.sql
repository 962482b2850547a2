-- The buyers' région $code if any contract has it: 0 or 1 row.
SELECT buyer_region AS code
FROM fact_awards
WHERE buyer_region = $code
LIMIT 1;
