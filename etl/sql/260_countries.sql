-- countries: one row per country of the contracts, with its currency and the default of the app's
-- country filter (issue 16). Method §18: amounts are never summed across currencies. A country's
-- currency is the one most of its contracts are in; a contract in another currency counts in the
-- count shares, never in an amount sum (fact_awards.amount_status 'other_currency', 500).
-- The default country is France when the database holds French contracts, else the country with the
-- most contracts (then the first by code).
CREATE TABLE countries AS
WITH per_currency AS (
    SELECT country, currency, count(*) AS n
    FROM contracts
    GROUP BY ALL
),
per_country AS (
    SELECT
        country,
        sum(n)::BIGINT AS contracts,
        first(currency ORDER BY n DESC, currency) AS currency
    FROM per_currency
    GROUP BY country
)
SELECT
    p.country,
    p.contracts,
    p.currency,
    (p.contracts - sum(c.n) FILTER (WHERE c.currency = p.currency))::BIGINT AS other_currency_contracts,
    p.country = first(p.country ORDER BY p.country <> 'FR', p.contracts DESC, p.country) OVER () AS is_default
FROM per_country AS p
JOIN per_currency AS c USING (country)
GROUP BY p.country, p.contracts, p.currency
ORDER BY p.contracts DESC, p.country;

-- The country the app shows when its link names none (dashboard/filters.py, `country`).
CREATE MACRO default_country() AS (SELECT country FROM countries WHERE is_default);
