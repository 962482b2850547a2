-- The buyers' départements present (code) with their number of contracts, by code.
SELECT
    buyer_department AS code,
    sum(weight) AS contracts
FROM fact_awards
WHERE buyer_department IS NOT NULL
GROUP BY buyer_department
ORDER BY code;
