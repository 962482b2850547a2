-- « Rente » (issue 14): buyer-supplier pairs where one supplier won at least a third of the buyer's
-- counted amount within one CPV division (the DB macro holds_a_third), in three or more consecutive
-- years, under the filters. One row per such run of years: the buyer, the supplier (by SIREN, else
-- published id) with its name and size, the division, the first and last year, the years, the
-- supplier's amount over them and its share of the buyer's amount in that division over those
-- years. The buyer's amount counts every winner, so the supplier filter applies to the pairs
-- ($incumbent), not to the sums. The held cells come from agg_incumbency_cells when the set filters
-- allow ($from_agg_incumbency_cells, aberrant amounts out), else from fact_awards. Largest amount first, at most $limit.
WITH
cells AS (
    SELECT buyer_id, cpv_division, year, supplier_key, sum(amount_weighted) AS amount
    FROM fact_awards
    WHERE NOT ($from_agg_incumbency_cells AND NOT $aberrant)
        AND year IS NOT NULL
        AND cpv_division IS NOT NULL
        AND amount_counts(amount_status, $aberrant)
-- include: _fact_filters
-- include: _sidebar_filters
    GROUP BY ALL
),

held AS (
    SELECT buyer_id, cpv_division, year, supplier_key, amount, total
    FROM agg_incumbency_cells
    WHERE $from_agg_incumbency_cells
        AND NOT $aberrant
        AND ($buyer IS NULL OR buyer_id = $buyer)
        AND ($year_from IS NULL OR year >= $year_from)
        AND ($year_to IS NULL OR year <= $year_to)
        AND ($cpv IS NULL OR cpv_division = $cpv)
        AND ($incumbent IS NULL OR supplier_key = $incumbent)
    UNION ALL
    SELECT *
    FROM (
        SELECT *, sum(amount) OVER (PARTITION BY buyer_id, cpv_division, year) AS total
        FROM cells
    )
    WHERE supplier_key IS NOT NULL
        AND holds_a_third(amount, total)
        AND ($incumbent IS NULL OR supplier_key = $incumbent)
),

runs AS (
    SELECT
        *,
        year - row_number() OVER (PARTITION BY buyer_id, cpv_division, supplier_key ORDER BY year) AS run
    FROM held
),

spells AS (
    SELECT
        buyer_id,
        supplier_key,
        cpv_division,
        min(year) AS first_year,
        max(year) AS last_year,
        count(*) AS years,
        sum(amount) AS amount,
        sum(amount) / sum(total) AS share
    FROM runs
    GROUP BY buyer_id, supplier_key, cpv_division, run
    HAVING count(*) >= incumbent_min_years()
    ORDER BY amount DESC, buyer_id, supplier_key, cpv_division, first_year
    LIMIT $limit
)

SELECT
    spells.buyer_id,
    buyers.buyer_name,
    spells.supplier_key,
    suppliers.supplier_name,
    suppliers.size_class,
    spells.cpv_division,
    cpv.label_fr,
    cpv.label_en,
    spells.first_year,
    spells.last_year,
    spells.years,
    spells.amount,
    spells.share
FROM spells
LEFT JOIN buyers USING (buyer_id)
LEFT JOIN suppliers USING (supplier_key)
LEFT JOIN cpv ON cpv.code = spells.cpv_division || '000000'
ORDER BY spells.amount DESC, spells.buyer_id, spells.supplier_key, spells.cpv_division, spells.first_year;
