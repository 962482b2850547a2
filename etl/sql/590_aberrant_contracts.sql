-- Contracts with an aberrant amount (a few per thousand), with the columns the Méthode page shows
-- and filters on: its list reads this instead of scanning every contract.
CREATE TABLE aberrant_contracts AS
SELECT
    contract_uid,
    buyer_id,
    buyer_name,
    year,
    amount,
    currency,
    object,
    cpv_division,
    contract_type,
    procedure,
    is_framework,
    -- The country, dept and region filters (as fact_awards has them, 500_fact_awards.sql).
    country,
    buyer_department,
    coalesce(buyer_region, region_of_department(buyer_department)) AS buyer_region
FROM contracts
WHERE amount_status = 'aberrant'
ORDER BY amount DESC NULLS LAST, contract_uid;
