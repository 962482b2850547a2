-- PME shares by amount bracket; aberrant amounts sit in no bracket unless they are included.
WITH
-- include: _filtered_facts
,
sums AS (
    SELECT
        amount_bracket,
-- include: _share_sums
    FROM filtered
    WHERE amount_status <> 'aberrant' OR $aberrant
    GROUP BY amount_bracket
)

SELECT
    amount_bracket::VARCHAR AS amount_bracket,
    contracts,
-- include: _share_columns
FROM sums
ORDER BY sums.amount_bracket;
