-- Names: the most frequent spelling, ties to the latest then the first alphabetically, so that
-- two builds of the same inputs give the same rows. (Compensated sums, fsum, for the same reason.)
CREATE TABLE buyers AS
WITH counts AS (
    SELECT buyer_id, count(*) AS contracts, min(year) AS first_year, max(year) AS last_year
    FROM contracts
    GROUP BY buyer_id
),
names AS (
    SELECT buyer_id, arg_max(buyer_name, (n, latest, buyer_name)) AS buyer_name
    FROM (
        SELECT buyer_id, buyer_name, count(*) AS n, max(notification_date) AS latest
        FROM contracts
        WHERE buyer_name IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY buyer_id
),
-- The most frequent division of its contracts over the whole database (ties to the lowest code):
-- the Acheteurs page compares a buyer with buyers of the same main division and a similar volume.
divisions AS (
    SELECT buyer_id, arg_min(cpv_division, (-n, cpv_division)) AS main_cpv_division
    FROM (
        SELECT buyer_id, cpv_division, count(*) AS n
        FROM contracts
        WHERE cpv_division IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY buyer_id
)
SELECT c.buyer_id, n.buyer_name, c.contracts, c.first_year, c.last_year, d.main_cpv_division
FROM counts AS c
LEFT JOIN names AS n USING (buyer_id)
LEFT JOIN divisions AS d USING (buyer_id)
ORDER BY c.buyer_id;
