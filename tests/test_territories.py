"""Territoires (issue 15) against the fixture DB: the PME share by the buyer's département and
région, the overseas and unknown rows, counts that add up to the total under the same filters, the
map's data equal to the ranking's, the winners' places, the dept and region filters on the other
pages, and the page in French and English.

Expected figures come from the fixture DB's raw tables: the 75 contracts of the decp.info extract
(buyers of Paris, Corse-du-Sud and Charente) and the DECP 2019 records, whose département comes
from lieuExecution (Nord's 23 contracts, one of La Réunion, 15 with no usable place).
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import charts, geo, queries
from dashboard.filters import Filters
from tests.apptest import open_page, static_rows, static_tables
from tests.test_aggregates import FILTERS as AGGREGATE_FILTERS

Z = 1.959964


def _wilson(p: float, n: float) -> tuple[float, float]:
    """The 95 % Wilson interval, written out independently of dashboard/sql/_wilson_columns.sql."""
    centre, half = p + Z * Z / (2 * n), Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - half) / (1 + Z * Z / n), (centre + half) / (1 + Z * Z / n)


@pytest.fixture
def db_env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCUREMENT_DB", str(fixture_db))
    return fixture_db


def _row(frame: pd.DataFrame, code: str | None) -> pd.Series:
    return frame[frame["code"].isna() if code is None else frame["code"] == code].iloc[0]


# code: contracts, PME weight, classified weight, amount, PME amount (every award of a group of n
# winners weighs 1/n: Nord's 23 contracts hold groupements, hence thirds).
DEPARTMENTS = {
    "75": (40, 17.5, 25.5, 59_861_255.64, 8_000_470.75),
    "59": (23, 52 / 3, 58 / 3, 2_593_495.13, 2_129_344.7966666673),
    "974": (1, 0, 1, 110_000, 0),
    None: (15, 3.5, 12.5, 3_519_664.72, 1_112_302.22),
}


@pytest.mark.parametrize("code", DEPARTMENTS)
def test_two_departements_overseas_and_unknown_have_their_figures(fixture_db: Path, code: str | None) -> None:
    contracts, pme, classified, amount, pme_amount = DEPARTMENTS[code]
    row = _row(queries.sme_share_by_territory(fixture_db, Filters(), "dept"), code)
    low, high = _wilson(pme / contracts, contracts)
    assert row[["contracts", "pme_weight", "classified_weight"]].tolist() == pytest.approx(
        [contracts, pme, classified]
    )
    assert row[["amount_total", "pme_amount"]].tolist() == pytest.approx([amount, pme_amount])
    assert row["share_count"] == pytest.approx(pme / contracts)
    assert row["share_amount"] == pytest.approx(pme_amount / amount)
    assert row["coverage"] == pytest.approx(classified / contracts)
    assert [row["wilson_low"], row["wilson_high"]] == pytest.approx([low, high])


def test_every_departement_counts_the_contracts_of_the_raw_table(fixture_db: Path) -> None:
    """Each département's contracts are the `contracts` rows of that buyer_department (NULL: the
    place not published), none dropped: 32 départements and the unknown row."""
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        raw = con.execute("SELECT buyer_department, count(*) FROM contracts GROUP BY ALL").fetchall()
    rows = queries.sme_share_by_territory(fixture_db, Filters(), "dept")
    found = {
        (None if pd.isna(c) else c): round(n, 9) for c, n in zip(rows["code"], rows["contracts"], strict=True)
    }
    assert found == dict(raw)
    assert len(found) == 33


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(year_from=2019, year_to=2019),
        Filters(contract_type="works", framework=False),
        Filters(cpv="45", aberrant=True),
        Filters(region="11"),
        Filters(dept="59"),
        Filters(buyer="21750001600019"),
        Filters(basis="amount", territory="region"),
    ],
)
@pytest.mark.parametrize("level", geo.LEVELS)
def test_territories_overseas_and_unknown_add_up_to_the_total(
    fixture_db: Path, f: Filters, level: geo.Level
) -> None:
    """The contracts of every territory, overseas and unknown included, are the overview's total
    under the same filters (its is_total row), and so is every amount."""
    rows = queries.sme_share_by_territory(fixture_db, f, level)
    total = queries.sme_share_by_year(fixture_db, f).query("is_total").iloc[0]
    mapped, others = geo.split(rows, level, f.basis, "?")
    assert len(mapped) + len(others) == len(rows)
    assert rows["contracts"].sum() == pytest.approx(total["contracts"])
    assert rows["pme_weight"].sum() == pytest.approx(total["pme_weight"])
    assert rows["amount_total"].sum() == pytest.approx(total["amount_total"])


# The région of a DECP 2019 buyer is its département's (59 Nord -> 32 Hauts-de-France); the
# decp.info extract publishes its own (75 -> 11, 2A -> 94, 16 -> 75).
REGIONS = {"11": 63, "32": 24, "75": 23, "93": 18, "94": 8, "84": 7, "04": 1, None: 15}


@pytest.mark.parametrize(("code", "contracts"), REGIONS.items())
def test_regions_take_the_departement_s_when_unpublished(
    fixture_db: Path, code: str | None, contracts: int
) -> None:
    rows = queries.sme_share_by_territory(fixture_db, Filters(), "region")
    assert _row(rows, code)["contracts"] == pytest.approx(contracts)


def test_fact_awards_region_is_the_published_one_or_the_departement_s(fixture_db: Path) -> None:
    """etl/sql/100_rules.sql region_of_department on every place of the fixture DB."""
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        pairs = dict(
            con.execute("SELECT DISTINCT buyer_department, buyer_region FROM fact_awards").fetchall()
        )
    assert pairs == {
        "02": "32", "06": "93", "11": "76", "13": "93", "16": "75", "17": "75", "18": "24", "19": "75",
        "2A": "94", "37": "24", "38": "84", "39": "27", "44": "52", "50": "28", "59": "32", "64": "75",
        "67": "44", "68": "44", "69": "84", "75": "11", "76": "28", "77": "11", "78": "11", "79": "75",
        "81": "76", "82": "76", "85": "52", "87": "75", "91": "11", "92": "11", "93": "11", "974": "04",
        None: None,
    }  # fmt: skip


def test_the_map_draws_the_ranking_s_figures(fixture_db: Path) -> None:
    """Every territory the map colours carries exactly its ranking row; the others none."""
    rows = queries.sme_share_by_territory(fixture_db, Filters(), "dept")
    mapped, _ = geo.split(rows, "dept", "count", "?")
    features = charts.territory_features(mapped, geo.outlines("dept"))
    fields = ["name", "contracts", "share", "wilson_low", "wilson_high", "coverage"]
    drawn = {f["properties"]["code"]: [f["properties"].get(k) for k in fields] for f in features}
    ranked = mapped.set_index("code")[fields].round(
        {"share": 4, "wilson_low": 4, "wilson_high": 4, "coverage": 4}
    )
    assert len(features) == 96
    assert {code: values for code, values in drawn.items() if values[0] is not None} == {
        code: list(values) for code, values in zip(ranked.index, ranked.itertuples(index=False), strict=True)
    }
    assert drawn["75"][:3] == ["75 Paris", 40.0, 0.4375]
    assert drawn["23"] == [None] * 6  # Creuse: no contract


# place: contracts, part of contracts, PME weight (winner in the buyer's département or not).
PLACES = {
    Filters(): {
        "local": (18, 18 / 186, 8),
        "outside": (32, 32 / 186, 12),
        "unknown": (136, 136 / 186, 55.583333),
    },
    Filters(dept="75"): {"local": (6, 0.15, 3), "outside": (23, 0.575, 10), "unknown": (11, 0.275, 4.5)},
}


@pytest.mark.parametrize("f", PLACES)
def test_winners_in_the_buyer_s_own_departement(fixture_db: Path, f: Filters) -> None:
    places = queries.awards_by_supplier_place(fixture_db, f)
    rows = places[~places["is_total"]].set_index("place")
    got = {p: (r.contracts, r.part_count, r.pme_weight) for p, r in rows.iterrows()}
    assert got == {p: pytest.approx(v) for p, v in PLACES[f].items()}
    total = places[places["is_total"]].iloc[0]
    assert total["contracts"] == pytest.approx(sum(v[0] for v in PLACES[f].values()))
    assert (total["part_count"], total["part_amount"], total["distance_awards"]) == (1.0, 1.0, 0)
    assert pd.isna(total["median_distance_km"])  # no titulaire_distance in the fixture files


# agg_places = the raw path, for every filter set of test_aggregates and the place filters.
PLACE_FILTERS = [
    *AGGREGATE_FILTERS.values(),
    Filters(dept="75"),
    Filters(region="94", year_from=2019),
    Filters(dept="974", basis="amount", aberrant=True),
]


@pytest.mark.parametrize("name", ["sme_share_by_territory", "awards_by_supplier_place"])
@pytest.mark.parametrize("f", PLACE_FILTERS)
def test_agg_places_equals_the_raw_path(fixture_db: Path, name: str, f: Filters) -> None:
    params = {**f.sql_params(), "level": "dept"}
    if not params["from_agg_places"]:
        return  # a buyer or supplier filter sends the query to the raw path anyway
    fast = queries.run(fixture_db, name, params)
    slow = queries.run(fixture_db, name, {**params, "from_agg_places": False})
    assert not fast.empty
    pd.testing.assert_frame_equal(fast, slow, check_dtype=False, rtol=1e-9)


@pytest.mark.parametrize(
    ("f", "contracts", "buyers"),
    [
        (Filters(dept="2A"), 8, ["21200040000011", "20007695800012", "21200032700016"]),
        (Filters(region="94"), 8, ["21200040000011", "20007695800012", "21200032700016"]),
        (Filters(dept="974"), 1, ["21974004000015"]),
    ],
)
def test_other_pages_follow_the_place_filters(
    fixture_db: Path, f: Filters, contracts: int, buyers: list
) -> None:
    """The overview's total, Acheteurs' ranking and Données' rows under dept / region."""
    assert queries.sme_share_by_year(fixture_db, f).query("is_total")["contracts"].iloc[0] == contracts
    assert queries.award_rows_count(fixture_db, f)["contracts"].iloc[0] == contracts
    assert queries.sme_share_by_buyer(fixture_db, f, 1)["buyer_id"].tolist() == buyers


