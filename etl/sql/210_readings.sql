-- CPV codes and notification dates are read once per distinct published value (a few thousand),
-- with the note a value treated as missing, or repaired, gets.
CREATE TEMP TABLE cpv_readings AS
SELECT
    cpv_raw,
    cpv_code,
    repaired AS cpv_repaired,
    left(cpv_code, 2) AS cpv_division,
    CASE
        WHEN cpv_code IS NULL THEN NULL
        WHEN left(cpv_code, 2) = '45' THEN 'works'
        WHEN left(cpv_code, 2) <= '44' OR left(cpv_code, 2) = '48' THEN 'supplies'
        ELSE 'services'
    END AS contract_type,
    CASE
        WHEN repaired
            THEN 'division not in CPV 2008: its trailing zero moved to the front (a 7-digit code padded at the end)'
        WHEN cpv_code IS NOT NULL OR nullif(trim(cpv_raw), '') IS NULL THEN NULL
        WHEN regexp_full_match(split_part(trim(cpv_raw), '-', 1), '[0-9]{7,8}')
            THEN 'division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing'
        ELSE 'not a CPV code: treated as missing'
    END AS note
FROM (
    SELECT cpv_raw, coalesce(cpv8(cpv_raw), cpv_repaired(cpv_raw)) AS cpv_code, cpv_repaired(cpv_raw) IS NOT NULL AS repaired
    FROM (SELECT DISTINCT cpv_raw FROM stg_contracts)
);

CREATE TEMP TABLE date_readings AS
SELECT
    notification_raw,
    notified,
    CASE
        WHEN notified IS NOT NULL OR nullif(trim(notification_raw), '') IS NULL THEN NULL
        WHEN parsed_date(notification_raw) IS NULL THEN 'not a date: treated as missing'
        WHEN parsed_date(notification_raw) < DATE '2000-01-01' THEN 'before 2000: treated as missing'
        ELSE 'in the future: treated as missing'
    END AS note
FROM (
    SELECT notification_raw, notification_date(notification_raw) AS notified
    FROM (SELECT DISTINCT notification_raw FROM stg_contracts)
);
