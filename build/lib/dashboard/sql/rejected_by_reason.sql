-- Records the ETL could not use, counted by source and reason, with one example reference.
SELECT
    source_name,
    reason,
    count(*) AS records,
    min(record_ref) AS example_ref
FROM rejected_records
GROUP BY source_name, reason
ORDER BY records DESC, source_name, reason;
