-- One 8-digit CPV code of the data starting with $prefix: 0 or 1 row (a drill-down prefix that
-- opens nothing has none).
SELECT cpv_code
FROM agg_cpv_codes
WHERE starts_with(cpv_code, $prefix)
LIMIT 1;
