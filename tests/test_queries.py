"""App queries against the fixture DB built by the real ETL. Expected values were computed once
from the raw `contracts` and `awards` tables with pandas (not through agg_overview/fact_awards)."""

import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from common import sqlfiles
from dashboard import metrics, queries
from dashboard.filters import Filters, RowOrder

DUNKERQUE = "20002715900017"


def _rounded(frame, digits: int = 6) -> list[list]:
    return [[round(v, digits) if isinstance(v, float) else v for v in row] for row in frame.values.tolist()]


def test_missing_db_raises_database_missing(tmp_path: Path) -> None:
    with pytest.raises(queries.DatabaseMissing) as caught:
        queries.size_split_by_year(tmp_path / "nope.duckdb", Filters())
    assert caught.value.path == tmp_path / "nope.duckdb"
    with pytest.raises(queries.DatabaseMissing):
        queries.db_version(tmp_path / "nope.duckdb")


def test_a_file_the_etl_swaps_in_is_read_at_once(fixture_db: Path, sample_db: Path, tmp_path: Path) -> None:
    """The app keeps one handle on the DB file (opening it costs ~20 ms a query at 1.6 M rows).
    When the ETL renames a new build over it, the next query reads the new file, even while a
    download still streams from the old one (duckdb.connect(path) would hand back the old)."""
    published = tmp_path / "procurement.duckdb"
    shutil.copyfile(fixture_db, published)
    before = queries.award_rows_count(published, Filters())
    streaming = queries.award_rows_batches(published, Filters(), rows_per_batch=10, rows_per_range=10)
    first = next(streaming)
    building = tmp_path / ".procurement.duckdb.building"
    shutil.copyfile(sample_db, building)
    os.utime(building, ns=(time.time_ns(), time.time_ns() + 10**9))  # a later mtime, whatever the clock
    building.replace(published)
    after = queries.award_rows_count(published, Filters())
    expected = queries.award_rows_count(sample_db, Filters())
    assert (int(before["award_rows"].iloc[0]), int(after["award_rows"].iloc[0])) == (
        int(queries.award_rows_count(fixture_db, Filters())["award_rows"].iloc[0]),
        int(expected["award_rows"].iloc[0]),
    )
    assert int(before["award_rows"].iloc[0]) != int(after["award_rows"].iloc[0])
    # What the handle keeps in memory is capped, and it spills beside the file, as before.
    with queries._cursor(published) as con:
        settings = con.execute("select current_setting('memory_limit'), current_setting('temp_directory')")
        assert settings.fetchone() == ("1.8 GiB", f"{published}.tmp")
    # The download begun on the old file ends on it: its rows add up to the old count.
    rows = first.num_rows + sum(batch.num_rows for batch in streaming)
    assert rows == int(before["award_rows"].iloc[0])


def test_db_path_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCUREMENT_DB", "/somewhere/x.duckdb")
    assert queries.db_path() == Path("/somewhere/x.duckdb")
    monkeypatch.delenv("PROCUREMENT_DB")
    assert queries.db_path() == Path(queries.__file__).parents[1] / "data" / "procurement.duckdb"


def test_every_sql_file_is_run_by_queries() -> None:
    source = Path(queries.__file__).read_text(encoding="utf-8")
    # _part.sql files are shared CTEs, pasted into the queries that include them.
    names = {p.stem for p in queries.SQL_DIR.glob("*.sql") if not p.stem.startswith("_")}
    assert {n for n in names if f'"{n}"' not in source} == set()


def test_overview_figures_follow_the_method(fixture_db: Path) -> None:
    split = queries.sme_share_by_year(fixture_db, Filters())
    s = metrics.summarise(split)
    assert round(s.contracts, 9) == 186
    assert round(s.amount, 2) == 93_473_962.51
    assert round(s.share_count, 6) == 0.406362
    assert round(s.share_amount, 6) == 0.17714
    assert round(s.coverage, 6) == 0.653226
    assert metrics.latest_year(split) == 2024

    assert metrics.headline(split, "fr") == (
        "En 2024, les PME ont remporté 38\u00a0% des contrats mais 12\u00a0% des montants."
    )
    assert metrics.headline(split, "en") == "In 2024, SMEs won 38% of contracts but 12% of the value."


