-- INSEE SIRENE unit file, already read into sirene_raw: SIREN -> categorieEntreprise.
INSERT INTO stg_sirene
SELECT
    lpad(trim(siren::VARCHAR), 9, '0'),
    nullif(upper(trim(categorieEntreprise::VARCHAR)), ''),
    $input_no
FROM sirene_raw
WHERE regexp_full_match(lpad(trim(siren::VARCHAR), 9, '0'), '[0-9]{9}');

DROP TABLE sirene_raw;
