"""Competition and « rente » indicators (issue 14): exact values on hand-built cases, on the shipped
sample (recounted by tests/tools/recount_sample.py), the pre-aggregates equal to the raw path for
every filter set of test_aggregates, and the Concurrence page in both languages."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from dashboard.filters import RANK_BY, RANKED_BY, Filters
from dashboard.i18n import t
from tests.apptest import static_rows, static_tables, tables_on
from tests.conftest import ROOT, run_etl
from tests.test_aggregates import FILTERS
from tests.tools import recount_sample

HEADER = [
    "uid",
    "id",
    "type",
    "codeCPV",
    "acheteur_id",
    "acheteur_nom",
    "titulaire_id",
    "titulaire_nom",
    "montant",
    "dateNotification",
    "procedure",
    "dureeMois",
    "offresRecues",
]
ONE = "21000000100010"  # one supplier
TWO = "21000000200010"  # two suppliers with equal amounts
RUN = "21000000300010"  # a supplier at 40 % in 2019, 2020, 2021
GAP = "21000000400010"  # a supplier at 40 % in 2019, 2020, 2022
S1, S2, S3, S4 = "40000000100011", "40000000200011", "40000000300011", "40000000400011"


def _row(buyer: str, n: int, supplier: str, amount: int, day: str) -> list[str]:
    contract = f"HB{n}"
    return [buyer + contract, contract, "Travaux", "45210000", buyer, f"ACHETEUR {buyer[-6:-2]}",
            supplier, f"TITULAIRE {supplier[-6:-2]}", str(amount), day, "Procédure adaptée", "12", ""]  # fmt: skip


def _constructed_rows() -> list[list[str]]:
    """A constructed tabular file (the cases issue 14 names; no bids published anywhere)."""
    rows = [_row(ONE, 1, S1, 100_000, "2019-03-01"), _row(TWO, 2, S1, 100_000, "2019-03-01"),
            _row(TWO, 3, S2, 100_000, "2019-04-01")]  # fmt: skip
    n = 10
    for buyer, years in ((RUN, (2019, 2020, 2021)), (GAP, (2019, 2020, 2022))):
        for year in years:
            rows.append(_row(buyer, n, S3, 40_000, f"{year}-05-01"))
            rows.append(_row(buyer, n + 1, S4, 60_000, f"{year}-06-01"))
            n += 2
    return rows


@pytest.fixture(scope="module")
def constructed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("competition")
    source = folder / "constructed_competition_cases.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *_constructed_rows()])
    db = folder / "procurement.duckdb"
    result = run_etl("build", source, "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def _buyer(db: Path, buyer: str) -> pd.Series:
    return queries.competition_by_buyer(db, Filters(buyer=buyer)).iloc[0]


def test_a_buyer_with_one_supplier_has_hhi_1(constructed_db: Path) -> None:
    row = _buyer(constructed_db, ONE)
    assert (row["suppliers"], row["hhi"], row["top1_share"], row["top3_share"]) == (1, 1.0, 1.0, 1.0)


def test_a_buyer_with_two_equal_suppliers_has_hhi_one_half(constructed_db: Path) -> None:
    row = _buyer(constructed_db, TWO)
    assert (row["suppliers"], row["hhi"], row["top1_share"], row["top3_share"]) == (2, 0.5, 0.5, 1.0)
    assert row["suppliers_per_10"] == 10.0


def test_no_published_bid_count_is_not_a_rate(constructed_db: Path) -> None:
    whole = queries.competition_by_year_and_division(constructed_db, Filters()).iloc[0]
    assert (whole["level"], whole["contracts"], whole["bids_published"]) == ("all", 15.0, 0.0)
    assert pd.isna(whole["single_bid_rate"])
    assert pd.isna(whole["median_bids"])
    assert whole["bids_coverage"] == 0.0


def test_three_consecutive_years_at_40_percent_make_an_incumbent(constructed_db: Path) -> None:
    spells = queries.incumbents(constructed_db, Filters())
    got = spells[["buyer_id", "supplier_key", "cpv_division", "first_year", "last_year", "years"]]
    # The 60 % supplier of RUN holds it too; GAP's 2019, 2020, 2022 are no run of three.
    assert sorted(map(tuple, got.astype(str).values.tolist())) == [
        (RUN, S3[:9], "45", "2019", "2021", "3"),
        (RUN, S4[:9], "45", "2019", "2021", "3"),
    ]
    assert spells.set_index("supplier_key").loc[S3[:9], "share"] == pytest.approx(0.4)
    assert spells.set_index("supplier_key").loc[S3[:9], "amount"] == 120_000


def test_a_year_filter_that_cuts_a_run_leaves_no_incumbent(constructed_db: Path) -> None:
    assert queries.incumbents(constructed_db, Filters(year_from=2020)).empty
    # The raw path (a procedure filter: no pre-aggregate keeps it) finds the same runs.
    raw = queries.incumbents(constructed_db, Filters(procedure="Procédure adaptée"))
    assert sorted(raw["supplier_key"]) == [S3[:9], S4[:9]]


def test_a_supplier_filter_keeps_the_buyer_amount_of_every_winner(constructed_db: Path) -> None:
    """The supplier's share is of the buyer's whole amount, not of its own awards (100 %)."""
    spells = queries.incumbents(constructed_db, Filters(supplier=S3[:9]))
    assert spells[["buyer_id", "share"]].values.tolist() == [[RUN, pytest.approx(0.4)]]


def test_the_page_says_not_published(constructed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCUREMENT_DB", str(constructed_db))
    at = _page()
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Offre unique"] == "non publié"
    assert tiles["Offres reçues (médiane)"] == "non publié"
    assert "publié pour 0\u00a0% des contrats" in [c.value for c in at.caption]


# The shipped sample, recounted independently.

SAMPLE_TOP5 = [
    ("22840001600017", "BUDGET PRINCIPAL", 19.0, 0.980929),
    ("11000002300017", "DAPJ", 12.0, 0.965214),
    ("21780498800012", "Ville de Poissy", 23.0, 0.703961),
    ("32681744200055", "ANCV", 12.0, 0.676305),
    ("24600058200014", "Communaut\ufffd de Communes des Sablons", 10.0, 0.653404),
]


def test_the_sample_single_bid_rate(sample_db: Path) -> None:
    whole = queries.competition_by_year_and_division(sample_db, Filters()).iloc[0]
    got = tuple(round(whole[c], 6) for c in ("single_bid", "bids_published", "contracts", "median_bids"))
    assert got == (1095.0, 5178.0, 10992.0, 3)
    assert round(whole["single_bid_rate"], 6) == 0.211472  # 1,095 / 5,178
    assert round(whole["bids_coverage"], 6) == 0.47107
    assert (round(whole["no_competition"], 6), round(whole["procedure_published"], 6)) == (334.0, 10976.0)
    figures = _recount()
    assert figures["single_bid"] == (1095, 5178, 10992)
    assert figures["median_bids"] == 3


def test_the_sample_most_concentrated_buyers(sample_db: Path) -> None:
    top = queries.competition_by_buyer(sample_db, Filters(), "hhi", 10, 5)
    got = [(r.buyer_id, r.buyer_name, r.contracts, round(r.hhi, 6)) for r in top.itertuples()]
    assert got == SAMPLE_TOP5
    assert _recount()["most_concentrated"] == [(buyer, hhi) for buyer, _, _, hhi in SAMPLE_TOP5]


def _recount() -> dict:
    return recount_sample.recount(*recount_sample.sample_inputs())


def test_the_sample_sme_share_by_bids_and_family(sample_db: Path) -> None:
    shares = queries.sme_share_by_competition(sample_db, Filters())
    got = {
        (r.dimension, r.value): (round(r.contracts, 6), round(r.share_count, 4)) for r in shares.itertuples()
    }
    assert got == {
        ("bids", "1"): (1095.0, 0.4083), ("bids", "2"): (1083.0, 0.4541), ("bids", "3-4"): (1956.0, 0.4608),
        ("bids", "5+"): (1044.0, 0.4856), ("bids", "unknown"): (5814.0, 0.4346),
        ("family", "adapted"): (7607.0, 0.4708), ("family", "negotiated"): (158.0, 0.3816),
        ("family", "no_competition"): (334.0, 0.3606), ("family", "open"): (2831.0, 0.386),
        ("family", "other"): (17.0, 0.1639), ("family", "restricted"): (29.0, 0.3382),
        ("family", "unknown"): (16.0, 0.4375),
    }  # fmt: skip


def test_every_published_label_has_a_family(sample_db: Path) -> None:
    families = queries.procedure_families_by_label(sample_db)
    seen = families[families["contracts"] > 0]
    # Every label of the sample is in the table (none fell to « other » for want of a line).
    assert seen["vocabulary"].notna().all()
    assert (
        dict(zip(seen["procedure"], seen["family"], strict=True))["Procédure avec négociation"]
        == "negotiated"
    )


def test_no_incumbent_in_the_sample(sample_db: Path) -> None:
    """The sample's years are 2016, 2018, 2019, 2024 and 2025: no three in a row."""
    assert queries.incumbents(sample_db, Filters()).empty


