-- The Method's rules on single values, one macro each (DESIGN.md §Method 6, 8, 9), used by the
-- steps that follow. Temporary: they live for the build only.

-- CPV: drop the check digit ("50700000-2"), restore a lost leading zero ("3000000" -> "03000000");
-- a code whose division is not a CPV 2008 division ("00000000", CPV 2003's "74...") is no code.
SET VARIABLE cpv_divisions = (SELECT list(DISTINCT division) FROM cpv);

CREATE TEMP MACRO cpv8(raw) AS
    CASE
        WHEN regexp_full_match(split_part(trim(raw), '-', 1), '[0-9]{7,8}')
            AND list_contains(getvariable('cpv_divisions'), left(lpad(split_part(trim(raw), '-', 1), 8, '0'), 2))
            THEN lpad(split_part(trim(raw), '-', 1), 8, '0')
    END;

CREATE TEMP MACRO parsed_date(raw) AS try_strptime(left(trim(raw), 10), '%Y-%m-%d')::DATE;

-- Years are notification years; a date before 2000 or in the future is treated as missing.
CREATE TEMP MACRO notification_date(raw) AS
    CASE WHEN parsed_date(raw) BETWEEN DATE '2000-01-01' AND current_date THEN parsed_date(raw) END;

-- Method §6 (the French ministry's DECP rules).
CREATE TEMP MACRO amount_status(amount) AS
    CASE
        WHEN amount IS NULL OR isnan(amount) THEN 'missing'
        WHEN amount < 1 OR amount > 3e9 THEN 'aberrant'
        WHEN amount IN (999999999, 12311111111) THEN 'aberrant'
        -- Digit patterns only from 9 digits up: the text of an amount is made for few rows.
        WHEN amount >= 123456789 AND starts_with(trunc(amount)::BIGINT::VARCHAR, '123456789') THEN 'aberrant'
        WHEN amount > 1e8
            AND regexp_matches(trunc(amount)::BIGINT::VARCHAR, '1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7}')
            THEN 'aberrant'
        ELSE 'ok'
    END;
