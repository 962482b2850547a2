-- Before the --sirene files, once: the SIRENs this build can use, winners' and buyers', so that
-- only their units are read from a stock of 25 million (the semi-join of load/sirene.sql). Each is
-- a key as a file may spell it: 9 digits (INSEE), or without its leading zeros (a CSV saved from
-- a spreadsheet), so that the join compares the file's own column and DuckDB can filter the scan.
CREATE TEMP TABLE sirene_wanted AS
WITH sirens AS (
    SELECT DISTINCT siren
    FROM (
        SELECT siret_siren(supplier_id_raw) AS siren FROM stg_winners
        UNION ALL
        SELECT siret_siren(buyer_id) FROM stg_contracts
    )
    WHERE siren IS NOT NULL
)
SELECT siren AS key FROM sirens
UNION ALL
SELECT ltrim(siren, '0') FROM sirens WHERE starts_with(siren, '0');
