-- Coverage of company size over the whole database: weighted awards by size basis and class
-- (from agg_size_basis, the awards table summed by the ETL).
SELECT
    size_basis,
    size_class,
    award_rows,
    weight_sum AS contracts
FROM agg_size_basis
ORDER BY size_basis, size_class;
