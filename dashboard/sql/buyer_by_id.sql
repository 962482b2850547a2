-- One buyer by its id (SIRET for DECP): zero or one row.
SELECT
    buyer_id,
    buyer_name,
    contracts,
    first_year,
    last_year
FROM buyers
WHERE buyer_id = $buyer_id;
