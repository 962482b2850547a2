-- Tables the app reads for speed (DESIGN.md: "views or pre-aggregated tables the app needs").
-- The aggregates are derived only from contracts + fact_awards, so they follow the Method by
-- construction; tests/test_aggregates.py checks them against the award rows + contracts.

CREATE TYPE size_class_t AS ENUM ('PME', 'ETI', 'GE', 'large', 'unknown');
CREATE TYPE size_basis_t AS ENUM ('source', 'sirene', 'none');
CREATE TYPE contract_type_t AS ENUM ('works', 'supplies', 'services', 'unknown');
CREATE TYPE amount_status_t AS ENUM ('ok', 'missing', 'aberrant');
-- French procurement thresholds: 40 k€ (publicity), 90 k€ (formal publicity),
-- 215 k€ (EU supplies/services), 5.5 M€ (EU works).
CREATE TYPE amount_bracket_t AS ENUM ('lt40k', '40k-90k', '90k-215k', '215k-5.5M', 'gt5.5M', 'unknown');

-- One row per award (contract x distinct winner, DESIGN §Method 3-4), with the contract columns
-- the filters need, in contracts' order (buyer, year, contract_uid) so that a one-buyer query
-- reads a few row groups only. Contract columns the app reads for a page of rows only are left to
-- `contracts` (contract_uid, notification_date, buyer_name, nature, by contract_row) and the
-- SIREN is derived (in the awards view): writing them here again would cost a fifth of the build
-- of this table.
-- Winners meet their contract through its uid (kept); contract_row is the contract's row id.
-- `awards` below is its DESIGN view.
CREATE TABLE fact_awards AS
SELECT
    c.year,
    c.buyer_id,
    coalesce(w.supplier_siren, w.supplier_id) AS supplier_key,
    w.supplier_id,
    w.supplier_id_scheme,
    w.supplier_name,
    -- Size: the publisher's own field, then SIRENE's category on the SIREN, else unknown.
    CASE
        WHEN w.category_source IN ('PME', 'ETI', 'GE') THEN w.category_source
        WHEN s.category IN ('PME', 'ETI', 'GE') THEN s.category
        ELSE 'unknown'
    END::size_class_t AS size_class,
    CASE
        WHEN w.category_source IN ('PME', 'ETI', 'GE') THEN 'source'
        WHEN s.category IN ('PME', 'ETI', 'GE') THEN 'sirene'
        ELSE 'none'
    END::size_basis_t AS size_basis,
    c.cpv_code,
    c.cpv_division,
    coalesce(c.contract_type, 'unknown')::contract_type_t AS contract_type,
    c.procedure,
    c.is_framework,
    c.amount_status::amount_status_t AS amount_status,
    CASE
        WHEN c.amount_status = 'missing' THEN 'unknown'
        WHEN c.amount < 40000 THEN 'lt40k'
        WHEN c.amount < 90000 THEN '40k-90k'
        WHEN c.amount < 215000 THEN '90k-215k'
        WHEN c.amount <= 5500000 THEN '215k-5.5M'
        ELSE 'gt5.5M'
    END::amount_bracket_t AS amount_bracket,
    c.amount,
    -- A groupement is split equally: weight 1/winners, amount/winners.
    1.0 / c.winners AS weight,
    -- amount / winners whatever the status, so "aberrant in" can add it; NULL when missing.
    CASE WHEN c.amount_status = 'missing' THEN NULL ELSE c.amount / c.winners END AS amount_weighted,
    -- The contract's row id in `contracts` (written by one INSERT, never updated): the data page
    -- joins its 100 rows' object and winners by row id instead of scanning every contract.
    c.rowid AS contract_row
FROM contracts AS c
JOIN kept AS k ON k.contract_uid = c.contract_uid
JOIN winners_norm AS w ON w.rec_no = k.rec_no
LEFT JOIN sirene_latest AS s ON s.siren = w.supplier_siren
ORDER BY contract_row, w.supplier_id;

-- Award columns derived from fact_awards, written once for the awards view, `suppliers` and the
-- app's extract (dashboard/sql/_award_row_columns.sql), and stored in the DB with them.
-- A winner's SIREN, when it has one, is its supplier_key (coalesce(supplier_siren, supplier_id)):
-- a 9-digit SIREN taken from a 14-digit SIRET differs from the id it was taken from.
CREATE MACRO award_siren(supplier_key, supplier_id) AS
    CASE WHEN supplier_key <> supplier_id THEN supplier_key END;

