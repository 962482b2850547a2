-- One supplier's awards by notification year under the filters (year NULL: date missing).
SELECT
    year,
-- include: _supplier_award_sums
GROUP BY year
ORDER BY year NULLS LAST;
