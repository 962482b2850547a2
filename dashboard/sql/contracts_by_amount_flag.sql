-- Our amount status (Method §6) against decp.info's own amount flag (montant_anomalie): one row per
-- amount_status (ok, aberrant, missing), the contracts without a published flag (none, or a source
-- that does not publish one), flagged « suspect », flagged « aberrant », and with another value.
SELECT
    amount_status,
    coalesce(sum(contracts) FILTER (WHERE publisher_amount_flag IS NULL), 0)::BIGINT AS flag_none,
    coalesce(sum(contracts) FILTER (WHERE publisher_amount_flag = 'suspect'), 0)::BIGINT AS flag_suspect,
    coalesce(sum(contracts) FILTER (WHERE publisher_amount_flag = 'aberrant'), 0)::BIGINT AS flag_aberrant,
    coalesce(sum(contracts) FILTER (WHERE publisher_amount_flag NOT IN ('suspect', 'aberrant')), 0)::BIGINT
        AS flag_other
FROM agg_contract_quality
GROUP BY amount_status
ORDER BY CASE amount_status WHEN 'ok' THEN 1 WHEN 'aberrant' THEN 2 ELSE 3 END;
