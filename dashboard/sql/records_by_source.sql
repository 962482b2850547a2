-- The quality report per source: contracts kept, records rejected, duplicates dropped, and the
-- first and latest notification dates.
SELECT
    source_name,
    contracts,
    records_rejected,
    duplicates_dropped,
    first_notification,
    latest_notification
FROM quality_by_source
ORDER BY source_name;
