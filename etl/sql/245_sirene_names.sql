-- Names the publication leaves out (the 2022 format publishes none), from SIRENE's
-- denominationUniteLegale on the SIREN: a buyer's through its SIRET, a winner's through its
-- supplier_siren. Only a missing name is filled, never a published one, and each name filled is
-- noted in quality_notes (note first, while the name is still missing). Runs before the contracts
-- and awards are written, so that both carry the name.
INSERT INTO quality_notes
SELECT s.source_name, s.contract_uid, 'buyer_name', NULL, 'name not published: SIRENE denominationUniteLegale'
FROM stg_contracts AS s
SEMI JOIN kept AS k USING (rec_no)
JOIN sirene_latest AS n ON n.siren = siret_siren(s.buyer_id)
WHERE s.buyer_name IS NULL AND n.name IS NOT NULL
ORDER BY s.contract_uid;

INSERT INTO quality_notes
SELECT s.source_name, k.contract_uid, 'supplier_name', NULL, 'name not published: SIRENE denominationUniteLegale'
FROM winners_norm AS w
JOIN kept AS k USING (rec_no)
JOIN stg_contracts AS s USING (rec_no)
JOIN sirene_latest AS n ON n.siren = w.supplier_siren
WHERE w.supplier_name IS NULL AND n.name IS NOT NULL
ORDER BY k.contract_uid, w.supplier_id;

UPDATE stg_contracts
SET buyer_name = n.name
FROM sirene_latest AS n
WHERE stg_contracts.buyer_name IS NULL AND n.name IS NOT NULL AND n.siren = siret_siren(stg_contracts.buyer_id);

UPDATE winners_norm
SET supplier_name = n.name
FROM sirene_latest AS n
WHERE winners_norm.supplier_name IS NULL AND n.name IS NOT NULL AND n.siren = winners_norm.supplier_siren;
