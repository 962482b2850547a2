-- The predicates of the filters on columns that the aggregates keep (AGGREGATES in
-- dashboard/filters.py): years, CPV division, contract type, procedure, frameworks. ANDed to a
-- WHERE clause over fact_awards or an aggregate (included after its first condition).
    AND ($year_from IS NULL OR year >= $year_from)
    AND ($year_to IS NULL OR year <= $year_to)
    AND ($cpv IS NULL OR cpv_division = $cpv)
    AND ($contract_type IS NULL OR contract_type = $contract_type)
    AND ($procedure IS NULL OR procedure = $procedure)
    AND ($framework OR NOT coalesce(is_framework, false))
