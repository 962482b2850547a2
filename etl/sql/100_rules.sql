-- The Method's rules on single values, one macro each (DESIGN.md §Method 3, 6, 8, 9), used by the
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

-- Method §6 (the French ministry's DECP rules). The 3 bn ceiling is in euros: an amount in another
-- currency (Method §18; 3 bn forints are about 8 M€) is held to the placeholder patterns only.
CREATE TEMP MACRO amount_status(amount, currency) AS
    CASE
        WHEN amount IS NULL OR isnan(amount) THEN 'missing'
        WHEN amount < 1 OR (amount > 3e9 AND coalesce(currency, 'EUR') = 'EUR') THEN 'aberrant'
        WHEN amount IN (999999999, 12311111111) THEN 'aberrant'
        -- Digit patterns only from 9 digits up: the text of an amount is made for few rows.
        WHEN amount >= 123456789 AND starts_with(trunc(amount)::BIGINT::VARCHAR, '123456789') THEN 'aberrant'
        WHEN amount > 1e8
            AND regexp_matches(trunc(amount)::BIGINT::VARCHAR, '1{7}|2{7}|3{7}|4{7}|5{7}|6{7}|7{7}|8{7}|9{7}')
            THEN 'aberrant'
        ELSE 'ok'
    END;

-- CPV repair (Method §9): decp.info (decp-processing 2.9.1 on) pads a 7-digit code at the end, so
-- « 09310000 », having lost its leading zero, is published « 93100000 », in no CPV 2008 division.
-- A code outside the divisions that ends in 0 is the CPV 2008 code that moving that zero to the
-- front gives, when there is one.
SET VARIABLE cpv_codes = (SELECT list(code) FROM cpv);

CREATE TEMP MACRO cpv_repaired(raw) AS
    CASE
        WHEN cpv8(raw) IS NULL
            AND regexp_full_match(split_part(trim(raw), '-', 1), '[0-9]{7}0')
            AND list_contains(getvariable('cpv_codes'), '0' || left(split_part(trim(raw), '-', 1), 7))
            THEN '0' || left(split_part(trim(raw), '-', 1), 7)
    END;

-- A uid that looks like several contracts merged (kept, flagged `merged_uid`): an id of 4
-- characters or fewer (« 2024 »), two amounts for one notification date (a version has one
-- amount), or 10 notification dates or more (a contract amended nine times or more is rare: 12
-- of the 5,180 uids of the shipped 2024 extract).
CREATE TEMP MACRO merged_uid(contract_id, uid_dates, uid_amount_clash) AS
    length(contract_id) <= 4 OR coalesce(uid_amount_clash, false) OR coalesce(uid_dates >= 10, false);

-- A winner's published name that names one (Method §3): a winner id of zeros with such a name is
-- a real winner whose id is unknown; « SANS SUITE », « PAS DE CANDIDAT », « NEANT », « 0 » say
-- that there was none.
CREATE TEMP MACRO names_a_winner(name) AS
    regexp_matches(name, '[[:alpha:]]')
    AND NOT regexp_matches(
        upper(strip_accents(name)),
        '\b(SANS SUITE|INFRUCTUEU[SX]|PAS DE CANDIDAT|AUCUN CANDIDAT|AUCUNE OFFRE|NEANT|NON ATTRIBUE)\b'
    );

-- An INSEE département code as published (« 01 »...« 95 », « 2A », « 2B », « 971 »...« 976 »; decp.info
-- also gives the overseas collectivities' « 975 », « 977 », « 978 », « 984 »...« 988 »), else NULL.
CREATE TEMP MACRO department_code(code) AS
    CASE WHEN regexp_full_match(code, '0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8]|98[4-8]') THEN code END;

-- The région (INSEE code, 2016 map) of a département code (department_code), for a buyer whose
-- source gives a département but no région (DECP 2019's lieuExecution); NULL for the overseas
-- collectivities, which belong to none.
CREATE TEMP MACRO region_of_department(code) AS
    CASE
        WHEN code IN ('75', '77', '78', '91', '92', '93', '94', '95') THEN '11'
        WHEN code IN ('18', '28', '36', '37', '41', '45') THEN '24'
        WHEN code IN ('21', '25', '39', '58', '70', '71', '89', '90') THEN '27'
        WHEN code IN ('14', '27', '50', '61', '76') THEN '28'
        WHEN code IN ('02', '59', '60', '62', '80') THEN '32'
        WHEN code IN ('08', '10', '51', '52', '54', '55', '57', '67', '68', '88') THEN '44'
        WHEN code IN ('44', '49', '53', '72', '85') THEN '52'
        WHEN code IN ('22', '29', '35', '56') THEN '53'
        WHEN code IN ('16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87') THEN '75'
        WHEN code IN ('09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82') THEN '76'
        WHEN code IN ('01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74') THEN '84'
        WHEN code IN ('04', '05', '06', '13', '83', '84') THEN '93'
        WHEN code IN ('2A', '2B') THEN '94'
        WHEN code = '971' THEN '01'
        WHEN code = '972' THEN '02'
        WHEN code = '973' THEN '03'
        WHEN code = '974' THEN '04'
        WHEN code = '976' THEN '06'
    END;

-- DECP 2019's only place, lieuExecution, as a département where its code type says one: a
-- département code; an INSEE commune code or a postal code, by their first two characters (three
-- overseas). A postal code of Corsica (20...) says neither 2A nor 2B and stays NULL; regions,
-- countries, arrondissements and cantons give none.
CREATE TEMP MACRO department_of_place(code, type_code) AS
    CASE lower(strip_accents(type_code))
        WHEN 'code departement' THEN department_code(upper(code))
        WHEN 'code commune' THEN
            CASE WHEN regexp_full_match(upper(code), '[0-9][0-9AB][0-9]{3}')
                THEN coalesce(department_code(left(code, 3)), department_code(upper(left(code, 2)))) END
        WHEN 'code postal' THEN
            CASE WHEN regexp_full_match(code, '[0-9]{5}')
                THEN coalesce(department_code(left(code, 3)), department_code(left(code, 2))) END
    END;
