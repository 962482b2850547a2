"""The only code that runs SQL at app time: one function per file in dashboard/sql/, same name.

Each call reads the DuckDB file read-only (through the process's one handle on it, `_cursor`),
binds values as $parameters and returns a small aggregate frame. No Streamlit here: caching lives
in `dashboard.ui`.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd
import pyarrow as pa

from common import settings, sqlfiles
from dashboard.filters import DEFAULT_MIN_CONTRACTS, Filters, RowOrder
from dashboard.geo import Level

SQL_DIR = Path(__file__).resolve().parent / "sql"


class DatabaseMissing(Exception):  # noqa: N818 (the name is part of the design contract)
    """The DuckDB file does not exist: it has not been built yet."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"database not found: {path}")
        self.path = path


def db_path() -> Path:
    """The database file: env PROCUREMENT_DB, else data/procurement.duckdb in the project."""
    return settings.db_path()


def db_version(db: Path) -> int:
    """The file's mtime in ns (a cache key that changes when the ETL swaps a new file in)."""
    try:
        return db.stat().st_mtime_ns
    except FileNotFoundError:
        raise DatabaseMissing(db) from None


# The read-only handle on the DB file: (path, file version, connection), one at a time.
_HANDLE: tuple[str, int, duckdb.DuckDBPyConnection] | None = None
_HANDLE_LOCK = threading.Lock()
# What the handle keeps of the file in memory between queries (DuckDB's own default is 80 % of the
# RAM); past it a query spills beside the file, as a read-only connection to it did.
HANDLE_MEMORY = "2GB"


def _cursor(db: Path) -> duckdb.DuckDBPyConnection:
    """A cursor (its own connection, for one thread) on the process's read-only handle on `db`.

    Opening the file reads its catalog, about 20 ms at 1.6 M rows: paid once per file version, not
    per query (a filter change on Données ran its three queries in 114 ms, 35 ms through the
    handle). The handle is an in-memory database that ATTACHes the file, because duckdb.connect(path)
    hands back the database already open on that path: after the ETL swapped a new file in, it would
    keep reading the old one. A new version (mtime) or another path gets a new handle; the old one
    closes with its last cursor (a download begun on the old file ends on it)."""
    global _HANDLE
    with _HANDLE_LOCK:
        try:
            version = db_version(db)
        except DatabaseMissing:
            _HANDLE = None  # the file is gone: let its handle go
            raise
        if _HANDLE is None or _HANDLE[:2] != (str(db), version):
            handle = duckdb.connect(config={"memory_limit": HANDLE_MEMORY, "temp_directory": f"{db}.tmp"})
            handle.execute("ATTACH $path AS published (READ_ONLY)", {"path": str(db)})
            _HANDLE = (str(db), version, handle)
        cursor = _HANDLE[2].cursor()
    cursor.execute("USE published")
    return cursor


def _bound(name: str, params: Mapping[str, object]) -> tuple[str, dict[str, object]]:
    """The one statement of dashboard/sql/<name>.sql and its $parameters' values from `params`."""
    statement = sqlfiles.single(SQL_DIR / f"{name}.sql")
    return statement.text, statement.bind(params)


def run(db: Path, name: str, params: Mapping[str, object]) -> pd.DataFrame:
    """Run dashboard/sql/<name>.sql read-only with the $parameters it uses taken from `params`."""
    sql, values = _bound(name, params)
    with _cursor(db) as con:
        return con.execute(sql, values).df()


# Reference lists (whole database, no filters)


def contracts_by_year(db: Path) -> pd.DataFrame:
    """Years present (notification year) with their number of contracts; one row per year."""
    return run(db, "contracts_by_year", {})


def contracts_by_procedure(db: Path) -> pd.DataFrame:
    """Procedures as published with their number of contracts, most used first."""
    return run(db, "contracts_by_procedure", {})


