-- Buyers comparable to $self_buyer under the filters: its main CPV division $division (buyers table:
-- the most frequent division of its contracts, all years, whatever the filters) and between
-- $min_contracts and $max_contracts (weighted) contracts (buyer_volume gives both). One row for
-- $self_buyer (is_self) and for the $limit peers closest to it in volume, each with the peer group's
-- size, median PME share by count and the part of peers whose share is below $self_buyer's, and the
-- division's labels.
WITH
-- include: _buyer_sums
,

peers AS (
    -- $self_buyer among them (is_self). Shares rounded to 1e-9: float noise in sums of fractions
    -- (1/3 + 1/6 against 1/2) must not put two equal shares on either side of a comparison.
    SELECT
        s.buyer_id,
        b.buyer_name,
        s.contracts,
        s.amount_total,
        round(s.pme_weight / s.contracts, 9) AS share_count,
        s.classified_weight / s.contracts AS coverage,
        s.buyer_id = $self_buyer AS is_self
    FROM sums AS s
    JOIN buyers AS b USING (buyer_id)
    WHERE s.contracts <= $max_contracts + 1e-9
),

me AS (
    SELECT contracts, share_count FROM peers WHERE is_self
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
    $division AS main_cpv_division,
    cpv.label_fr,
    cpv.label_en,
    stats.peers,
    stats.peers_median,
    stats.peers_below
FROM peers AS p
CROSS JOIN me
CROSS JOIN stats
LEFT JOIN cpv ON cpv.code = $division || '000000'
-- Closest in volume on a log scale (50 and 200 contracts are as far from 100), rounded so that
-- float noise in a sum of fractions cannot reorder a tie.
ORDER BY p.is_self DESC, round(abs(ln(p.contracts / me.contracts)), 9), p.buyer_id
LIMIT $limit + 1;
