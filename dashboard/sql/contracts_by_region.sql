-- The buyers' régions present (code) with their number of contracts, by code.
SELECT
    buyer_region AS code,
    sum(weight) AS contracts
FROM fact_awards
WHERE buyer_region IS NOT NULL
GROUP BY buyer_region
ORDER BY code;
