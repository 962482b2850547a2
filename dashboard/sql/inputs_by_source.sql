-- The input files of the latest ETL run: provenance (licence, file date, sha256) and counts.
WITH latest AS (
    SELECT run_id
    FROM etl_runs
    ORDER BY finished_at DESC
    LIMIT 1
)

SELECT
    i.source_name,
    coalesce(i.label, i.source_name) AS label,
    coalesce(i.label_en, i.label, i.source_name) AS label_en,
    i.path,
    i.format,
    i.licence,
    i.file_date,
    i.sha256,
    i.bytes,
    i.records_read,
    i.records_loaded,
    i.records_rejected,
    i.duplicates_dropped,
    i.concessions_skipped
FROM etl_inputs AS i
JOIN latest USING (run_id)
ORDER BY i.source_name, i.path;