@pytest.mark.parametrize(
    ("per_year", "expected"),
    [
        ({2018: 1346, 2019: 2151, 2024: 5173, 2025: 5}, 2024),  # the sample: 2025 has 5 contracts
        ({2019: 10, 2020: 1}, 2020),
        ({2019: 10, 2020: 0.9}, 2019),
        ({2021: 3}, 2021),
    ],
)
def test_latest_year_skips_years_with_a_handful_of_contracts(per_year, expected) -> None:
    shares = pd.DataFrame(
        {
            "year": [*per_year, None],
            "is_total": [False] * len(per_year) + [True],
            "contracts": [*per_year.values(), sum(per_year.values())],
        }
    )
    assert metrics.latest_year(shares) == expected


def test_size_split_by_year_rows(fixture_db: Path) -> None:
    split = queries.size_split_by_year(fixture_db, Filters(year_from=2024))
    assert _rounded(split, 2) == [
        [2024, "PME", 20.0, 7568870.28],
        [2024, "ETI", 5.0, 5764820.0],
        [2024, "GE", 3.0, 1256096.37],
        [2024, "unknown", 25.0, 46790581.71],
    ]


@pytest.mark.parametrize(
    ("filters", "contracts", "share_count"),
    [
        (Filters(framework=False), 154.0, 0.425866),
        (Filters(contract_type="works", year_from=2018, year_to=2018), 13.0, 0.423077),
        (Filters(cpv="45"), 86.0, 0.511628),
        (Filters(buyer=DUNKERQUE), 20.0, 0.85),
        (Filters(buyer=DUNKERQUE, year_from=2024), 0.0, None),
        (Filters(cpv="03", contract_type="works"), 0.0, None),
    ],
)
def test_filters_reach_the_sql(
    fixture_db: Path, filters: Filters, contracts: float, share_count: float | None
) -> None:
    s = metrics.summarise(queries.sme_share_by_year(fixture_db, filters))
    assert round(s.contracts, 9) == contracts
    assert s.share_count == share_count or round(s.share_count, 6) == share_count


def test_hostile_text_is_only_ever_a_bound_value(fixture_db: Path) -> None:
    hostile = Filters(procedure="x' OR 1=1 --", buyer="1; DROP TABLE contracts")
    assert queries.size_split_by_year(fixture_db, hostile).empty
    assert queries.buyers_by_text(fixture_db, "%' OR '1'='1").empty
    assert len(queries.contracts_by_year(fixture_db)) == 3


def test_sme_share_by_amount_bracket(fixture_db: Path) -> None:
    brackets = queries.sme_share_by_amount_bracket(fixture_db, Filters())
    assert _rounded(brackets[["amount_bracket", "contracts", "share_count"]]) == [
        ["lt40k", 45.0, 0.340741],
        ["40k-90k", 45.0, 0.572222],
        ["90k-215k", 43.0, 0.426357],
        ["215k-5.5M", 48.0, 0.336806],
        ["gt5.5M", 3.0, 0.0],
    ]
    with_aberrant = queries.sme_share_by_amount_bracket(fixture_db, Filters(aberrant=True))
    assert with_aberrant["contracts"].tolist()[0] == 47.0  # the two 0 € amounts (aberrant)


def test_sme_share_by_cpv_division_and_code(fixture_db: Path) -> None:
    divisions = queries.sme_share_by_cpv_division(fixture_db, Filters())
    first = divisions.iloc[0]
    assert (first["cpv_division"], first["label_fr"], first["label_en"]) == (
        "45",
        "Travaux de construction",
        "Construction work",
    )
    assert [round(first[c], 6) for c in ("contracts", "share_count", "share_amount", "coverage")] == [
        86.0,
        0.511628,
        0.174587,
        0.645349,
    ]
    groups = queries.sme_share_by_cpv_code(fixture_db, Filters(), "45")
    assert _rounded(groups[["code", "contracts", "share_count"]]) == [
        ["452", 71.0, 0.5],
        ["453", 10.0, 0.75],
        ["454", 3.0, 0.0],
        ["451", 2.0, 0.5],
    ]
    assert groups["label_fr"].tolist()[1] == "Travaux d'équipement du bâtiment"


