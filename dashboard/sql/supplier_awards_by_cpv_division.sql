-- One supplier's awards by CPV division under the filters (labels FR/EN), most contracts first.
SELECT
    f.cpv_division,
    any_value(d.label_fr) AS label_fr,
    any_value(d.label_en) AS label_en,
    sum(f.weight) AS contracts,
    sum(f.amount_weighted) FILTER (
        WHERE f.amount_status = 'ok' OR ($aberrant AND f.amount_status = 'aberrant')
    ) AS amount_total
FROM fact_awards AS f
LEFT JOIN cpv AS d ON d.code = f.cpv_division || '000000'
WHERE f.supplier_key = $supplier
    AND ($buyer IS NULL OR f.buyer_id = $buyer)
-- include: _sidebar_filters
GROUP BY f.cpv_division
ORDER BY contracts DESC, f.cpv_division NULLS LAST;