def contracts_by_cpv_division(db: Path) -> pd.DataFrame:
    """CPV divisions present with their labels (label_fr, label_en) and contracts, by code."""
    return run(db, "contracts_by_cpv_division", {})


def buyers_by_text(db: Path, text: str, limit: int = 20) -> pd.DataFrame:
    """Up to `limit` buyers whose SIRET starts with / name contains `text` (buyer_id, buyer_name,
    contracts), most contracts first."""
    return run(db, "buyers_by_text", {"text": text.strip(), "limit": limit})


def buyer_by_id(db: Path, buyer_id: str) -> pd.DataFrame:
    """The buyer with this id (buyer_id, buyer_name, contracts, first_year, last_year,
    main_cpv_division): 0 or 1 row."""
    return run(db, "buyer_by_id", {"buyer_id": buyer_id})


def supplier_by_key(db: Path, supplier_key: str) -> pd.DataFrame:
    """The supplier with this key (SIREN, else published id) from `suppliers`: 0 or 1 row."""
    return run(db, "supplier_by_key", {"supplier_key": supplier_key})


def cpv_division_by_code(db: Path, code: str) -> pd.DataFrame:
    """The CPV 2008 division `code` (2 digits) with its labels, from the `cpv` table: 0 or 1 row."""
    return run(db, "cpv_division_by_code", {"code": code})


def cpv_code_by_prefix(db: Path, prefix: str) -> pd.DataFrame:
    """One CPV code of the data that starts with `prefix`: 0 or 1 row."""
    return run(db, "cpv_code_by_prefix", {"prefix": prefix})


def procedure_by_name(db: Path, procedure: str) -> pd.DataFrame:
    """The procedure as published with its contracts: 0 or 1 row."""
    return run(db, "procedure_by_name", {"procedure": procedure})


def provenance_by_source(db: Path) -> pd.DataFrame:
    """Sources of the latest ETL run: source_name, label, licence, file_date, built_on, data_date."""
    return run(db, "provenance_by_source", {})


# Territoires: the buyers' places (fact_awards.buyer_department, buyer_region).


def contracts_by_department(db: Path) -> pd.DataFrame:
    """The buyers' départements present (code) with their contracts, by code (whole database)."""
    return run(db, "contracts_by_department", {})


def contracts_by_region(db: Path) -> pd.DataFrame:
    """The buyers' régions present (code) with their contracts, by code (whole database)."""
    return run(db, "contracts_by_region", {})


def sme_share_by_country(db: Path, f: Filters) -> pd.DataFrame:
    """One row per country (code) and size vocabulary (insee, declared, none) under the sidebar
    filters but the country: its currency, contracts, their part of the country's, and the PME
    shares of _share_columns (amounts in the country's currency)."""
    return run(db, "sme_share_by_country", f.replace(country=None).sql_params())


def countries_by_contracts(db: Path) -> pd.DataFrame:
    """The countries of the data (code) with their contracts, the currency their amounts are summed
    in, their contracts in another currency and the default one (is_default); most contracts first."""
    return run(db, "countries_by_contracts", {})


def country_by_code(db: Path, code: str) -> pd.DataFrame:
    """The country `code` if the data have it: 0 or 1 row."""
    return run(db, "country_by_code", {"code": code})


def department_by_code(db: Path, code: str) -> pd.DataFrame:
    """The buyers' département `code` if the data have it: 0 or 1 row."""
    return run(db, "department_by_code", {"code": code})


def region_by_code(db: Path, code: str) -> pd.DataFrame:
    """The buyers' région `code` if the data have it: 0 or 1 row."""
    return run(db, "region_by_code", {"code": code})


def sme_share_by_territory(db: Path, f: Filters, level: Level) -> pd.DataFrame:
    """One row per buyer's département (`level` "dept") or région ("region"), code NaN where not
    published: contracts, PME shares, coverage, sums, 95 % Wilson bounds of the count share; most
    contracts first."""
    return run(db, "sme_share_by_territory", {**f.sql_params(), "level": level})


