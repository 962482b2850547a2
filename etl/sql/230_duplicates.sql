-- Duplicates: one record per contract_uid, the latest publication date, then the most
-- modifications, then the last one read. DECP 2022's datePublicationDonnees is the first
-- publication and never changes: its republished copies differ by the modifications appended.
-- A tabular file's loader already keeps one version per uid (load/tabular.sql): when it is the
-- only input, there is no duplicate left to drop, and its uids are not grouped again.
SET VARIABLE uids_unique = (
    SELECT count(DISTINCT input_no) = 1 AND bool_and(source_format = 'decp-tabular') FROM stg_contracts
);

CREATE TEMP TABLE kept AS
SELECT contract_uid, rec_no, input_no, winners, placeholders
FROM verdict
WHERE reason IS NULL AND getvariable('uids_unique')
UNION ALL
SELECT contract_uid, chosen.rec_no, chosen.input_no, chosen.winners, chosen.placeholders
FROM (
    SELECT
        contract_uid,
        arg_max(
            {rec_no: rec_no, input_no: input_no, winners: winners, placeholders: placeholders},
            (published, modifications, rec_no)
        ) AS chosen
    FROM verdict
    WHERE reason IS NULL AND NOT getvariable('uids_unique')
    GROUP BY contract_uid
);

CREATE TEMP TABLE duplicates_by_input AS
SELECT v.input_no, count(*) AS duplicates_dropped
FROM verdict AS v
ANTI JOIN kept AS k USING (rec_no)
WHERE v.reason IS NULL
GROUP BY v.input_no;

-- The same by the records' source_name, for the quality report (597_quality_report.sql), with a
-- decp.info file's older versions of a uid, which its loader drops (stg_input_counts): its records
-- all carry the file's name (load/tabular.sql).
CREATE TEMP TABLE duplicates_by_source AS
SELECT source_name, sum(dropped)::BIGINT AS duplicates_dropped
FROM (
    SELECT s.source_name, 1 AS dropped
    FROM verdict AS v
    ANTI JOIN kept AS k USING (rec_no)
    JOIN stg_contracts AS s USING (rec_no)
    WHERE v.reason IS NULL
    UNION ALL
    SELECT s.source_name, i.versions_superseded
    FROM stg_input_counts AS i
    JOIN (SELECT DISTINCT input_no, source_name FROM stg_contracts WHERE source_format = 'decp-tabular') AS s
        USING (input_no)
    WHERE i.versions_superseded > 0
)
GROUP BY source_name;
