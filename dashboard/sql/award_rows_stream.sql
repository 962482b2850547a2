-- Every award row of one buyer-id range [$buyer_from, $buyer_to) under the filters, in the
-- extract's columns and order (buyer, year, contract, winner): one sort, of this range only.
-- Contracts are sorted by buyer like fact_awards, so the same buyer conditions read only the
-- range's row groups of contracts.
WITH facts AS (
-- include: _award_row_facts
)

-- include: _award_row_columns
WHERE ($buyer_from IS NULL OR c.buyer_id >= $buyer_from OR ($buyer_to IS NULL AND c.buyer_id IS NULL))
    AND ($buyer_to IS NULL OR c.buyer_id < $buyer_to)
    AND ($buyer IS NULL OR c.buyer_id = $buyer)
ORDER BY f.buyer_id, f.year, f.contract_uid, f.supplier_id;
