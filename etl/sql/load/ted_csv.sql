-- The TED award-notice CSV (TED CSV open data, contract award notices): one row per award, the
-- winners of a group in one row joined by « --- » (WIN_NAME « A---B », WIN_NATIONALID « x---y »), an
-- award listed on several rows read as one. Y/N flags; AWARD_VALUE_EURO in euros. The columns read
-- beyond ID_NOTICE_CAN, ID_AWARD and WIN_NAME may be absent: they are then NULL.
-- A notice of several buyers (joint procurement) names them joined by « --- » too: the first is
-- the buyer. The rest is _ted_awards.sql's, as for the XML notices.

-- A date as the export writes it (« 18/03/20 », « 18/03/2020 », older files « 18-MAR-20 », or ISO),
-- as ISO; anything else as published (210_readings.sql notes it).
CREATE TEMP MACRO ted_csv_date(raw) AS
    coalesce(
        strftime(
            coalesce(
                try_strptime(trim(raw), '%Y-%m-%d'),
                CASE WHEN regexp_full_match(trim(raw), '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN try_strptime(trim(raw), '%d/%m/%Y') END,
                CASE WHEN regexp_full_match(trim(raw), '[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}') THEN try_strptime(trim(raw), '%d/%m/%y') END,
                CASE WHEN regexp_full_match(trim(raw), '[0-9]{1,2}-[A-Za-z]{3}-[0-9]{2}') THEN try_strptime(trim(raw), '%d-%b-%y') END
            ),
            '%Y-%m-%d'
        ),
        clean_text(raw)
    );

-- A « --- »-joined list of the winners' values; NULL for a blank cell.
CREATE TEMP MACRO ted_csv_parts(cell) AS
    CASE WHEN clean_text(cell) IS NOT NULL THEN list_transform(string_split(cell, '---'), lambda p: clean_text(p)) END;

-- Read in file order (rowid): the build otherwise lets DuckDB reorder rows.
SET preserve_insertion_order = true;

CREATE TEMP TABLE ted_csv AS
FROM (
    SELECT
        NULL::VARCHAR AS ID_NOTICE_CAN, NULL::VARCHAR AS ID_AWARD, NULL::VARCHAR AS CAE_NAME,
        NULL::VARCHAR AS CAE_NATIONALID, NULL::VARCHAR AS ISO_COUNTRY_CODE, NULL::VARCHAR AS CPV,
        NULL::VARCHAR AS TITLE, NULL::VARCHAR AS B_FRA_AGREEMENT, NULL::VARCHAR AS B_AWARDED_TO_A_GROUP,
        NULL::VARCHAR AS WIN_NAME, NULL::VARCHAR AS WIN_NATIONALID, NULL::VARCHAR AS WIN_COUNTRY_CODE,
        NULL::VARCHAR AS B_CONTRACTOR_SME, NULL::VARCHAR AS NUMBER_OFFERS, NULL::VARCHAR AS AWARD_VALUE_EURO,
        NULL::VARCHAR AS DT_AWARD, NULL::VARCHAR AS INFO_ON_NON_AWARD
    LIMIT 0
)
UNION ALL BY NAME
FROM read_csv($path, all_varchar = true, header = true);

SET preserve_insertion_order = false;

-- Each winner of a row: its name, and its id, country and size flag when the row gives one per
-- winner (one country for several winners is every winner's; one id or flag for several is none's).
CREATE TEMP TABLE ted_raw AS
SELECT
    $input_no::INTEGER AS input_no,
    min(rowid) + 1 AS ord,
    $source_name AS source,
    ID_NOTICE_CAN AS notice,
    NULL::VARCHAR AS lot,
    NULL::INTEGER AS rank,
    arg_min(split_part(CAE_NATIONALID, '---', 1), rowid) AS buyer_id,
    arg_min(split_part(CAE_NAME, '---', 1), rowid) AS buyer_name,
    arg_min(split_part(ISO_COUNTRY_CODE, '---', 1), rowid) AS buyer_country,
    NULL::VARCHAR AS notice_country,
    NULL::VARCHAR AS "procedure",
    arg_min(TITLE, rowid) AS title,
    arg_min(CPV, rowid) AS cpv,
    arg_min(ted_csv_date(DT_AWARD), rowid) AS date,
    NULL::VARCHAR AS published,
    arg_min(AWARD_VALUE_EURO, rowid) AS amount,
    CASE WHEN clean_text(arg_min(AWARD_VALUE_EURO, rowid)) IS NOT NULL THEN 'EUR' END AS currency,
    arg_min(NUMBER_OFFERS, rowid) AS bids,
    coalesce(upper(clean_text(arg_min(B_FRA_AGREEMENT, rowid))) = 'Y', false) AS framework,
    CASE upper(clean_text(arg_min(B_AWARDED_TO_A_GROUP, rowid))) WHEN 'Y' THEN true WHEN 'N' THEN false END AS grouped,
    NULL::BOOLEAN AS subcontracted,
    false AS concession,
    CASE WHEN bool_and(clean_text(WIN_NAME) IS NULL) THEN clean_text(arg_min(INFO_ON_NON_AWARD, rowid)) END
        AS not_awarded,
    flatten(list(winners ORDER BY rowid)) AS winners,
    ID_AWARD AS award
FROM (
    SELECT
        *,
        coalesce(
            list_transform(
                generate_series(1, len(names)),
                lambda i: {
                    id: CASE WHEN len(ids) = len(names) THEN ids[i] END,
                    name: names[i],
                    country: CASE WHEN len(countries) = len(names) THEN countries[i] WHEN len(countries) = 1 THEN countries[1] END,
                    size: CASE WHEN len(flags) = len(names) THEN flags[i] END
                }
            ),
            []
        ) AS winners
    FROM (
        SELECT
            *,
            rowid,
            ted_csv_parts(WIN_NAME) AS names,
            ted_csv_parts(WIN_NATIONALID) AS ids,
            ted_csv_parts(WIN_COUNTRY_CODE) AS countries,
            ted_csv_parts(B_CONTRACTOR_SME) AS flags
        FROM ted_csv
    )
)
GROUP BY ID_NOTICE_CAN, ID_AWARD;

DROP TABLE ted_csv;
DROP MACRO ted_csv_parts;
DROP MACRO ted_csv_date;

-- include: _ted_awards
