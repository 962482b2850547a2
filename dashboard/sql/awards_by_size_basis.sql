-- Coverage of company size over the whole database: weighted awards by size basis and class.
SELECT
    size_basis,
    size_class,
    count(*) AS award_rows,
    sum(weight) AS contracts
FROM awards
GROUP BY size_basis, size_class
ORDER BY size_basis, size_class;
