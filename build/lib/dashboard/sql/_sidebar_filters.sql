-- The sidebar filters other than buyer and supplier, as conditions ANDed to a WHERE clause
-- (included after its first condition): years, CPV division, contract type, procedure, frameworks.
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
