-- One buyer by its id (SIRET for DECP): zero or one row.
SELECT
    buyer_id,
    buyer_name,
    contracts,
    first_year,
    last_year,
    main_cpv_division
FROM buyers
WHERE buyer_id = $buyer_id;
