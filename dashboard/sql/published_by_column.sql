-- For each column a source may leave out, how many contracts (awards, for a winner's columns)
-- publish it, out of how many: contracts' columns first, then awards', by name.
SELECT table_name, column_name, published, out_of
FROM agg_column_coverage
ORDER BY table_name DESC, column_name;
