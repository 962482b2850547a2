-- The sources of the latest ETL run, with their readable label, licence and file date (the footer
-- of every page).
-- data_date, « données au »: the latest notification date in the data (etl_runs.data_date).
WITH latest AS (
    SELECT
        run_id,
        finished_at,
        data_date
    FROM etl_runs
    ORDER BY finished_at DESC
    LIMIT 1
)

SELECT
    etl_inputs.source_name,
    any_value(coalesce(etl_inputs.label, etl_inputs.source_name)) AS label,
    any_value(coalesce(etl_inputs.label_en, etl_inputs.label, etl_inputs.source_name)) AS label_en,
    etl_inputs.licence,
    max(etl_inputs.file_date) AS file_date,
    any_value(latest.finished_at)::DATE AS built_on,
    any_value(latest.data_date) AS data_date
FROM etl_inputs
JOIN latest USING (run_id)
GROUP BY etl_inputs.source_name, etl_inputs.licence
ORDER BY etl_inputs.source_name, etl_inputs.licence;
