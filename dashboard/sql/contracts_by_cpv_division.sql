-- Contracts by CPV division over the whole database, with the division's labels, by code.
SELECT
    o.cpv_division,
    cpv.label_fr,
    cpv.label_en,
    sum(o.weight_sum) AS contracts
FROM agg_overview AS o
LEFT JOIN cpv ON cpv.code = o.cpv_division || '000000'
WHERE o.cpv_division IS NOT NULL
GROUP BY ALL
ORDER BY o.cpv_division;
