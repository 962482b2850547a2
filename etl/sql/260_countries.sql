-- countries: one row per country of the contracts, with its currency and the default of the app's
-- country filter (issue 16). Method §18: amounts are never summed across currencies. A country's
-- currency is the one most of its contracts with an amount are in; a contract with an amount in
-- another currency counts in the count shares, never in an amount sum (fact_awards.amount_status
-- 'other_currency', 500). The default country is France when the database holds French contracts,
-- else the country with the most contracts (then the first by code).
CREATE TABLE countries AS
WITH per_currency AS (
    SELECT country, currency, count(*) AS n, count(*) FILTER (WHERE amount_status <> 'missing') AS with_amount
    FROM contracts
    GROUP BY ALL
),
per_country AS (
    SELECT
        country,
        sum(n)::BIGINT AS contracts,
        first(currency ORDER BY with_amount DESC, n DESC, currency) AS currency
    FROM per_currency
    GROUP BY country
)
SELECT
    p.country,
    p.contracts,
    p.currency,
    coalesce(sum(c.with_amount) FILTER (WHERE c.currency IS DISTINCT FROM p.currency), 0)::BIGINT
        AS other_currency_contracts,
    p.country = first(p.country ORDER BY p.country <> 'FR', p.contracts DESC, p.country) OVER () AS is_default,
    -- How its winners' sizes are said (fact_awards.size_vocabulary: insee, declared), `, `-joined,
    -- set by 500_fact_awards.sql: a country whose sizes mix both says so on the overview.
    NULL::VARCHAR AS size_vocabularies
FROM per_country AS p
JOIN per_currency AS c USING (country)
GROUP BY p.country, p.contracts, p.currency
ORDER BY p.contracts DESC, p.country;