def awards_by_supplier_place(db: Path, f: Filters) -> pd.DataFrame:
    """Rows `local`, `outside`, `unknown` (winner in the buyer's département, elsewhere, either place
    not published) then the total (is_total): part_count, part_amount (0-1), median_distance_km,
    distance_awards, contracts and PME shares."""
    return run(db, "awards_by_supplier_place", f.sql_params())


# Measures under the current filters. Contracts are weighted award counts (sum of weight);
# amounts are euros of ok amounts (plus aberrant ones when f.aberrant); shares are 0-1.


def size_split_by_year(db: Path, f: Filters) -> pd.DataFrame:
    """One row per (year, size_class): weight_sum, amount_sum. year is NaN for undated contracts."""
    return run(db, "size_split_by_year", f.sql_params())


def sme_share_by_year(db: Path, f: Filters) -> pd.DataFrame:
    """PME shares (Method §5) by year (NaN: undated), then one row (is_total) over the whole
    selection: contracts, share_count, share_amount, their classified variants, coverage,
    amount_total and the sums behind them."""
    return run(db, "sme_share_by_year", f.sql_params())


def size_split_by_contract_type(db: Path, f: Filters) -> pd.DataFrame:
    """One row per (contract_type, size_class): weight_sum, amount_sum."""
    return run(db, "size_split_by_contract_type", f.sql_params())


def sme_share_by_amount_bracket(db: Path, f: Filters) -> pd.DataFrame:
    """One row per amount bracket (lt40k ... gt5.5M, unknown) with contracts and PME shares."""
    return run(db, "sme_share_by_amount_bracket", f.sql_params())


def sme_share_by_cpv_division(db: Path, f: Filters) -> pd.DataFrame:
    """One row per CPV division (label_fr, label_en, contracts, shares), most contracts first."""
    return run(db, "sme_share_by_cpv_division", f.sql_params())


def sme_share_by_cpv_division_year(db: Path, f: Filters) -> pd.DataFrame:
    """One row per (CPV division, year) with contracts and PME shares; undated contracts left out."""
    return run(db, "sme_share_by_cpv_division_year", f.sql_params())


def sme_share_by_cpv_code(db: Path, f: Filters, prefix: str) -> pd.DataFrame:
    """One row per CPV code one digit longer than `prefix` (2 or 3 digits), with labels and shares."""
    return run(db, "sme_share_by_cpv_code", {**f.sql_params(), "prefix": prefix})


def sme_share_by_buyer(
    db: Path,
    f: Filters,
    min_contracts: float = DEFAULT_MIN_CONTRACTS,
    order: Literal["wilson", "volume"] = "wilson",
    limit: int = 50,
) -> pd.DataFrame:
    """Buyers with >= min_contracts: contracts, amount_total, share_count, coverage, 95 % Wilson
    bounds; by Wilson lower bound or by volume, at most `limit` rows. Ignores f.buyer."""
    params = {
        **f.replace(buyer=None).sql_params(),
        "min_contracts": min_contracts,
        "order": order,
        "limit": limit,
        "division": None,
    }
    return run(db, "sme_share_by_buyer", params)


def similar_buyers(db: Path, f: Filters, band: float = 2.0, limit: int = 10) -> pd.DataFrame:
    """f.buyer and the buyers comparable to it under the filters (the same main CPV division,
    buyers.main_cpv_division; between 1/band and band times its contracts): f.buyer's row first
    (is_self), then the `limit` peers closest in volume; buyer_id, buyer_name, contracts,
    amount_total, share_count, coverage, main_cpv_division and its labels and, on every row, the
    group's peers, peers_median and peers_below (the part of peers whose PME share is lower).
    No row when f.buyer is None, has no contract under the filters or has no CPV division."""
    division, contracts = "", 0.0  # a division no buyer has, no contract: the query's empty answer
    if f.buyer is not None:
        volume = run(db, "buyer_volume", f.sql_params()).iloc[0]
        if isinstance(volume["main_cpv_division"], str) and volume["contracts"] > 0:
            division, contracts = volume["main_cpv_division"], float(volume["contracts"])
    params = {
        **f.replace(buyer=None).sql_params(),
        "self_buyer": f.buyer,
        "division": division,
        # No contract: a bound no buyer reaches, so that nothing is summed.
        "min_contracts": contracts / band if contracts else math.inf,
        "max_contracts": contracts * band,
        "limit": limit,
    }
    return run(db, "similar_buyers", params)