def test_sme_share_by_buyer_ranks_by_wilson_lower_bound(fixture_db: Path) -> None:
    ranked = queries.sme_share_by_buyer(fixture_db, Filters(buyer=DUNKERQUE), 10, "wilson", 50)
    assert _rounded(ranked[["buyer_id", "contracts", "share_count", "wilson_low", "wilson_high"]]) == [
        [DUNKERQUE, 20.0, 0.85, 0.639581, 0.947631],
        ["21130039700018", 12.0, 0.333333, 0.13812, 0.609378],
    ]
    # The Wilson 95 % interval of 17 PME out of 20, by hand: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).
    p, n, z = 17 / 20, 20, 1.959964
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    low, high = ((p + z * z / (2 * n) + sign * half) / (1 + z * z / n) for sign in (-1, 1))
    assert (round(low, 6), round(high, 6)) == (0.639581, 0.947631)
    small = queries.sme_share_by_buyer(fixture_db, Filters(), 3, "wilson", 3)
    assert small["buyer_id"].tolist()[:2] == [DUNKERQUE, "34481082500366"]
    by_volume = queries.sme_share_by_buyer(fixture_db, Filters(), 1, "volume", 2)
    assert by_volume["contracts"].tolist() == [20.0, 12.0]


def test_buyer_lookups(fixture_db: Path) -> None:
    found = queries.buyers_by_text(fixture_db, "MAIRIE", 3)
    assert found.values.tolist() == [
        ["21130039700018", "Mairie de Fos sur Mer", 12],
        ["21750001600019", "VILLE DE PARIS (MAIRIE)", 8],
        ["21780486300017", "MAIRIE DU PERRAY-EN-YVELINES", 5],
    ]
    assert queries.buyers_by_text(fixture_db, "2000271")["buyer_id"].tolist() == [DUNKERQUE]
    assert queries.buyer_by_id(fixture_db, DUNKERQUE).values.tolist() == [
        [DUNKERQUE, "VILLE DE DUNKERQUE - PRINCIPAL", 20, 2018, 2019, "45"]
    ]
    assert queries.buyer_by_id(fixture_db, "00000000000000").empty


@pytest.mark.parametrize(
    ("text", "buyers"),
    [
        ("hôpital", ["HOPITAL NORD OUEST - VILLEFRANCHE SUR SAONE"]),
        ("REGION NORMANDIE", ["Région Normandie"]),
        ("OREE-D'ANJOU", ["Commune d'Orée-d'Anjou"]),
        ("Orée d'Anjou ", ["Commune d'Orée-d'Anjou"]),
        ("Mâcon", ["Ville de Macon", "MACON HABITAT"]),
        ("266 900 257 00046", ["HOPITAL NORD OUEST - VILLEFRANCHE SUR SAONE"]),
    ],
)
def test_buyer_search_ignores_case_accents_punctuation_and_spaces_in_a_siret(
    sample_db: Path, text: str, buyers: list[str]
) -> None:
    assert queries.buyers_by_text(sample_db, text)["buyer_name"].tolist() == buyers


@pytest.mark.parametrize(
    ("text", "first", "found"),
    [
        ("Sogéa", "SOGEA ATLANTIQUE BTP (BMH)", 12),
        ("329 338 883", "COLAS CENTRE OUEST", 1),
        ("colas", "COLAS CENTRE OUEST", 9),  # names with a word starting « colas »: no NICOLAS
    ],
)
def test_supplier_search_by_word_start_ignores_accents_and_spaces_in_a_siren(
    sample_db: Path, text: str, first: str, found: int
) -> None:
    matches = queries.suppliers_by_text(sample_db, text)
    assert (matches["supplier_name"].iloc[0], len(matches)) == (first, found)


