-- Contracts with an aberrant amount (a few per thousand), with the columns the Méthode page shows
-- and filters on: its list reads this instead of scanning every contract.
CREATE TABLE aberrant_contracts AS
SELECT
    contract_uid,
    buyer_id,
    buyer_name,
    year,
    amount,
    object,
    cpv_division,
    contract_type,
    procedure,
    is_framework
FROM contracts
WHERE amount_status = 'aberrant'
ORDER BY amount DESC NULLS LAST, contract_uid;
