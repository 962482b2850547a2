-- The country $code if the data have it: 0 or 1 row.
SELECT country AS code
FROM countries
WHERE country = $code;