def test_page_in_french(db_env: Path) -> None:
    at = open_page("territoires")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Carte", "Classement", "Titulaires locaux"]
    # The map's tab: the map, and in words what it leaves out; the tables are in the other tabs.
    assert [h.value for h in at.main.header] == ["Part PME selon le lieu de l'acheteur"]
    assert not at.dataframe
    assert "Leurs chiffres sont dans l'onglet «\u00a0Classement\u00a0»." in [c.value for c in at.caption]
    assert at.markdown[0].value == (
        "16 contrats ne sont pas sur la carte, qui ne dessine que la métropole\u00a0: 1 d'un acheteur "
        "d'outre-mer et 15 dont la source ne publie pas le département de l'acheteur (un fichier DECP 2019 "
        "sans lieu d'exécution utilisable, par exemple). Ils comptent dans tous les totaux."
    )
    at = open_page("territoires", tab="classement")
    assert [h.value for h in at.main.header] == ["Classement des territoires"]
    assert len(static_tables(at)) == 2
    assert 'aria-sort="descending">Part PME</th>' in static_tables(at)[0]  # ranked by it
    ranking, others = static_rows(at, 0), static_rows(at, 1)
    assert others.values.tolist() == [
        ["Lieu non publié", "15", "3,5\u00a0M€", "23,3\u00a0%", "8,9\u00a0%", "48,6\u00a0%", "83,3\u00a0%"],
        ["974 La Réunion", "1", "110\u00a0k€", "0,0\u00a0%", "0,0\u00a0%", "79,3\u00a0%", "100,0\u00a0%"],
    ]
    assert ranking.columns.tolist() == others.columns.tolist()
    assert len(ranking) == 31  # and 974 beside the map
    assert ranking[ranking["Territoire"].isin(["59 Nord", "75 Paris"])].values.tolist() == [
        ["59 Nord", "23", "2,6\u00a0M€", "75,4\u00a0%", "55,0\u00a0%", "88,4\u00a0%", "84,1\u00a0%"],
        ["75 Paris", "40", "59,9\u00a0M€", "43,8\u00a0%", "29,6\u00a0%", "59,0\u00a0%", "63,7\u00a0%"],
    ]
    assert at.get("download_button")[0].label == "Télécharger le classement (CSV)"
    at = open_page("territoires", tab="localisation")
    assert [h.value for h in at.main.header] == ["Titulaires locaux"]
    assert not at.dataframe  # a static table: four rows in a set order
    places = static_rows(at)
    assert places.values.tolist()[0] == [
        "Même département que l'acheteur", "9,7\u00a0%", "23,9\u00a0%", "44,4\u00a0%", "55,6\u00a0%", "18"
    ]  # fmt: skip


