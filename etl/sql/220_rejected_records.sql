-- rejected_records: every staged record that cannot be used, with the rule it fails.
-- A record is usable when it has a buyer, an id and at least one winner with an id (or a name,
-- for an id of zeros: 200_winners.sql).
CREATE TEMP TABLE verdict AS
SELECT
    s.rec_no,
    s.input_no,
    s.contract_uid,
    coalesce(s.reject_reason, CASE WHEN w.winners IS NULL THEN 'no titulaire with an id' END) AS reason,
    w.winners,
    w.placeholders,
    coalesce(parsed_date(s.publication_raw), DATE '0001-01-01') AS published,
    coalesce(s.modifications, 0) AS modifications
FROM stg_contracts AS s
LEFT JOIN (
    SELECT rec_no, count(*)::INTEGER AS winners, count(*) FILTER (WHERE id_placeholder)::INTEGER AS placeholders
    FROM winners_norm
    GROUP BY rec_no
) AS w USING (rec_no);

INSERT INTO rejected_records
SELECT
    s.source_name,
    coalesce(s.contract_uid, s.contract_id, '#' || (s.rec_no % 10000000000)::VARCHAR),
    v.reason,
    -- The record as published when the loader kept it, else its staged fields.
    left(coalesce(s.raw_excerpt, to_json({
        id: s.contract_id, acheteur_id: s.buyer_id, acheteur_nom: s.buyer_name, codeCPV: s.cpv_raw,
        montant: s.amount, dateNotification: s.notification_raw
    })::VARCHAR), 500)
FROM verdict AS v
JOIN stg_contracts AS s USING (rec_no)
WHERE v.reason IS NOT NULL
ORDER BY v.rec_no;
