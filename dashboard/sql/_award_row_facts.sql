-- The award rows the filters select, with fact_awards' extract columns: the body of the facts CTE
-- of award_rows (one page) and award_rows_stream (one buyer-id range of a whole extract).
-- $buyer_from / $buyer_to (NULL: open) cut a long extract into buyer-id ranges; NULL buyer ids go
-- with the last range.
    SELECT
        contract_uid,
        notification_date,
        year,
        buyer_id,
        buyer_name,
        supplier_id,
        supplier_siren,
        supplier_name,
        size_class,
        cpv_code,
        contract_type,
        nature,
        is_framework,
        procedure,
        amount,
        amount_status,
        weight,
        amount_weighted,
        contract_row
    FROM fact_awards
    WHERE ($buyer_from IS NULL OR buyer_id >= $buyer_from OR ($buyer_to IS NULL AND buyer_id IS NULL))
        AND ($buyer_to IS NULL OR buyer_id < $buyer_to)
        AND ($buyer IS NULL OR buyer_id = $buyer)
        AND ($supplier IS NULL OR supplier_key = $supplier)
-- include: _sidebar_filters
