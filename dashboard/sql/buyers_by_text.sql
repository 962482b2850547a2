-- Buyers whose SIRET or name matches $text (the DB macro matches_search,
-- etl/sql/505_search_macros.sql: « lyon » finds « Ville de Lyon », « partement » nothing), most
-- contracts first.
SELECT
    buyer_id,
    buyer_name,
    contracts
FROM buyers
WHERE matches_search(buyer_id, buyer_name, $text)
ORDER BY contracts DESC, buyer_id
LIMIT $limit;
