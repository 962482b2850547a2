-- Per buyer, year, framework flag and amount status, the size classes side by side (4x fewer rows
-- than fact_awards): the buyer ranking reads it when no CPV, contract type or procedure filter is
-- set.
CREATE TABLE agg_buyers AS
SELECT
    buyer_id,
    year,
    is_framework,
    amount_status,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum,
    coalesce(fsum(weight) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
    coalesce(fsum(weight) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
    fsum(amount_weighted) AS amount_sum
FROM fact_awards
GROUP BY ALL
ORDER BY ALL;

-- agg_buyers summed over the years, sorted by the buyer's whole-database weighted contracts
-- (buyer_contracts, an upper bound of its count under any filter), largest first: the ranking
-- with no year filter reads only the row groups of buyers that can reach its minimum.
CREATE TABLE agg_buyer_totals AS
WITH sums AS (
    SELECT
        buyer_id,
        is_framework,
        amount_status,
        sum(award_rows) AS award_rows,
        fsum(weight_sum) AS weight_sum,
        fsum(pme_weight) AS pme_weight,
        fsum(classified_weight) AS classified_weight,
        fsum(amount_sum) AS amount_sum
    FROM agg_buyers
    GROUP BY ALL
)
SELECT
    buyer_id,
    fsum(weight_sum) OVER (PARTITION BY buyer_id) AS buyer_contracts,
    is_framework,
    amount_status,
    award_rows,
    weight_sum,
    pme_weight,
    classified_weight,
    amount_sum
FROM sums
ORDER BY buyer_contracts DESC, buyer_id, is_framework, amount_status;