# Competition (issue 14): contracts are weighted as above; a rate is over the contracts where its
# field is published (bids received, procedure), NaN when none is.


def competition_by_year_and_division(db: Path, f: Filters) -> pd.DataFrame:
    """Competition sums (contracts, bids_published, single_bid, median_bids, procedure_published,
    no_competition, procedure_amount, no_competition_amount): one row level 'all', then one per
    year (dated contracts) and one per CPV division (NaN: none)."""
    return run(db, "competition_by_year_and_division", f.sql_params())


def sme_share_by_competition(db: Path, f: Filters) -> pd.DataFrame:
    """PME shares (Method §5) by dimension 'bids' (value 1, 2, 3-4, 5+, unknown) and 'family'
    (procedure family, unknown when not published): contracts, shares, coverage, sums."""
    return run(db, "sme_share_by_competition", f.sql_params())


def sme_share_by_clause(db: Path, f: Filters) -> pd.DataFrame:
    """PME shares (Method §5) by dimension 'reserved', 'innovative', 'subcontracting' and value
    True, False or NaN (not published): contracts, shares, coverage, sums."""
    return run(db, "sme_share_by_clause", f.sql_params())


def procedure_families_by_label(db: Path) -> pd.DataFrame:
    """Every procedure label of the families table and of the data: procedure, family,
    vocabulary (NaN: seen in the data only), contracts; by family, then most contracts."""
    return run(db, "procedure_families_by_label", {})


def competition_by_buyer(
    db: Path,
    f: Filters,
    order: Literal["hhi", "top1", "single_bid", "no_competition", "contracts"] = "hhi",
    min_contracts: float = DEFAULT_MIN_CONTRACTS,
    limit: int = 50,
    division: str | None = None,
    rate_floor: int = 1,
) -> pd.DataFrame:
    """Buyers with >= min_contracts (whose main CPV division is `division` when given), or f.buyer
    alone when set: the competition sums and rates,
    median_bids, suppliers, suppliers_per_10, top1_share, top3_share, hhi (over counted amounts),
    the single-bid rate's 95 % Wilson bounds, buyer_name; by `order`, highest first (by
    single_bid, a rate over fewer than `rate_floor` published bid counts last)."""
    params = {
        **f.sql_params(),
        "order": order,
        "min_contracts": min_contracts,
        "limit": limit,
        "division": division,
        "rate_floor": rate_floor,
    }
    return run(db, "competition_by_buyer", params)


def incumbents(db: Path, f: Filters, limit: int = 100) -> pd.DataFrame:
    """Runs of 3+ consecutive years where one supplier won >= 1/3 of a buyer's counted amount in a
    CPV division (buyer_id, buyer_name, supplier_key, supplier_name, size_class, cpv_division,
    first_year, last_year, years, amount, share), largest amount first; f.supplier's only when
    set (the buyer's amount still counts every winner)."""
    params = {**f.sql_params(), "incumbent": f.supplier, "limit": limit}
    return run(db, "incumbents", params)


# Titulaires, Données, Méthode et qualité.


def suppliers_by_text(db: Path, text: str, limit: int = 20) -> pd.DataFrame:
    """Up to `limit` suppliers whose key starts with / name contains `text` (supplier_key,
    supplier_name, size_class, contracts), most contracts first."""
    return run(db, "suppliers_by_text", {"text": text.strip(), "limit": limit})


