-- Award columns derived from fact_awards, written once for the awards view, `suppliers` and the
-- app's extract (dashboard/sql/_award_row_columns.sql), and stored in the DB with them.
-- A winner's SIREN, when it has one, is its supplier_key (coalesce(supplier_siren, supplier_id)):
-- a 9-digit SIREN taken from a 14-digit SIRET differs from the id it was taken from.
CREATE MACRO award_siren(supplier_key, supplier_id) AS
    CASE WHEN supplier_key <> supplier_id THEN supplier_key END;

-- Which amounts count in a sum (Method §6): ok amounts, and aberrant ones too when the app's
-- switch says so (its $aberrant). The one copy of the rule: every amount sum of the app uses it.
CREATE MACRO amount_counts(amount_status, aberrant) AS
    amount_status = 'ok' OR (aberrant AND amount_status = 'aberrant');

-- DESIGN's amount_share: the award's part of an ok amount, in its contract's currency (an amount in
-- another currency than its country's is ok too, though no sum counts it), else NULL (Method §6).
CREATE MACRO award_amount_share(amount_status, amount_weighted) AS
    CASE WHEN amount_counts(amount_status, false) OR amount_status = 'other_currency' THEN amount_weighted END;

-- The published awards table: one row per (contract, distinct winner), the columns and types of
-- common/schema.toml.
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
    award_amount_share(f.amount_status, f.amount_weighted) AS amount_share,
    f.supplier_department,
    f.supplier_region,
    f.supplier_distance_km
FROM fact_awards AS f
JOIN contracts AS c ON c.rowid = f.contract_row;
