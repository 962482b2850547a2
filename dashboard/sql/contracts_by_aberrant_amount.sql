-- Contracts whose amount is `aberrant` (DESIGN §Method 6) under the filters, largest first,
-- at most $limit rows (from aberrant_contracts, those contracts only).
SELECT
    contract_uid,
    buyer_id,
    buyer_name,
    year,
    amount,
    currency,
    object
FROM aberrant_contracts
WHERE ($buyer IS NULL OR buyer_id = $buyer)
    AND ($country IS NULL OR country = $country)
    AND ($dept IS NULL OR buyer_department = $dept)
    AND ($region IS NULL OR buyer_region = $region)
-- include: _sidebar_filters
ORDER BY amount DESC NULLS LAST, contract_uid
LIMIT $limit;