def totals_by_supplier(
    db: Path, f: Filters, order: Literal["count", "amount"] = "amount", limit: int = 10
) -> pd.DataFrame:
    """Top `limit` suppliers under the filters (supplier_key, supplier_name, size_class, contracts,
    amount_total), names and size classes from `suppliers` (whole database); with no filter, read
    from `suppliers` alone. Ignores f.supplier."""
    params = {**f.sql_params(), "order": order, "limit": limit}
    if params["from_suppliers"]:
        return run(db, "suppliers_by_total", params)
    return run(db, "totals_by_supplier", params)


def supplier_awards_by_buyer(db: Path, f: Filters, limit: int = 20) -> pd.DataFrame:
    """Supplier f.supplier's buyers (buyer_id, buyer_name, contracts, amount_total), top `limit`."""
    return run(db, "supplier_awards_by_buyer", {**f.sql_params("supplier"), "limit": limit})


def supplier_awards_by_cpv_division(db: Path, f: Filters) -> pd.DataFrame:
    """Supplier f.supplier's CPV divisions (label_fr, label_en, contracts, amount_total)."""
    return run(db, "supplier_awards_by_cpv_division", f.sql_params("supplier"))


def supplier_awards_by_year(db: Path, f: Filters) -> pd.DataFrame:
    """Supplier f.supplier's years (year NaN when undated, contracts, amount_total)."""
    return run(db, "supplier_awards_by_year", f.sql_params("supplier"))


def _award_rows_params(f: Filters) -> dict[str, object]:
    """The award-row queries' parameters: they follow f.supplier and f.merged_uid (Données)."""
    return {**f.sql_params("supplier", "merged_uid"), "row_from": None, "row_to": None}


def award_rows_count(db: Path, f: Filters) -> pd.DataFrame:
    """One row: award_rows and contracts selected by the filters (f.supplier and f.merged_uid
    included)."""
    return run(db, "award_rows_count", _award_rows_params(f))


def undated_contracts(db: Path, f: Filters) -> pd.DataFrame:
    """One row: how many contracts with no year the filters other than the years select
    (f.supplier and f.merged_uid included), what a year filter leaves out."""
    return run(db, "undated_contracts", _award_rows_params(f.replace(year_from=None, year_to=None)))


def award_rows(
    db: Path, f: Filters, limit: int = 100, offset: int = 0, sort: RowOrder = "extract"
) -> pd.DataFrame:
    """One page of award rows under the filters, in the extract's columns (dashboard.exports), in
    the order `sort` (f.sort: a view filter, out of f's cache key)."""
    name = "award_rows" if sort == "extract" else "award_rows_sorted"
    return run(db, name, {**_award_rows_params(f), "sort": sort, "limit": limit, "offset": offset})


def _row_ranges(
    con: duckdb.DuckDBPyConnection, f: Filters, rows_per_range: int = 20_000, first_range: int | None = None
) -> list[tuple[int | None, int | None]]:
    """[row_from, row_to) ranges of contract rows holding about `rows_per_range` award rows under
    the filters (the first about `first_range` when given), in the extract's order; None is an
    open end. A range is cut only where a buyer and year begins (award_rows_cuts.sql)."""
    params = {
        **_award_rows_params(f),
        "first_rows": first_range or rows_per_range,
        "range_rows": rows_per_range,
    }
    cuts = [row[0] for row in con.execute(*_bound("award_rows_cuts", params)).fetchall()]
    return list(itertools.pairwise([None, *cuts, None]))


