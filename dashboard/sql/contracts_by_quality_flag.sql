-- Contracts by quality flag (contracts.quality_flags, counted in agg_contract_quality): every flag
-- of the vocabulary, in its order, 0 when no contract has it. A contract with two flags counts
-- under each.
SELECT f.quality_flag, coalesce(sum(q.contracts), 0)::BIGINT AS contracts
FROM (VALUES (1, 'merged_uid'), (2, 'cpv_repaired'), (3, 'winner_id_placeholder')) AS f(position, quality_flag)
LEFT JOIN agg_contract_quality AS q ON contains(q.quality_flags, f.quality_flag)
GROUP BY f.position, f.quality_flag
ORDER BY f.position;
