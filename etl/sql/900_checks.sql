-- Publication checks: each query must return zero rows, or the build is refused and the
-- published file stays as it was. "-- check:" names the rule in the error message.

-- check: contract_uid is unique
SELECT contract_uid FROM contracts GROUP BY contract_uid HAVING count(*) > 1;

-- check: every award belongs to a contract, and a contract's awards are as many as its winners, weigh 1 in all, and carry an amount share exactly when its amount is ok
SELECT coalesce(c.contract_uid, 'contract_row ' || a.contract_row)
FROM (SELECT rowid AS contract_row, contract_uid, winners, amount_status FROM contracts) AS c
FULL JOIN (
    SELECT
        contract_row,
        count(*) AS n,
        fsum(weight) AS w,
        count(award_amount_share(amount_status, amount_weighted)) AS shares
    FROM fact_awards
    GROUP BY contract_row
) AS a USING (contract_row)
WHERE c.contract_uid IS NULL
    OR c.winners IS DISTINCT FROM a.n
    OR abs(a.w - 1) > 1e-9
    OR a.shares <> CASE WHEN c.amount_status = 'ok' THEN a.n ELSE 0 END
ORDER BY 1;

-- check: contracts are stored in buyer, notification year, contract_uid order
-- (NULL years last): the extract's order (contract_row, supplier_id) and its ranges rely on it.
SELECT contract_uid
FROM (
    SELECT
        contract_uid,
        {buyer: buyer_id, year: coalesce(year, 2147483647), uid: contract_uid} AS key,
        lag({buyer: buyer_id, year: coalesce(year, 2147483647), uid: contract_uid}) OVER (ORDER BY rowid) AS previous
    FROM contracts
)
WHERE key <= previous;

-- check: one award per contract and distinct winner (a winner without id: per distinct name)
SELECT c.contract_uid
FROM (
    SELECT contract_row
    FROM fact_awards
    GROUP BY contract_row, supplier_id, CASE WHEN supplier_id IS NULL THEN upper(supplier_name) END
    HAVING count(*) > 1
) AS a
JOIN contracts AS c ON c.rowid = a.contract_row;

-- check: vocabularies (size_class, size_basis, amount_status, contract_type)
SELECT 'contract_row ' || contract_row FROM fact_awards
WHERE size_class::VARCHAR NOT IN ('PME', 'ETI', 'GE', 'large', 'unknown')
    OR size_basis::VARCHAR NOT IN ('source', 'sirene', 'none')
UNION ALL
SELECT contract_uid FROM contracts
WHERE amount_status NOT IN ('ok', 'missing', 'aberrant')
    OR contract_type NOT IN ('works', 'supplies', 'services');

-- check: cpv_code is 8 digits and its division its first two; years between 2000 and today
SELECT contract_uid FROM contracts
WHERE NOT regexp_full_match(cpv_code, '[0-9]{8}')
    OR cpv_division <> left(cpv_code, 2)
    OR year < 2000
    OR notification_date > current_date;

-- check: agg_overview holds every award and amount of fact_awards
SELECT 'agg_overview'
FROM (SELECT sum(award_rows) AS n, fsum(amount_sum) AS s FROM agg_overview) AS g,
    (SELECT count(*) AS n, fsum(amount_weighted) AS s FROM fact_awards) AS f
WHERE g.n <> f.n OR abs(coalesce(g.s, 0) - coalesce(f.s, 0)) > 1e-9 * greatest(1, abs(coalesce(f.s, 0)));

-- check: the per-buyer, per-CPV-code, size-basis and supplier aggregates add up to fact_awards (awards, weights, PME weights, amounts)
WITH f AS (
    SELECT
        count(*) AS n,
        fsum(weight) AS w,
        coalesce(fsum(weight) FILTER (WHERE size_class = 'PME'), 0) AS pme,
        coalesce(fsum(amount_weighted), 0) AS s,
        coalesce(fsum(amount_weighted) FILTER (WHERE amount_status = 'ok'), 0) AS s_ok,
        count(*) FILTER (WHERE length(cpv_code) = 8) AS n_cpv,
        coalesce(fsum(weight) FILTER (WHERE length(cpv_code) = 8), 0) AS w_cpv,
        coalesce(fsum(weight) FILTER (WHERE length(cpv_code) = 8 AND size_class = 'PME'), 0) AS pme_cpv,
        coalesce(fsum(amount_weighted) FILTER (WHERE length(cpv_code) = 8), 0) AS s_cpv,
        -- `suppliers` holds the awards of a known winner only (no placeholder id).
        coalesce(fsum(weight) FILTER (WHERE supplier_key IS NOT NULL), 0) AS w_keyed,
        coalesce(fsum(amount_weighted) FILTER (WHERE amount_status = 'ok' AND supplier_key IS NOT NULL), 0)
            AS s_ok_keyed
    FROM fact_awards
),
g AS (
    SELECT 'agg_buyers' AS name, sum(award_rows) AS n, fsum(weight_sum) AS w, fsum(pme_weight) AS pme,
        coalesce(fsum(amount_sum), 0) AS s, f.n AS n_ref, f.w AS w_ref, f.pme AS pme_ref, f.s AS s_ref
    FROM agg_buyers, f
    GROUP BY ALL
    UNION ALL
    SELECT 'agg_buyer_years', sum(award_rows), NULL, NULL, NULL, f.n, NULL, NULL, NULL
    FROM agg_buyer_years, f
    GROUP BY ALL
    UNION ALL
    SELECT 'agg_buyer_totals', sum(award_rows), fsum(weight_sum), fsum(pme_weight),
        coalesce(fsum(amount_sum), 0), f.n, f.w, f.pme, f.s
    FROM agg_buyer_totals, f
    GROUP BY ALL
    UNION ALL
    SELECT 'agg_cpv_codes', NULL, fsum(weight_sum), fsum(pme_weight), coalesce(fsum(amount_sum), 0),
        NULL, f.w_cpv, f.pme_cpv, f.s_cpv
    FROM agg_cpv_codes, f
    GROUP BY ALL
    UNION ALL
    SELECT 'agg_size_basis', sum(award_rows), fsum(weight_sum), NULL, NULL, f.n, f.w, NULL, NULL
    FROM agg_size_basis, f
    GROUP BY ALL
    UNION ALL
    SELECT 'suppliers', NULL, fsum(weight_sum), NULL, coalesce(fsum(amount_sum), 0), NULL, f.w_keyed, NULL,
        f.s_ok_keyed
    FROM suppliers, f
    GROUP BY ALL
)
SELECT name
FROM g
WHERE n IS DISTINCT FROM n_ref
    OR abs(w - w_ref) > 1e-9 * greatest(1, w_ref)
    OR abs(coalesce(pme, 0) - coalesce(pme_ref, 0)) > 1e-9 * greatest(1, coalesce(pme_ref, 0))
    OR abs(coalesce(s, 0) - coalesce(s_ref, 0)) > 1e-9 * greatest(1, abs(coalesce(s_ref, 0)));