def test_totals_by_supplier_for_a_buyer(fixture_db: Path) -> None:
    top = queries.totals_by_supplier(fixture_db, Filters(buyer=DUNKERQUE), "amount", 3)
    assert _rounded(top[["supplier_key", "supplier_name", "size_class", "contracts", "amount_total"]], 2) == [
        ["502777188", "ECOPLAF", "PME", 6.0, 1102544.38],
        ["332024223", "MOBYDOC", "unknown", 1.0, 300000.0],
        ["443052451", "L LECOMTE", "PME", 2.0, 240354.72],
    ]


def test_reference_lists(fixture_db: Path) -> None:
    assert _rounded(queries.contracts_by_year(fixture_db)) == [[2018, 62.0], [2019, 29.0], [2024, 53.0]]
    assert queries.contracts_by_procedure(fixture_db)["procedure"].tolist()[:2] == [
        "Procédure adaptée",
        "Appel d'offres ouvert",
    ]
    prov = queries.provenance_by_source(fixture_db)
    assert prov["source_name"].tolist() == [
        "decp_tabular_2024H2_dep75_2A_16",
        "fixture_decp2019_138",
        "sirene_unites_legales_categorie",
    ]
    # The shipped SIRENE file has a label in data/sample/sources.toml; the test fixtures have none.
    assert prov["label"].tolist() == [
        "decp_tabular_2024H2_dep75_2A_16",
        "fixture_decp2019_138",
        "INSEE Sirene, catégorie d'entreprise des titulaires DECP (stock 2022)",
    ]


def test_included_parts_are_pasted_in_place() -> None:
    text = sqlfiles.text(queries.SQL_DIR / "size_split_by_year.sql")
    assert not [line for line in text.splitlines() if line.startswith("-- include:")]
    assert text.count("filtered AS (") == 1
    assert sqlfiles.text(queries.SQL_DIR / "_filtered_facts.sql").rstrip() in text


def test_quality_figures_of_the_method_page(fixture_db: Path) -> None:
    """Issue 12: flags counted per flag (every flag listed), our amount status against decp.info's
    own flag, and how many rows publish each column a source may leave out."""
    assert queries.contracts_by_quality_flag(fixture_db).values.tolist() == [
        ["merged_uid", 2],
        ["cpv_repaired", 0],
        ["winner_id_placeholder", 0],
    ]
    assert queries.contracts_by_amount_flag(fixture_db).values.tolist() == [
        ["ok", 184, 0, 0, 0],
        ["aberrant", 2, 0, 0, 0],
    ]
    published = queries.published_by_column(fixture_db)
    assert published[published["published"] > 0].values.tolist() == [
        ["contracts", "buyer_department", 171, 186],
        ["contracts", "buyer_region", 53, 186],
        ["awards", "supplier_department", 52, 212],
        ["awards", "supplier_region", 52, 212],
    ]
    assert len(published) == 17


@pytest.mark.parametrize(
    ("merged_uid", "counts", "in_2024", "undated"),
    [(None, [212, 186], [55, 53], 42), (False, [210, 184], [53, 51], 42), (True, [2, 2], [2, 2], 0)],
    ids=["every-contract", "merged-left-out", "merged-only"],
)
def test_award_rows_follow_the_merged_uid_choice(
    fixture_db: Path, merged_uid: bool | None, counts: list[int], in_2024: list[int], undated: int
) -> None:
    """Issue 12: the Données rows can leave out (or keep only) the uids flagged merged_uid; the
    count, the rows, the streamed extract and the undated note agree."""
    f = Filters(merged_uid=merged_uid)
    assert queries.award_rows_count(fixture_db, f).values.tolist()[0][:2] == counts
    assert queries.award_rows_count(fixture_db, f.replace(year_from=2024)).values.tolist()[0][:2] == in_2024
    assert queries.undated_contracts(fixture_db, f).values.tolist() == [[undated]]
    rows = queries.award_rows(fixture_db, f, None, 0)
    streamed = queries.award_rows_batches(fixture_db, f, 7, 20)
    assert len(rows) == sum(batch.num_rows for batch in streamed) == counts[0]
    flagged = rows["quality_flags"].eq("merged_uid")
    assert flagged.sum() == {None: 2, False: 0, True: 2}[merged_uid]