def test_page_in_english_by_region_for_one_departement(db_env: Path) -> None:
    at = open_page("territoires", lang="en", map="region", dept="75")
    assert not at.exception
    assert at.caption[0].value == "Filters: département 75 Paris"
    assert at.header[0].value == "SME share by the buyer's place"
    assert "Every selected contract is on the map." in [c.value for c in at.caption]
    at = open_page("territoires", lang="en", map="region", dept="75", tab="classement")
    ranking = static_rows(at, 0)
    assert ranking.values.tolist() == [
        ["11 Île-de-France", "40", "€59.9M", "43.8%", "29.6%", "59.0%", "63.7%"]
    ]
    at = open_page("territoires", lang="en", map="region", dept="75", tab="localisation")
    places = static_rows(at)
    assert places["Supplier's place"].tolist() == [
        "Buyer's own département",
        "Another département",
        "Either place not published",
        "All",
    ]
    assert places["Contracts"].tolist() == ["6", "23", "11", "40"]
    assert "Where the winners of the contracts of 75 Paris are" in " ".join(c.value for c in at.caption)


def test_the_page_s_controls_write_the_url(db_env: Path) -> None:
    at = open_page("territoires", tab="classement")
    at.radio(key="t_level").set_value("region").run()
    assert at.query_params["map"] == "region"
    at.selectbox(key="t_place").set_value("32").run()
    assert at.query_params["region"] == "32"
    assert static_rows(at, 0).values.tolist()[0][:2] == ["32 Hauts-de-France", "24"]
    # The page's select lists the data's régions, not only the chosen one's: another can be picked.
    assert at.selectbox(key="t_place").options == [
        "Toutes les régions",
        "04 La Réunion",
        "11 Île-de-France",
        "24 Centre-Val de Loire",
        "27 Bourgogne-Franche-Comté",
        "28 Normandie",
        "32 Hauts-de-France",
        "44 Grand Est",
        "52 Pays de la Loire",
        "75 Nouvelle-Aquitaine",
        "76 Occitanie",
        "84 Auvergne-Rhône-Alpes",
        "93 Provence-Alpes-Côte d'Azur",
        "94 Corse",
    ]
    at.selectbox(key="t_place").set_value("94").run()
    assert at.query_params["region"] == "94"
    assert at.caption[0].value == "Filtres\u00a0: région 94 Corse"


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"dept": "20"}, "`dept=20`"),
        ({"dept": "971"}, "`dept=971`"),  # a département the data do not have
        ({"region": "53"}, "`region=53`"),
        ({"map": "commune"}, "`map=commune`"),
    ],
)
def test_a_hostile_or_unknown_place_warns(db_env: Path, params: dict, ignored: str) -> None:
    at = open_page("territoires", **params)
    assert not at.exception
    assert ignored in at.warning[0].value
    assert at.header[0].value == "Part PME selon le lieu de l'acheteur"


