-- ETL runs, latest first: when, which tool version, and the record counts.
SELECT
    run_id,
    started_at,
    finished_at,
    tool_version,
    records_read,
    records_loaded,
    records_rejected,
    duplicates_dropped,
    concessions_skipped
FROM etl_runs
ORDER BY finished_at DESC, run_id;
