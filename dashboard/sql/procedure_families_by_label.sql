-- The procedure families (issue 14, Method §16): every label of the table (etl/rules/
-- procedure_families.csv) and every label the data publish, with its family, the formats that
-- publish it (NULL: a spelling seen in the data only, matched by procedure_key, or a label the
-- table lacks, family 'other') and its contracts; by family, then most contracts.
WITH seen AS (
    SELECT procedure, procedure_family::VARCHAR AS family, sum(weight) AS contracts
    FROM fact_awards
    WHERE procedure IS NOT NULL
    GROUP BY ALL
)

SELECT
    coalesce(t.procedure, seen.procedure) AS procedure,
    coalesce(t.family, seen.family) AS family,
    t.vocabulary,
    coalesce(seen.contracts, 0) AS contracts
FROM procedure_families AS t
FULL JOIN seen ON seen.procedure = t.procedure
ORDER BY
    list_position(['open', 'restricted', 'negotiated', 'no_competition', 'adapted', 'other'],
        coalesce(t.family, seen.family)),
    contracts DESC,
    procedure;
