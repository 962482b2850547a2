-- PME shares (Method §5) by the buyer's département ($level = 'dept') or région ($level =
-- 'region'), code NULL for the contracts whose place is not published, with the 95 % Wilson
-- interval of the count share; most contracts first.
WITH
-- include: _place_facts
,

sums AS (
    SELECT
        CASE WHEN $level = 'region' THEN buyer_region ELSE buyer_department END AS code,
-- include: _share_sums
    FROM filtered
    GROUP BY code
),

shares AS (
    SELECT
        *,
        pme_weight / contracts AS p,
        contracts AS n,
        1.959964 AS z
    FROM sums
)

SELECT
    code,
    contracts,
-- include: _wilson_columns
-- include: _share_columns
FROM shares
ORDER BY contracts DESC, code NULLS LAST;
