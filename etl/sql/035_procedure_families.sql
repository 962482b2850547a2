-- The procedure families (etl/rules/procedure_families.csv): every procedure label of the DECP 2019
-- and 2022 vocabularies, with the spellings seen in published files, mapped to one family. Labels
-- meet the table through procedure_key, so case, accents, apostrophes and spaces do not matter.
CREATE TEMP MACRO procedure_key(label) AS
    lower(strip_accents(regexp_replace(replace(trim(label), '’', ''''), '\s+', ' ', 'g')));

-- A contract's family: its label's, 'other' for a label the table lacks, 'unknown' when none is
-- published. The Méthode page lists the labels that fell to 'other' this way.
CREATE TEMP MACRO procedure_family_of(label, family) AS
    CASE WHEN label IS NULL OR trim(label) = '' THEN 'unknown' ELSE coalesce(family, 'other') END;

INSERT INTO procedure_families
SELECT procedure, family, vocabulary
FROM read_csv($families_file, all_varchar = true, header = true)
ORDER BY procedure;
