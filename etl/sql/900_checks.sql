-- Publication checks: each query must return zero rows, or the build is refused and the
-- published file stays as it was. "-- check:" names the rule in the error message.

-- check: contract_uid is unique
SELECT contract_uid FROM contracts GROUP BY contract_uid HAVING count(*) > 1;

-- check: every award belongs to a contract
SELECT a.contract_uid FROM awards AS a ANTI JOIN contracts AS c USING (contract_uid);

-- check: every contract has as many awards as winners
SELECT c.contract_uid
FROM contracts AS c
LEFT JOIN (SELECT contract_uid, count(*) AS n FROM awards GROUP BY contract_uid) AS a USING (contract_uid)
WHERE c.winners IS DISTINCT FROM a.n;

-- check: the weights of a contract's awards add up to 1
SELECT contract_uid FROM awards GROUP BY contract_uid HAVING abs(sum(weight) - 1) > 1e-9;

-- check: vocabularies (size_class, size_basis, amount_status, contract_type)
SELECT contract_uid FROM awards
WHERE size_class NOT IN ('PME', 'ETI', 'GE', 'large', 'unknown')
    OR size_basis NOT IN ('source', 'sirene', 'none')
UNION ALL
SELECT contract_uid FROM contracts
WHERE amount_status NOT IN ('ok', 'missing', 'aberrant')
    OR contract_type NOT IN ('works', 'supplies', 'services');

-- check: amount_share only for ok amounts
SELECT a.contract_uid FROM awards AS a JOIN contracts AS c USING (contract_uid)
WHERE (c.amount_status = 'ok') <> (a.amount_share IS NOT NULL);

-- check: cpv_code is 8 digits and its division its first two
SELECT contract_uid FROM contracts
WHERE NOT regexp_full_match(cpv_code, '[0-9]{8}') OR cpv_division <> left(cpv_code, 2);

-- check: notification years between 2000 and today
SELECT contract_uid FROM contracts WHERE year < 2000 OR notification_date > current_date;

-- check: the app tables hold the same awards, weights and amounts as the raw tables
SELECT 'fact_awards' FROM (SELECT count(*) AS n, sum(weight) AS w FROM fact_awards) AS f,
    (SELECT count(*) AS n, sum(weight) AS w FROM awards) AS a
WHERE f.n <> a.n OR abs(f.w - a.w) > 1e-6
UNION ALL
SELECT 'agg_overview' FROM (SELECT sum(award_rows) AS n, sum(amount_sum) AS s FROM agg_overview) AS g,
    (SELECT count(*) AS n, sum(amount_weighted) AS s FROM fact_awards) AS f
WHERE g.n <> f.n OR abs(coalesce(g.s, 0) - coalesce(f.s, 0)) > 1e-6 * greatest(1, abs(coalesce(f.s, 0)));
