-- PME shares (Method §5) by the buyer's département ($level = 'dept') or région ($level =
-- 'region'), code NULL for the contracts whose place is not published, with the 95 % Wilson
-- interval of the count share (DB macros wilson_low, wilson_high); most contracts first.
WITH
-- include: _place_facts
,

sums AS (
    SELECT
        CASE WHEN $level = 'region' THEN buyer_region ELSE buyer_department END AS code,
-- include: _share_sums
    FROM filtered
    GROUP BY code
)

SELECT
    code,
    contracts,
    wilson_low(pme_weight / contracts, contracts) AS wilson_low,
    wilson_high(pme_weight / contracts, contracts) AS wilson_high,
-- include: _share_columns
FROM sums
-- (rounded: the same contracts summed from agg_places or from the awards tie alike)
ORDER BY round(contracts, 9) DESC, code NULLS LAST;
