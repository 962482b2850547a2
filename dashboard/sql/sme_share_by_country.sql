-- Issue 16's comparison of countries: one row per country under the sidebar's filters but every
-- country ($country is NULL here): the PME shares (Method §5), amounts summed in the country's own
-- currency only (Method §18), coverage (1 - coverage: the unknown share), and the size vocabularies
-- its classified awards use (fact_awards.size_vocabulary: INSEE's register categories, 'insee', or
-- a publisher's declared SME / large flag, 'declared'). Never summed across countries.
WITH
filtered AS (
    SELECT
        country,
        size_vocabulary,
        size_class,
        weight AS weight_sum,
        amount_weighted AS amount_sum,
        amount_counts(amount_status, $aberrant) AS amount_ok
    FROM fact_awards
    WHERE true
-- include: _fact_filters
-- include: _sidebar_filters
),
sums AS (
    SELECT
        country,
        list(DISTINCT size_vocabulary::VARCHAR ORDER BY size_vocabulary::VARCHAR DESC)
            FILTER (WHERE size_vocabulary <> 'none') AS vocabularies,
-- include: _share_sums
    FROM filtered
    GROUP BY country
)
SELECT
    s.country AS code,
    array_to_string(s.vocabularies, ', ') AS size_vocabulary,
    n.currency,
    coalesce(s.contracts, 0) AS contracts,
-- include: _share_columns
FROM sums AS s
JOIN (SELECT country, currency, contracts AS country_contracts FROM countries) AS n USING (country)
ORDER BY n.country_contracts DESC, s.country;