@pytest.mark.parametrize(
    ("f", "uids"),
    [
        (Filters(), ["200066884000122018S-REPASCRE", "200066884000122018S-REPASCRE01"]),
        (Filters(dept="82"), ["200066884000122018S-REPASCRE", "200066884000122018S-REPASCRE01"]),
        (Filters(region="76"), ["200066884000122018S-REPASCRE", "200066884000122018S-REPASCRE01"]),
        (Filters(dept="75"), []),
        (Filters(region="11"), []),
    ],
)
def test_methode_s_aberrant_amounts_follow_the_place_filters(
    fixture_db: Path, f: Filters, uids: list
) -> None:
    """The two aberrant amounts (0 €) of the fixture DB are a Tarn-et-Garonne buyer's (82, Occitanie)."""
    assert queries.contracts_by_aberrant_amount(fixture_db, f)["contract_uid"].tolist() == uids


@pytest.mark.parametrize(
    ("level", "features", "first", "last"), [("dept", 96, "01", "95"), ("region", 13, "11", "94")]
)
def test_the_shipped_outlines(level: geo.Level, features: int, first: str, last: str) -> None:
    """data/geo/: metropolitan France only, every ring still closed after rounding to 3 decimals."""
    collection = geo.outlines(level)
    codes = sorted(f["properties"]["code"] for f in collection["features"])
    assert (len(codes), codes[0], codes[-1]) == (features, first, last)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for ring in (ring for polygon in polygons for ring in polygon):
            assert ring[0] == ring[-1], feature["properties"]["code"]
            assert len(ring) >= 4, feature["properties"]["code"]


@pytest.mark.parametrize(
    ("level", "code", "label"),
    [
        ("dept", "2A", "2A Corse-du-Sud"),
        ("dept", "2B", "2B Haute-Corse"),
        ("dept", "976", "976 Mayotte"),
        ("dept", "988", "988 Nouvelle-Calédonie"),
        ("dept", "985", "985"),  # no such collectivity: the code alone
        ("region", "11", "11 Île-de-France"),
        ("region", "03", "03 Guyane"),
        ("region", "977", "977"),  # decp.info's région for Saint-Barthélemy: not an INSEE région
    ],
)
def test_territory_labels(level: geo.Level, code: str, label: str) -> None:
    assert geo.label(level, code) == label
