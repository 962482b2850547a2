-- The CPV 2008 division $code (2 digits) with its labels: 0 or 1 row, whatever the data holds.
SELECT division AS cpv_division, label_fr, label_en
FROM cpv
WHERE code = $code || '000000' AND length($code) = 2;
