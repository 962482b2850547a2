-- The CPV 2008 nomenclature (data/sample/cpv/, French and English labels): codes without their
-- check digit, their division and parent.
INSERT INTO cpv
SELECT code8, division, label_fr, label_en, nullif(parent_code8, '')
FROM read_csv($cpv_file, all_varchar = true, header = true)
ORDER BY code8;