def award_rows_batches(
    db: Path, f: Filters, rows_per_batch: int = 5_000, rows_per_range: int = 10_000
) -> Iterator[pa.RecordBatch]:
    """Every award row under the filters as Arrow batches, in award_rows order, streamed: the
    query runs per range of ~rows_per_range award rows (a buyer's year at most, when larger), so
    memory stays flat with size. The first range holds ~rows_per_batch rows only, so that the
    first batch comes out quickly. (An extract row has 41 columns: 5,000-row batches and
    10,000-row ranges keep a 500,000-row CSV near 190 MiB of extra memory, against ~230 MiB with
    twice as many.)"""
    params = _award_rows_params(f)
    with _cursor(db) as con:
        for low, high in _row_ranges(con, f, rows_per_range, first_range=rows_per_batch):
            sql, bound = _bound("award_rows_stream", {**params, "row_from": low, "row_to": high})
            relation = con.sql(sql, params=bound)
            yield from relation.to_arrow_reader(rows_per_batch)


def inputs_by_source(db: Path) -> pd.DataFrame:
    """The input files of the latest ETL run: source_name, label, path, format, licence, file_date,
    sha256, bytes and record counts."""
    return run(db, "inputs_by_source", {})


def runs_by_date(db: Path) -> pd.DataFrame:
    """ETL runs, latest first, with tool version and record counts."""
    return run(db, "runs_by_date", {})


def rejected_by_reason(db: Path) -> pd.DataFrame:
    """Rejected records counted by source_name and reason, with an example_ref."""
    return run(db, "rejected_by_reason", {})


def quality_notes_by_note(db: Path) -> pd.DataFrame:
    """Corrected values counted by field and note, with an example_value."""
    return run(db, "quality_notes_by_note", {})


def sirene_units_by_category_year(db: Path) -> pd.DataFrame:
    """Whole DB: the SIRENs and award rows sized by SIRENE, by anneeCategorieEntreprise (latest
    first; NULL when the SIRENE file gives no year)."""
    return run(db, "sirene_units_by_category_year", {})


def awards_by_size_basis(db: Path) -> pd.DataFrame:
    """Whole DB: award_rows and weighted contracts by size_basis and size_class."""
    return run(db, "awards_by_size_basis", {})


def contracts_by_quality_flag(db: Path) -> pd.DataFrame:
    """Whole DB: contracts per quality flag (quality_flag, contracts), merged_uid, cpv_repaired,
    winner_id_placeholder in that order, 0 when none."""
    return run(db, "contracts_by_quality_flag", {})


def contracts_by_amount_flag(db: Path) -> pd.DataFrame:
    """Whole DB: one row per amount_status with the contracts decp.info flags none (flag_none),
    « suspect », « aberrant » or otherwise (flag_other)."""
    return run(db, "contracts_by_amount_flag", {})


def published_by_column(db: Path) -> pd.DataFrame:
    """Whole DB: for each column a source may leave out (table_name, column_name), how many rows
    publish it (published) out of out_of."""
    return run(db, "published_by_column", {})


def contracts_by_aberrant_amount(db: Path, f: Filters, limit: int = 1000) -> pd.DataFrame:
    """Contracts with an aberrant amount under the filters, largest first, at most `limit`."""
    return run(db, "contracts_by_aberrant_amount", {**f.sql_params(), "limit": limit})


def completeness_by_source_year(db: Path) -> pd.DataFrame:
    """Whole DB, one row per source_name and year (NaN: undated): contracts, the 0-1 share of them
    publishing each field (amount_share, cpv_share, date_share, siret_share, bids_share,
    procedure_share) and coverage (award weight of known size / contracts)."""
    return run(db, "completeness_by_source_year", {})


def coverage_by_year(db: Path) -> pd.DataFrame:
    """Whole DB, one row per year (NaN: undated): contracts, classified_weight and coverage (0-1)."""
    return run(db, "coverage_by_year", {})


def records_by_source(db: Path) -> pd.DataFrame:
    """Whole DB, one row per source_name: contracts, records_rejected, duplicates_dropped,
    first_notification, latest_notification (NaT when it kept no dated contract)."""
    return run(db, "records_by_source", {})
