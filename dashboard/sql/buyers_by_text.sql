-- Buyers whose SIRET starts with $text or whose name contains it (any case), most contracts first.
SELECT
    buyer_id,
    buyer_name,
    contracts
FROM buyers
WHERE starts_with(buyer_id, $text)
    OR contains(lower(buyer_name), lower($text))
ORDER BY contracts DESC, buyer_id
LIMIT $limit;
