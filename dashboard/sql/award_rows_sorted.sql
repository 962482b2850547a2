-- One page of award rows under the filters, as award_rows (same columns, $limit, $offset), in the
-- order $sort other than the extract's (dashboard.filters.ROW_ORDERS): first the largest share
-- awarded ('share'), the largest contract amount ('amount'), the latest year ('recent'), over every
-- filtered row. The amounts no sum counts by default (aberrant, missing, in another currency than
-- the country's: Method) come after the others, as amount_counts says; so do undated
-- contracts in the year order; ties keep the extract's order. The page's rows lie anywhere in
-- contracts, so there is no row-id range to read: adding award_rows' range made the first page take
-- 0.15 s instead of 0.07 s at 1.6 M rows.
WITH selected AS (
-- include: _award_row_facts
),

facts AS (
    SELECT
        *,
        CASE
            WHEN $sort = 'recent' THEN year
            WHEN amount_counts(amount_status, false) THEN if($sort = 'share', amount_weighted, amount)
        END AS first_key
    FROM selected
    ORDER BY first_key DESC NULLS LAST, contract_row, supplier_id, supplier_name
    LIMIT $limit
    OFFSET $offset
)

-- include: _award_row_columns
ORDER BY f.first_key DESC NULLS LAST, f.contract_row, f.supplier_id, f.supplier_name;
