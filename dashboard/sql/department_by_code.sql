-- The buyers' département $code if any contract has it: 0 or 1 row.
SELECT buyer_department AS code
FROM fact_awards
WHERE buyer_department = $code
LIMIT 1;