-- check: aberrant_contracts holds exactly the contracts with an aberrant amount
SELECT coalesce(a.contract_uid, c.contract_uid)
FROM aberrant_contracts AS a
FULL JOIN (SELECT contract_uid FROM contracts WHERE amount_status = 'aberrant') AS c USING (contract_uid)
WHERE a.contract_uid IS NULL OR c.contract_uid IS NULL;

-- check: quality flags are merged_uid, cpv_repaired, winner_id_placeholder, each once, in that order
SELECT contract_uid FROM contracts
WHERE quality_flags IS NOT NULL
    AND quality_flags NOT IN (
        'merged_uid', 'cpv_repaired', 'winner_id_placeholder', 'merged_uid, cpv_repaired',
        'merged_uid, winner_id_placeholder', 'cpv_repaired, winner_id_placeholder',
        'merged_uid, cpv_repaired, winner_id_placeholder'
    );

-- check: a contract's flags agree with its awards: winner_id_placeholder exactly when one has no winner id (of unknown size and no supplier), merged_uid as fact_awards says
SELECT coalesce(c.contract_uid, 'contract_row ' || a.contract_row)
FROM (
    SELECT
        rowid AS contract_row,
        contract_uid,
        coalesce(contains(quality_flags, 'winner_id_placeholder'), false) AS placeholder_flag,
        coalesce(contains(quality_flags, 'merged_uid'), false) AS merged_flag
    FROM contracts
) AS c
FULL JOIN (
    SELECT
        contract_row,
        bool_or(supplier_id IS NULL) AS placeholder,
        bool_or(supplier_id IS NULL AND (size_class <> 'unknown' OR supplier_key IS NOT NULL)) AS misclassified,
        bool_or(merged_uid) AS merged_any,
        bool_and(merged_uid) AS merged_all
    FROM fact_awards
    GROUP BY contract_row
) AS a USING (contract_row)
WHERE c.placeholder_flag <> coalesce(a.placeholder, false)
    OR a.misclassified
    OR c.merged_flag <> coalesce(a.merged_any, false)
    OR a.merged_any <> a.merged_all
ORDER BY 1;

-- check: a CPV code flagged cpv_repaired has its quality note, and begins with the zero moved to the front
SELECT c.contract_uid
FROM contracts AS c
WHERE contains(c.quality_flags, 'cpv_repaired')
    AND (left(c.cpv_code, 1) <> '0'
        OR NOT EXISTS (SELECT 1 FROM quality_notes AS q WHERE q.contract_uid = c.contract_uid AND q.field = 'cpv_code'));

-- check: is_framework says the nature or the techniques name a framework agreement (Method §7)
SELECT min(contract_uid)
FROM contracts
GROUP BY nature, techniques, is_framework
HAVING is_framework <> coalesce(
    lower(strip_accents(nature)) LIKE '%accord%cadre%' OR lower(strip_accents(techniques)) LIKE '%accord%cadre%'
        OR lower(techniques) LIKE '%framework agreement%',
    false
);

-- check: modifications are counted from 0
SELECT contract_uid FROM contracts WHERE modifications IS NULL OR modifications < 0;

-- check: départements are INSEE codes (100_rules.sql department_code)
SELECT min(contract_uid)
FROM contracts
GROUP BY buyer_department
HAVING NOT regexp_full_match(buyer_department, '0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8]|98[4-8]')
UNION ALL
SELECT 'contract_row ' || min(contract_row)
FROM fact_awards
GROUP BY supplier_department
HAVING NOT regexp_full_match(supplier_department, '0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8]|98[4-8]');

-- check: agg_contract_quality counts every contract once
SELECT 'agg_contract_quality'
FROM (SELECT sum(contracts) AS n FROM agg_contract_quality) AS g, (SELECT count(*) AS n FROM contracts) AS c
WHERE g.n IS DISTINCT FROM c.n;

-- check: the quality report counts every contract and rejected record once
SELECT 'quality_completeness'
FROM (SELECT sum(contracts) AS n FROM quality_completeness) AS q, (SELECT count(*) AS n FROM contracts) AS c
WHERE q.n IS DISTINCT FROM c.n
UNION ALL
SELECT 'quality_by_source'
FROM (SELECT sum(contracts) AS kept, sum(records_rejected) AS rejected FROM quality_by_source) AS q
WHERE q.kept IS DISTINCT FROM (SELECT count(*) FROM contracts)
    OR q.rejected IS DISTINCT FROM (SELECT count(*) FROM rejected_records);
