-- Weighted contracts and amounts by contract type (works, supplies, services) and size class.
WITH
-- include: _filtered_facts

SELECT
    contract_type::VARCHAR AS contract_type,
    size_class::VARCHAR AS size_class,
    sum(weight_sum) AS weight_sum,
    sum(amount_sum) FILTER (WHERE amount_ok) AS amount_sum
FROM filtered
GROUP BY filtered.contract_type, filtered.size_class
ORDER BY filtered.contract_type, filtered.size_class;
