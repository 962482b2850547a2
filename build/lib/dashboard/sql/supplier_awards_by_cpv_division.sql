-- One supplier's awards by CPV division under the filters (labels FR/EN), most contracts first.
WITH sums AS (
    SELECT
        cpv_division,
-- include: _supplier_award_sums
    GROUP BY cpv_division
)

SELECT s.cpv_division, d.label_fr, d.label_en, s.contracts, s.amount_total
FROM sums AS s
LEFT JOIN cpv AS d ON d.code = s.cpv_division || '000000'
ORDER BY s.contracts DESC, s.cpv_division NULLS LAST;