def test_the_two_merged_uids_of_the_fixture(fixture_db: Path) -> None:
    """« 2411 » and « 2024 »: ids of 4 characters, published as such in the 2024 extract."""
    rows = queries.award_rows(fixture_db, Filters(merged_uid=True), None, 0)
    assert rows[["contract_uid", "supplier_id", "quality_flags"]].values.tolist() == [
        ["200072049000142411", "92185830400014", "merged_uid"],
        ["798120671000102024", "41239570900089", "merged_uid"],
    ]


@pytest.mark.parametrize(
    ("sort", "rows"),
    [
        # The extract's order: buyer, year, contract, winner (an undated contract has no year).
        (
            "extract",
            [
                ("110000023000172018G57uqMUOeO00", 125990.0),
                ("13001898900017201918MA0100", 300000.0),
                ("13001898900017201918MA0300", 1000000.0),
            ],
        ),
        # The largest shares first; a contract of 2,517,235 € shared by two (1,258,617.5 € each)
        # comes after those of 1,335,000 € and 1,294,057 €, whose winners hold more.
        (
            "share",
            [
                ("692041585005832022-049-00", 2957063.0),
                ("552022105003572023SICF003", 1335000.0),
                ("692041585005832021-059-00", 1294057.0),
            ],
        ),
        # The largest contract amounts first: the shared contract's two rows before the one of
        # 1,335,000 €.
        (
            "amount",
            [
                ("692041585005832022-049-00", 2957063.0),
                ("834553729000152018jtxiV8kVs300", 1258617.5),
                ("834553729000152018jtxiV8kVs300", 1258617.5),
            ],
        ),
    ],
)
def test_award_rows_in_each_order(fixture_db: Path, sort: RowOrder, rows: list[tuple[str, float]]) -> None:
    """Issue 17, finding 10: Données sorts every filtered row, not the 100 of the page shown. The
    pages of an order put end to end are that order, over the same rows."""
    whole = queries.award_rows(fixture_db, Filters(), None, 0, sort)
    start = 0 if sort == "extract" else 5
    assert (
        list(whole[["contract_uid", "amount_share"]].itertuples(index=False, name=None))[start : start + 3]
        == rows
    )
    pages = pd.concat([queries.award_rows(fixture_db, Filters(), 50, o, sort) for o in range(0, 212, 50)])
    assert (
        pages[["contract_uid", "supplier_id"]].values.tolist()
        == whole[["contract_uid", "supplier_id"]].values.tolist()
    )
    extract = queries.award_rows(fixture_db, Filters(), None, 0)
    assert sorted(whole["contract_uid"] + whole["supplier_id"].fillna("")) == sorted(
        extract["contract_uid"] + extract["supplier_id"].fillna("")
    )


@pytest.mark.parametrize("sort", ["share", "amount"])
def test_amounts_not_counted_come_last(fixture_db: Path, sort: RowOrder) -> None:
    """The two aberrant amounts of the fixture (0 €, not counted: Method) end the amount orders."""
    whole = queries.award_rows(fixture_db, Filters(), None, 0, sort)
    assert whole[["contract_uid", "amount_status"]].tail(3).values.tolist() == [
        ["211300397000182018Q28F4jVvu200", "ok"],
        ["200066884000122018S-REPASCRE", "aberrant"],
        ["200066884000122018S-REPASCRE01", "aberrant"],
    ]
    assert whole["amount_share"].head(4).tolist() == [20000000.0, 18000000.0, 9876543.21, 3331117.68]


def test_award_rows_latest_year_first(fixture_db: Path) -> None:
    """2024's 55 rows, then 2019's, 2018's, and the 49 rows of undated contracts (0 here) last."""
    whole = queries.award_rows(fixture_db, Filters(), None, 0, "recent")
    years = whole["year"].astype("Int64").fillna(0).tolist()
    assert [(year, years.count(year)) for year in dict.fromkeys(years)] == [
        (2024, 55), (2019, 37), (2018, 71), (0, 49),
    ]  # fmt: skip
    # Within a year, the extract's order.
    assert whole["contract_uid"].iloc[54:56].tolist() == [
        "834553729000232024T12364",
        "200027159000172018A30500",
    ]
