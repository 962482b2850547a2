-- fact_awards: the one award-level table, and the vocabularies its columns use.
CREATE TYPE size_class_t AS ENUM ('PME', 'ETI', 'GE', 'large', 'unknown');
CREATE TYPE size_basis_t AS ENUM ('source', 'sirene', 'none');
CREATE TYPE contract_type_t AS ENUM ('works', 'supplies', 'services', 'unknown');
-- amount_status as contracts have it, plus 'other_currency' (an ok amount) and
-- 'other_currency_aberrant': an amount in another currency than its country's (260_countries.sql),
-- counted in no amount sum, aberrant amounts added or not (Method §18).
CREATE TYPE amount_status_t AS ENUM ('ok', 'missing', 'aberrant', 'other_currency', 'other_currency_aberrant');
-- How a size was said: INSEE's register categories (SIRENE, or decp.info's PME/ETI/GE) or a
-- publisher's declared SME / large flag (OCDS, TED); none when unknown.
CREATE TYPE size_vocabulary_t AS ENUM ('insee', 'declared', 'none');
-- French procurement thresholds: 40 k€ (publicity), 90 k€ (formal publicity),
-- 215 k€ (EU supplies/services), 5.5 M€ (EU works).
CREATE TYPE procedure_family_t AS ENUM (
    'open', 'restricted', 'negotiated', 'no_competition', 'adapted', 'other', 'unknown'
);
CREATE TYPE supplier_place_t AS ENUM ('local', 'outside', 'unknown');
CREATE TYPE amount_bracket_t AS ENUM ('lt40k', '40k-90k', '90k-215k', '215k-5.5M', 'gt5.5M', 'unknown');

-- One row per award (contract x distinct winner, DESIGN §Method 3-4), with the contract columns
-- the filters need, in contracts' order (buyer, year, contract_uid) so that a one-buyer query
-- reads a few row groups only. Contract columns the app reads for a page of rows only are left to
-- `contracts` (contract_uid, notification_date, buyer_name, nature, by contract_row) and the
-- SIREN is derived (in the awards view): writing them here again would cost a fifth of the build
-- of this table.
-- Winners meet their contract through its uid (kept); contract_row is the contract's row id.
-- A winner whose published id is a placeholder has no supplier_id and no supplier_key: it is a
-- share of its contract but no supplier one can follow (`suppliers` leaves it out).
-- `awards` below is its DESIGN view.
CREATE TABLE fact_awards AS
SELECT
    c.year,
    c.buyer_id,
    coalesce(w.supplier_siren, w.supplier_id) AS supplier_key,
    w.supplier_id,
    w.supplier_id_scheme,
    w.supplier_name,
    -- Size: the publisher's own field (INSEE's categories, or a declared SME / large flag), then
    -- SIRENE's category on the SIREN, else unknown.
    CASE
        WHEN w.category_source IN ('PME', 'ETI', 'GE') THEN w.category_source
        WHEN w.category_source = 'SME' THEN 'PME'
        WHEN w.category_source = 'LARGE' THEN 'large'
        WHEN s.category IN ('PME', 'ETI', 'GE') THEN s.category
        ELSE 'unknown'
    END::size_class_t AS size_class,
    CASE
        WHEN w.category_source IN ('PME', 'ETI', 'GE', 'SME', 'LARGE') THEN 'source'
        WHEN s.category IN ('PME', 'ETI', 'GE') THEN 'sirene'
        ELSE 'none'
    END::size_basis_t AS size_basis,
    CASE
        WHEN w.category_source IN ('SME', 'LARGE') THEN 'declared'
        WHEN w.category_source IN ('PME', 'ETI', 'GE') OR s.category IN ('PME', 'ETI', 'GE') THEN 'insee'
        ELSE 'none'
    END::size_vocabulary_t AS size_vocabulary,
    c.country,
    c.cpv_code,
    c.cpv_division,
    coalesce(c.contract_type, 'unknown')::contract_type_t AS contract_type,
    c.procedure,
    -- The competition indicators (issue 14): the procedure's family (035) and the bids received.
    procedure_family_of(c.procedure, pf.family)::procedure_family_t AS procedure_family,
    c.bids_received,
    -- The clauses of the Concurrence page (NULL where not published): a reserved contract (a social
    -- consideration naming a « marché réservé »), an innovative one, declared subcontracting.
    CASE WHEN c.social_clause IS NOT NULL THEN lower(strip_accents(c.social_clause)) LIKE '%reserv%' END
        AS reserved,
    c.innovative,
    c.subcontracting_declared,
    c.is_framework,
    CASE WHEN c.amount_status = 'missing' OR c.currency = cc.currency THEN c.amount_status
        WHEN c.amount_status = 'ok' THEN 'other_currency'
        ELSE 'other_currency_aberrant' END::amount_status_t AS amount_status,
    CASE
        -- French thresholds, in euros: an amount in another currency has no bracket.
        WHEN c.amount_status = 'missing' OR c.currency <> 'EUR' THEN 'unknown'
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
    c.rowid AS contract_row,
    -- The Données filter on uids that look like several contracts (contracts.quality_flags).
    coalesce(contains(c.quality_flags, 'merged_uid'), false) AS merged_uid,
    department_code(w.department) AS supplier_department,
    w.region AS supplier_region,
    w.distance_km AS supplier_distance_km,
    -- The buyer's place, for the dept and region filters and the Territoires page: the région as
    -- published, else the one of the département (a DECP 2019 lieuExecution gives a département only).
    c.buyer_department,
    coalesce(c.buyer_region, region_of_department(c.buyer_department)) AS buyer_region,
    -- Where the winner is against the buyer (Method §16; supplier_department above): in its
    -- département (local), in another (outside), or unknown when either is not published.
    CASE
        WHEN c.buyer_department IS NULL OR supplier_department IS NULL THEN 'unknown'
        WHEN supplier_department = c.buyer_department THEN 'local'
        ELSE 'outside'
    END::supplier_place_t AS supplier_place
FROM contracts AS c
JOIN kept AS k ON k.contract_uid = c.contract_uid
JOIN winners_norm AS w ON w.rec_no = k.rec_no
LEFT JOIN sirene_latest AS s ON s.siren = w.supplier_siren
JOIN countries AS cc ON cc.country = c.country
-- One key per distinct label (a few dozen), so the join reads no accents row by row.
LEFT JOIN (
    SELECT DISTINCT l.procedure, f.family
    FROM (SELECT DISTINCT procedure FROM contracts) AS l
    JOIN procedure_families AS f ON procedure_key(f.procedure) = procedure_key(l.procedure)
) AS pf ON pf.procedure = c.procedure
-- A winner without id (a placeholder, 200_winners.sql) sorts after its contract's others, by name.
ORDER BY contract_row, w.supplier_id, w.supplier_name;

-- Each country's size vocabularies (countries, 260): INSEE's register, declared flags, or both.
UPDATE countries
SET size_vocabularies = v.words
FROM (
    SELECT country, string_agg(DISTINCT size_vocabulary::VARCHAR, ', ' ORDER BY size_vocabulary::VARCHAR DESC) AS words
    FROM fact_awards
    WHERE size_vocabulary <> 'none'
    GROUP BY country
) AS v
WHERE countries.country = v.country;