# Pre-aggregates = the raw path, for every filter set of test_aggregates.

AGGREGATED = {
    "competition_by_year_and_division": "from_agg_competition",
    "sme_share_by_competition": "from_agg_competition",
    "sme_share_by_clause": "from_agg_competition",
    "competition_by_buyer": "from_agg_buyer_competition",
    "incumbents": "from_agg_incumbency_cells",
}


@pytest.mark.parametrize("name", list(AGGREGATED))
@pytest.mark.parametrize("filters", list(FILTERS))
def test_the_pre_aggregates_equal_the_raw_path(
    fixture_db: Path, constructed_db: Path, name: str, filters: str
) -> None:
    f = FILTERS[filters]
    extra = {
        "order": "hhi",
        "min_contracts": 1,
        "limit": 10_000,
        "division": None,
        "incumbent": None,
        "rate_floor": 1,
    }
    for db in (fixture_db, constructed_db):
        params = {**f.sql_params(), **extra}
        if not params[AGGREGATED[name]]:
            continue  # the set filters send this query to the raw path anyway
        fast = queries.run(db, name, params)
        slow = queries.run(db, name, {**params, AGGREGATED[name]: False})
        pd.testing.assert_frame_equal(fast, slow, check_dtype=False, rtol=1e-9)


# The page.


