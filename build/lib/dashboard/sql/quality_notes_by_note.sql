-- Values kept but corrected by the ETL, counted by field and note, with one example raw value.
SELECT
    field,
    note,
    count(*) AS records,
    min(raw_value) AS example_value
FROM quality_notes
GROUP BY field, note
ORDER BY records DESC, field, note;
