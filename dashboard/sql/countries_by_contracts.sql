-- The countries of the contracts (etl/sql/260_countries.sql): code, contracts, the currency their
-- amounts are summed in, and the default of the country filter; most contracts first.
SELECT country AS code, contracts, currency, other_currency_contracts, is_default, size_vocabularies
FROM countries
ORDER BY contracts DESC, code;
