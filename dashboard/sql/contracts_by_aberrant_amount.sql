-- Contracts whose amount is `aberrant` (DESIGN §Method 6) under the filters, largest first,
-- at most $limit rows (from aberrant_contracts, those contracts only).
SELECT
    contract_uid,
    buyer_id,
    buyer_name,
    year,
    amount,
    object
FROM aberrant_contracts
WHERE ($buyer IS NULL OR buyer_id = $buyer)
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
ORDER BY amount DESC NULLS LAST, contract_uid
LIMIT $limit;
