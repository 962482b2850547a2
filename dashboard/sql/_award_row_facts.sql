-- The award rows the filters select, with fact_awards' extract columns: the rows of award_rows and
-- award_rows_sorted (one page) and award_rows_stream (one range of a whole extract). Their order,
-- (contract_row, supplier_id), is the extract's: buyer, year, contract_uid, winner (contracts are
-- stored in that order, 200_contracts.sql).
-- [$row_from, $row_to) (NULL: open) is a range of contract row ids (contract_row, award_rows_cuts).
    SELECT
        year,
        buyer_id,
        supplier_id,
        supplier_key,
        supplier_name,
        size_class,
        cpv_code,
        contract_type,
        is_framework,
        procedure,
        amount,
        amount_status,
        weight,
        amount_weighted,
        contract_row,
        supplier_department,
        supplier_region,
        supplier_distance_km
    FROM fact_awards
    WHERE ($row_from IS NULL OR contract_row >= $row_from)
        AND ($row_to IS NULL OR contract_row < $row_to)
-- include: _fact_filters
-- include: _sidebar_filters