def _page(lang: str = "fr", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    tables_on(at, "concurrence").switch_page("pages/concurrence.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "tiles", "tabs", "headers"),
    [
        (
            "fr",
            {"Offre unique": "21,1\u00a0%", "Offres reçues (médiane)": "3",
             "Sans mise en concurrence": "3,0\u00a0%", "Idem, en montant": "1,3\u00a0%"},
            ["Par année et secteur", "PME et concurrence", "Situations de rente", "Concentration par acheteur"],
            {None: ["Par année", "Par secteur"],
             "pme": ["PME et concurrence", "Clauses sociales et innovation", "Titulaires locaux"],
             "rentes": ["Situations de rente"], "concentration": ["Concentration par acheteur"]},
        ),
        (
            "en",
            {"Single bid": "21.1%", "Bids received (median)": "3", "No call for competition": "3.0%",
             "Same, by amount": "1.3%"},
            ["By year and sector", "SMEs and competition", "Incumbents", "Concentration by buyer"],
            {None: ["By year", "By sector"],
             "pme": ["SMEs and competition", "Social clauses and innovation", "Local suppliers"],
             "rentes": ["Incumbents"], "concentration": ["Concentration by buyer"]},
        ),
    ],
)  # fmt: skip
def test_the_page_on_the_sample(
    sample_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    tiles: dict[str, str],
    tabs: list[str],
    headers: dict[str | None, list[str]],
) -> None:
    """The tiles above the tabs, and each tab's own blocks only (the URL's `tab`, else the first)."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    for tab, tab_headers in headers.items():
        at = _page(lang, **({"tab": tab} if tab else {}))
        assert {m.label: m.value for m in at.metric} == tiles
        assert [t.label for t in at.tabs] == tabs
        assert [h.value for h in at.main.header] == tab_headers
    ranking = static_rows(at)
    assert list(ranking.iloc[0, :3]) == ["BUDGET PRINCIPAL", "19", "0,98" if lang == "fr" else "0.98"]


def test_the_ranking_order_is_in_the_url(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _page(rank_by="single_bid", tab="concentration")
    ranking = static_rows(at)
    assert ranking.iloc[0, 0] == "COMMUNE DE BERRE L ETANG (MAIRIE)"
    assert at.radio(key="v_rank_by").value == "single_bid"


def _figure(text: str) -> float | None:
    """A French figure of a table (« 99,0 % », « 0,98 »), None for « – »."""
    number = text.replace("\u00a0", "").replace("%", "").replace(",", ".")
    return None if number == "–" else float(number)


@pytest.mark.parametrize("order", RANK_BY)
def test_the_ranked_column_is_marked_and_in_order(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    """The buyer ranking is a static table: the column its order ranks by is marked descending
    (aria-sort, an arrow) and its figures do not increase (a single-bid rate ranks by its lower
    95 % bound; « – » where too few contracts publish their bids)."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    assert set(RANKED_BY) == set(RANK_BY)
    at = _page(rank_by=order, tab="concentration")
    header = t(RANKED_BY[order], "fr")
    assert f'aria-sort="descending">{header}</th>' in static_tables(at)[-1]
    column = [_figure(v) for v in static_rows(at)[header]]
    figures = [v for v in column if v is not None]
    assert len(figures) > 10
    assert figures == sorted(figures, reverse=True)
    # A rate the page does not show (too few published bid counts) ranks after every shown one.
    assert column[: len(figures)] == figures


@pytest.mark.parametrize(
    ("tab", "headers", "url", "warning"),
    [
        ("rentes", ["Situations de rente"], {"tab": "rentes"}, []),
        # The first tab named: the same view as none, and one link for it.
        ("evolution", ["Par année", "Par secteur"], {}, []),
        # Territoires' tab, kept in the URL from a page switch: this page opens its first.
        ("carte", ["Par année", "Par secteur"], {}, []),
        # No page's tab: named in the warning.
        ("zzz", ["Par année", "Par secteur"], {}, ["Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `tab=zzz`."]),
        ("<b>", ["Par année", "Par secteur"], {}, ["Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `tab=?b?`."]),
    ],
)  # fmt: skip
def test_the_tab_in_the_link(
    sample_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    tab: str,
    headers: list[str],
    url: dict[str, str],
    warning: list[str],
) -> None:
    """The URL's `tab` opens that tab of the page; another page's or the first tab's name opens
    the first, and leaves the link; a name of no page's tab is named in the warning."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _page(tab=tab)
    assert [h.value for h in at.main.header] == headers
    assert {k: v for k, v in at.query_params.items() if k != "lang"} == url
    assert [w.value for w in at.warning] == warning


def test_a_tab_stays_open_when_the_language_changes(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _page("fr", tab="rentes")
    at.radio(key="f_lang").set_value("en").run()
    assert [h.value for h in at.main.header] == ["Incumbents"]
    assert at.query_params["tab"] == "rentes"
    assert at.query_params["lang"] == "en"