-- DESIGN's amount_share: the award's part of an ok amount, else NULL (Method §6).
CREATE MACRO award_amount_share(amount_status, amount_weighted) AS
    CASE WHEN amount_status = 'ok' THEN amount_weighted END;

-- DESIGN's awards table: one row per (contract, distinct winner), its columns and types.
CREATE VIEW awards AS
SELECT
    c.contract_uid,
    f.supplier_id,
    f.supplier_id_scheme,
    award_siren(f.supplier_key, f.supplier_id) AS supplier_siren,
    f.supplier_name,
    f.size_class::VARCHAR AS size_class,
    f.size_basis::VARCHAR AS size_basis,
    f.weight,
    award_amount_share(f.amount_status, f.amount_weighted) AS amount_share
FROM fact_awards AS f
JOIN contracts AS c ON c.rowid = f.contract_row;

-- Every filter dimension except buyer and supplier: what the "all buyers" views read.
-- sum(weight) over every size class of a group is its number of contracts.
CREATE TABLE agg_overview AS
SELECT
    year,
    cpv_division,
    contract_type,
    procedure,
    is_framework,
    amount_status,
    amount_bracket,
    size_class,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum,
    fsum(amount_weighted) AS amount_sum
FROM fact_awards
GROUP BY ALL
ORDER BY ALL;

