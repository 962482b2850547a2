-- Buyers whose SIRET starts with $text (spaces ignored) or whose name has words starting with it
-- (« lyon » finds « Ville de Lyon »; « partement » finds nothing), with neither case, accents nor
-- punctuation counted (« Orée d'Anjou » finds « Commune d'Orée-d'Anjou »), most contracts first.
SELECT
    buyer_id,
    buyer_name,
    contracts
FROM buyers
WHERE starts_with(buyer_id, regexp_replace($text, '\s', '', 'g'))
    OR contains(
        ' ' || lower(regexp_replace(strip_accents(buyer_name), '[^[:alnum:]]+', ' ', 'g')),
        ' ' || trim(lower(regexp_replace(strip_accents($text), '[^[:alnum:]]+', ' ', 'g')))
    )
ORDER BY contracts DESC, buyer_id
LIMIT $limit;
