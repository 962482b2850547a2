-- Before the --sirene files, once: the SIRENs this build can use, winners' and buyers', so that
-- only their units are read from a stock of 25 million (the semi-join of load/sirene.sql).
CREATE TEMP TABLE sirene_wanted AS
SELECT DISTINCT siren
FROM (
    SELECT siret_siren(supplier_id_raw) AS siren FROM stg_winners
    UNION ALL
    SELECT siret_siren(buyer_id) FROM stg_contracts
)
WHERE siren IS NOT NULL;