-- Names: the most frequent spelling, ties to the latest then the first alphabetically, so that
-- two builds of the same inputs give the same rows. (Compensated sums, fsum, for the same reason.)
CREATE TABLE buyers AS
WITH counts AS (
    SELECT buyer_id, count(*) AS contracts, min(year) AS first_year, max(year) AS last_year
    FROM contracts
    GROUP BY buyer_id
),
names AS (
    SELECT buyer_id, arg_max(buyer_name, (n, latest, buyer_name)) AS buyer_name
    FROM (
        SELECT buyer_id, buyer_name, count(*) AS n, max(notification_date) AS latest
        FROM contracts
        WHERE buyer_name IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY buyer_id
),
-- The most frequent division of its contracts over the whole database (ties to the lowest code):
-- the Acheteurs page compares a buyer with buyers of the same main division and a similar volume.
divisions AS (
    SELECT buyer_id, arg_min(cpv_division, (-n, cpv_division)) AS main_cpv_division
    FROM (
        SELECT buyer_id, cpv_division, count(*) AS n
        FROM contracts
        WHERE cpv_division IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY buyer_id
)
SELECT c.buyer_id, n.buyer_name, c.contracts, c.first_year, c.last_year, d.main_cpv_division
FROM counts AS c
LEFT JOIN names AS n USING (buyer_id)
LEFT JOIN divisions AS d USING (buyer_id)
ORDER BY c.buyer_id;

CREATE TABLE suppliers AS
WITH totals AS (
    SELECT
        supplier_key,
        min(award_siren(supplier_key, supplier_id)) AS supplier_siren,
        fsum(weight) AS weight_sum,
        fsum(amount_weighted) FILTER (WHERE amount_status = 'ok') AS amount_sum,
        fsum(amount_weighted) FILTER (WHERE amount_status = 'aberrant') AS amount_aberrant_sum
    FROM fact_awards
    GROUP BY supplier_key
),
names AS (
    SELECT supplier_key, arg_max(supplier_name, (n, supplier_name)) AS supplier_name
    FROM (
        SELECT supplier_key, supplier_name, count(*) AS n
        FROM fact_awards
        WHERE supplier_name IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY supplier_key
),
sizes AS (
    SELECT supplier_key, arg_max(size_class, (n, size_class)) AS size_class
    FROM (SELECT supplier_key, size_class, count(*) AS n FROM fact_awards GROUP BY ALL)
    GROUP BY supplier_key
)
SELECT t.supplier_key, t.supplier_siren, n.supplier_name, z.size_class, t.weight_sum, t.amount_sum,
    t.amount_aberrant_sum
FROM totals AS t
LEFT JOIN names AS n USING (supplier_key)
JOIN sizes AS z USING (supplier_key)
ORDER BY t.supplier_key;

-- Per buyer, year, framework flag and amount status, the size classes side by side (4x fewer rows
-- than fact_awards): the buyer ranking reads it when no CPV, contract type or procedure filter is
-- set.
CREATE TABLE agg_buyers AS
SELECT
    buyer_id,
    year,
    is_framework,
    amount_status,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum,
    coalesce(fsum(weight) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
    coalesce(fsum(weight) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
    fsum(amount_weighted) AS amount_sum
FROM fact_awards
GROUP BY ALL
ORDER BY ALL;

-- Per buyer and notification year, where its awards start (first_row, a contract row id: contracts
-- and fact_awards are in buyer, year order), how many there are and how many come before it, with
-- and without framework agreements: where a long extract may be cut into ranges
-- (dashboard/sql/award_rows_cuts.sql; with no filter it needs no running sum of its own).
CREATE TABLE agg_buyer_years AS
SELECT
    *,
    coalesce(sum(award_rows) OVER preceding, 0) AS award_rows_before,
    coalesce(sum(award_rows_no_framework) OVER preceding, 0) AS award_rows_before_no_framework
FROM (
    SELECT
        buyer_id,
        year,
        min(contract_row) AS first_row,
        count(*) AS award_rows,
        min(contract_row) FILTER (WHERE NOT coalesce(is_framework, false)) AS first_row_no_framework,
        count(*) FILTER (WHERE NOT coalesce(is_framework, false)) AS award_rows_no_framework
    FROM fact_awards
    GROUP BY buyer_id, year
)
WINDOW preceding AS (ORDER BY first_row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
ORDER BY first_row;

-- Per 8-digit CPV code and every filter dimension but buyer and supplier, the size classes side
-- by side: the Secteurs drill-down (groups, classes) with no buyer. Sorted by code, so that one
-- division's rows are a few row groups.
CREATE TABLE agg_cpv_codes AS
SELECT
    cpv_code,
    cpv_division,
    year,
    contract_type,
    procedure,
    is_framework,
    amount_status,
    fsum(weight) AS weight_sum,
    coalesce(fsum(weight) FILTER (WHERE size_class = 'PME'), 0) AS pme_weight,
    coalesce(fsum(weight) FILTER (WHERE size_class <> 'unknown'), 0) AS classified_weight,
    fsum(amount_weighted) AS amount_sum,
    coalesce(fsum(amount_weighted) FILTER (WHERE size_class = 'PME'), 0) AS pme_amount,
    fsum(amount_weighted) FILTER (WHERE size_class <> 'unknown') AS classified_amount
FROM fact_awards
WHERE length(cpv_code) = 8
GROUP BY ALL
ORDER BY ALL;

-- The size coverage of the whole database (Méthode et qualité), by basis and class.
CREATE TABLE agg_size_basis AS
SELECT
    size_basis,
    size_class,
    count(*) AS award_rows,
    fsum(weight) AS weight_sum
FROM (SELECT size_basis::VARCHAR AS size_basis, size_class::VARCHAR AS size_class, weight FROM fact_awards)
GROUP BY ALL
ORDER BY ALL;

-- agg_buyers summed over the years, sorted by the buyer's whole-database weighted contracts
-- (buyer_contracts, an upper bound of its count under any filter), largest first: the ranking
-- with no year filter reads only the row groups of buyers that can reach its minimum.
CREATE TABLE agg_buyer_totals AS
WITH sums AS (
    SELECT
        buyer_id,
        is_framework,
        amount_status,
        sum(award_rows) AS award_rows,
        fsum(weight_sum) AS weight_sum,
        fsum(pme_weight) AS pme_weight,
        fsum(classified_weight) AS classified_weight,
        fsum(amount_sum) AS amount_sum
    FROM agg_buyers
    GROUP BY ALL
)
SELECT
    buyer_id,
    fsum(weight_sum) OVER (PARTITION BY buyer_id) AS buyer_contracts,
    is_framework,
    amount_status,
    award_rows,
    weight_sum,
    pme_weight,
    classified_weight,
    amount_sum
FROM sums
ORDER BY buyer_contracts DESC, buyer_id, is_framework, amount_status;

-- Contracts with an aberrant amount (a few per thousand), with the columns the Méthode page shows
-- and filters on: its list reads this instead of scanning every contract.
CREATE TABLE aberrant_contracts AS
SELECT
    contract_uid,
    buyer_id,
    buyer_name,
    year,
    amount,
    object,
    cpv_division,
    contract_type,
    procedure,
    is_framework
FROM contracts
WHERE amount_status = 'aberrant'
ORDER BY amount DESC NULLS LAST, contract_uid;
