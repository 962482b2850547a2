-- Buyers comparable to $buyer under the filters: the same main CPV division (buyers table, over
-- the whole database) and between 1/$band and $band times its (weighted) contracts. One row for
-- $buyer (is_self) and for the $limit peers closest to it in volume, each with the peer group's
-- size, median PME share by count and the part of peers whose share is below $buyer's, and the
-- division's labels.
WITH
-- include: _buyer_sums
,

me AS (
    SELECT s.contracts, s.pme_weight / s.contracts AS share_count, b.main_cpv_division
    FROM sums AS s
    JOIN buyers AS b USING (buyer_id)
    WHERE s.buyer_id = $buyer
),

peers AS (
    SELECT
        s.buyer_id,
        b.buyer_name,
        s.contracts,
        s.amount_total,
        s.pme_weight / s.contracts AS share_count,
        s.classified_weight / s.contracts AS coverage,
        s.buyer_id = $buyer AS is_self,
        -- Distance in volume on a log scale: 50 and 200 contracts are as far from 100. Rounded so
        -- that float noise in a sum of fractions cannot reorder a tie.
        round(abs(ln(s.contracts / me.contracts)), 9) AS distance
    FROM sums AS s
    JOIN buyers AS b USING (buyer_id)
    JOIN me ON b.main_cpv_division = me.main_cpv_division
    WHERE s.contracts BETWEEN me.contracts / $band - 1e-9 AND me.contracts * $band + 1e-9
),

stats AS (
    SELECT
        count(*) AS peers,
        median(p.share_count) AS peers_median,
        avg((p.share_count < me.share_count)::INTEGER) AS peers_below
    FROM peers AS p, me
    WHERE NOT p.is_self
)

SELECT
    p.buyer_id,
    p.buyer_name,
    p.contracts,
    p.amount_total,
    p.share_count,
    p.coverage,
    p.is_self,
    me.main_cpv_division,
    cpv.label_fr,
    cpv.label_en,
    stats.peers,
    stats.peers_median,
    stats.peers_below
FROM peers AS p
CROSS JOIN me
CROSS JOIN stats
LEFT JOIN cpv ON cpv.code = me.main_cpv_division || '000000'
ORDER BY p.is_self DESC, p.distance, p.buyer_id
LIMIT $limit + 1;
