"""Issue 16, across countries: a database of several countries (the real TED notices of
tests/fixtures/ted-can-xml, eight countries, five currencies) shows one country at a time, France
by default when present, else the one with most contracts; amounts are summed in that country's
currency only; the overview compares every country's PME share with the basis of its sizes. The
figures are recounted independently by tests/tools/recount_countries.py."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.apptest import open_page, static_rows
from tests.conftest import FIXTURES, run_etl
from tests.tools.recount_countries import by_country
from tests.tools.recount_ocds import recount as recount_ocds
from tests.tools.recount_ted import r209

TED_R209 = FIXTURES / "ted-can-xml" / "ted-xml-r209"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ted_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ted_db") / "procurement.duckdb"
    result = run_etl("build", TED_R209, "--db", db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def ted_env(ted_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCUREMENT_DB", str(ted_db))
    return ted_db


def test_each_country_has_its_currency_and_the_default_is_the_largest(ted_db: Path) -> None:
    """No France here: the default is the country with most contracts. Poland's one contract in
    euros counts in no amount sum (other_currency) though its contract keeps an ok amount."""
    con = duckdb.connect(str(ted_db), read_only=True)
    assert con.execute("FROM countries").fetchall() == [
        ("GB", 12, "GBP", 0, True, "declared"),
        ("PL", 7, "PLN", 1, False, "declared"),
        ("DE", 6, "EUR", 0, False, "declared"),
        ("NO", 4, "NOK", 0, False, "declared"),
        ("ES", 3, "EUR", 0, False, "declared"),
        ("AT", 1, "EUR", 0, False, "declared"),
        ("SK", 1, "EUR", 0, False, "declared"),
        ("ZM", 1, "EUR", 0, False, "declared"),
    ]
    other = con.execute(
        "SELECT c.country, c.currency, c.amount_status, f.amount_status::VARCHAR, f.size_vocabulary::VARCHAR "
        "FROM fact_awards AS f JOIN contracts AS c ON c.rowid = f.contract_row "
        "WHERE f.amount_status = 'other_currency'"
    ).fetchall()
    assert other == [("PL", "EUR", "ok", "other_currency", "declared")]
    # The extract still gives its share, in its own currency (awards.amount_share, DESIGN).
    assert con.execute(
        "SELECT count(*) FROM awards JOIN contracts USING (contract_uid) "
        "WHERE contracts.currency = 'EUR' AND contracts.country = 'PL' AND amount_share IS NOT NULL"
    ).fetchone() == (1,)


def test_an_aberrant_amount_in_another_currency_is_in_no_sum(tmp_path: Path) -> None:
    """Deliberately broken: the Polish notice's one lot in euros with a placeholder amount
    (999 999 999 €). The contract is aberrant; its award counts in no sum, even with aberrant
    amounts added (they are added in the country's currency only); the build is published."""
    notice = TED_R209 / "22-086633-001-EXP.xml"
    text = notice.read_text(encoding="utf-8")
    assert text.count('<VAL_TOTAL CURRENCY="EUR">47620.00</VAL_TOTAL>') == 1
    broken = tmp_path / notice.name
    broken.write_text(
        text.replace('<VAL_TOTAL CURRENCY="EUR">47620.00', '<VAL_TOTAL CURRENCY="EUR">999999999')
    )
    db = tmp_path / "x.duckdb"
    result = run_etl("build", broken, "--db", db)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        "SELECT c.contract_uid, c.amount_status, f.amount_status::VARCHAR, a.amount_share "
        "FROM fact_awards AS f JOIN contracts AS c ON c.rowid = f.contract_row "
        "JOIN awards AS a ON a.contract_uid = c.contract_uid WHERE c.currency = 'EUR'"
    ).fetchall() == [("88158-2022/1/1", "aberrant", "other_currency_aberrant", None)]
    assert con.execute(
        "SELECT fsum(amount_weighted) FILTER (WHERE amount_counts(amount_status, true)) FROM fact_awards"
    ).fetchone() == (183506.5,)


def test_the_recount_of_countries() -> None:
    """The independent recount, pinned: what the app's « Par pays » table must show."""
    contracts, _ = r209()
    assert by_country(contracts) == {
        "AT": {"contracts": 1, "currency": "EUR", "share_count": 1.0, "share_amount": 1.0, "coverage": 1.0},
        "DE": {"contracts": 6, "currency": "EUR", "share_count": 0.166667, "share_amount": 0.166667, "coverage": 1.0},
        "ES": {"contracts": 3, "currency": "EUR", "share_count": 0.0, "share_amount": 0.0, "coverage": 1.0},
        "GB": {"contracts": 12, "currency": "GBP", "share_count": 0.083333, "share_amount": 0.027778, "coverage": 1.0},
        "NO": {"contracts": 4, "currency": "NOK", "share_count": 0.0, "share_amount": None, "coverage": 1.0},
        "PL": {"contracts": 7, "currency": "PLN", "share_count": 1.0, "share_amount": 1.0, "coverage": 1.0},
        "SK": {"contracts": 1, "currency": "EUR", "share_count": 1.0, "share_amount": 1.0, "coverage": 1.0},
        "ZM": {"contracts": 1, "currency": "EUR", "share_count": 0.0, "share_amount": None, "coverage": 1.0},
    }  # fmt: skip


def test_the_overview_shows_one_country_and_compares_them_all(ted_env: Path) -> None:
    at = open_page("")
    assert not at.exception
    assert not at.warning
    # The default country is written into the link, so that the link says what is shown.
    assert dict(at.query_params) == {"country": "GB"}
    country = at.selectbox(key="f_country")
    assert country.options == [
        "Royaume-Uni", "Pologne", "Allemagne", "Norvège", "Espagne", "Autriche", "Slovaquie", "Zambie",
    ]  # fmt: skip
    assert country.value == "GB"
    assert at.caption[0].value == f"Filtres{NBSP}: Royaume-Uni"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Contrats"] == "12"
    assert tiles["Montant total"] == f"1,8{NBSP}Md£"
    assert tiles["Part PME (nombre)"] == f"8{NBSP}%"
    assert tiles["Part PME (montant)"] == f"3{NBSP}%"
    assert "Par pays" in [h.value for h in at.main.header]
    table = static_rows(at, 0)
    assert list(table.columns) == [
        "Pays", "Part PME (nombre)", "Part PME (montant)", "Base de la taille", "Contrats", "Taille connue", "Devise",
    ]  # fmt: skip
    recount = by_country(r209()[0])
    names = {"GB": "Royaume-Uni", "PL": "Pologne", "DE": "Allemagne", "NO": "Norvège", "ES": "Espagne",
             "AT": "Autriche", "SK": "Slovaquie", "ZM": "Zambie"}  # fmt: skip

    def pct(share: float | None) -> str:
        return "–" if share is None else f"{share * 100:.1f}".replace(".", ",") + f"{NBSP}%"

    assert table.values.tolist() == [
        [
            names[code],
            pct(r["share_count"]),
            pct(r["share_amount"]),
            "déclarée (PME ou grande)",
            str(r["contracts"]),
            pct(r["coverage"]),
            r["currency"],
        ]
        for code, r in sorted(recount.items(), key=lambda item: (-item[1]["contracts"], item[0]))
    ]


def test_the_country_select_changes_every_figure(ted_env: Path) -> None:
    at = open_page("")
    at.selectbox(key="f_country").set_value("DE").run()
    assert not at.exception
    assert dict(at.query_params) == {"country": "DE"}
    tiles = {m.label: m.value for m in at.metric}
    assert (tiles["Contrats"], tiles["Part PME (nombre)"]) == ("6", f"17{NBSP}%")
    assert tiles["Montant total"] == f"1,3{NBSP}M€"


def test_another_country_in_its_currency(ted_env: Path) -> None:
    at = open_page("", country="pl", lang="en")
    assert not at.exception
    assert dict(at.query_params) == {"country": "PL", "lang": "en"}
    tiles = {m.label: m.value for m in at.metric}
    assert (tiles["Contracts"], tiles["Total amount"]) == ("7", f"PLN{NBSP}184k")
    assert at.caption[0].value == "Filters: Poland"


def test_rows_in_two_currencies_say_each_one(ted_env: Path) -> None:
    """Données for Poland: six rows in zlotys and one in euros. The amounts are plain numbers
    beside their currency, and the total of the shares under the table is the tile's (zlotys)."""
    at = open_page("donnees", country="PL")
    assert not at.exception, [e.value for e in at.exception]
    table = static_rows(at)
    assert list(table.columns)[4:8] == [
        "Montant du contrat",
        "Part attribuée à ce titulaire",
        "Devise",
        "Statut du montant",
    ]
    rows = table[["Montant du contrat", "Devise", "Statut du montant"]].values.tolist()
    assert sorted(rows) == sorted([
        [f"47{NBSP}620", "EUR", "autre devise"],
        [f"57{NBSP}231", "PLN", "valide"],
        [f"36{NBSP}436", "PLN", "valide"],
        [f"7{NBSP}950", "PLN", "valide"],
        [f"68{NBSP}950", "PLN", "valide"],
        [f"1{NBSP}139", "PLN", "valide"],
        [f"11{NBSP}800", "PLN", "valide"],
    ])  # fmt: skip
    totals = [c.value for c in at.caption if "Total des parts" in c.value]
    assert len(totals) == 1
    assert f"183{NBSP}506{NBSP}PLN" in totals[0]


@pytest.mark.parametrize("sort", ["amount", "share"])
def test_an_amount_in_another_currency_is_sorted_last(ted_env: Path, sort: str) -> None:
    """Données for Poland sorted by amount: the zloty amounts from the largest, then the one in
    euros, which no sum counts (Method §18) and which would come third by its bare figure."""
    at = open_page("donnees", country="PL", sort=sort)
    assert not at.exception, [e.value for e in at.exception]
    rows = static_rows(at)[["Montant du contrat", "Devise"]].values.tolist()
    assert rows == [
        [f"68{NBSP}950", "PLN"],
        [f"57{NBSP}231", "PLN"],
        [f"36{NBSP}436", "PLN"],
        [f"11{NBSP}800", "PLN"],
        [f"7{NBSP}950", "PLN"],
        [f"1{NBSP}139", "PLN"],
        [f"47{NBSP}620", "EUR"],
    ]


def test_territories_say_they_are_france_s(ted_env: Path) -> None:
    at = open_page("territoires", country="DE")
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Cette page place les marchés sur les départements et régions de France\u00a0: ceux du pays "
        "choisi (Allemagne) n'y ont pas de place. Choisissez la France dans le filtre «\u00a0Pays\u00a0»."
    ]


def test_an_unknown_country_is_named_and_dropped(ted_env: Path) -> None:
    at = open_page("", country="FR")
    assert [w.value for w in at.warning] == [
        f"Lien partiellement lu{NBSP}: valeurs ignorées{NBSP}: `country=FR`."
    ]
    assert dict(at.query_params) == {"country": "GB"}


# Issue 16, « done when »: a DECP 2019 file, a DECP 2022 file, an OCDS package and a TED folder in
# one build.
DECP_2019 = FIXTURES / "fixture_decp2019_138.json"
DECP_2022 = FIXTURES / "constructed_decp2022.json"
OCDS = FIXTURES / "ocds-uk-contracts-finder" / "contracts_finder_release_package_2025-01-23_page1.json"
SIRENE = (
    Path(__file__).resolve().parents[1] / "data" / "sample" / "sirene" / "sirene_unites_legales_categorie.csv"
)


@pytest.fixture(scope="module")
def world_dbs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The four formats in one build, and the French files alone."""
    folder = tmp_path_factory.mktemp("world")
    world, france = folder / "world.duckdb", folder / "france.duckdb"
    result = run_etl("build", DECP_2019, DECP_2022, OCDS, TED_R209, "--sirene", SIRENE, "--db", world)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"built {world}: 230 contracts, 273 awards from 11 file(s) (284 records read); "
        "4 records rejected (see rejected_records), 3 duplicates dropped, 4 concessions skipped\n"
    )
    result = run_etl("build", DECP_2019, DECP_2022, "--sirene", SIRENE, "--db", france)
    assert result.returncode == 0, result.stderr
    return world, france


def test_four_formats_in_one_build(world_dbs: tuple[Path, Path]) -> None:
    con = duckdb.connect(str(world_dbs[0]), read_only=True)
    assert con.execute(
        "SELECT source_format, country, count(*) FROM contracts GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [
        ("decp-2019", "FR", 133), ("decp-2022", "FR", 5), ("ocds", "GB", 57), ("ted", "AT", 1),
        ("ted", "DE", 6), ("ted", "ES", 3), ("ted", "GB", 12), ("ted", "NO", 4), ("ted", "PL", 7),
        ("ted", "SK", 1), ("ted", "ZM", 1),
    ]  # fmt: skip
    assert con.execute(
        "SELECT country, contracts, currency, is_default FROM countries LIMIT 2"
    ).fetchall() == [
        ("FR", 138, "EUR", True),
        ("GB", 69, "GBP", False),
    ]
    # One source per input, the TED folder's eight notices under the folder's name.
    assert con.execute(
        "SELECT source_name, format, count(*) FROM etl_inputs GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [
        ("constructed_decp2022", "decp-2022", 1),
        ("contracts_finder_release_package_2025-01-23_page1", "ocds", 1),
        ("fixture_decp2019_138", "decp-2019", 1),
        ("sirene_unites_legales_categorie", "sirene-csv", 1),
        ("ted-xml-r209", "ted-xml", 8),
    ]


def test_france_in_a_world_database_reads_as_france_alone(
    world_dbs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default view of the four-format database is France, and its figures are those of the
    French files built alone: no pound or zloty is added to a euro, no declared flag to INSEE's
    categories."""
    world, france = world_dbs
    pages = {}
    for db in (world, france):
        monkeypatch.setenv("PROCUREMENT_DB", str(db))
        pages[db] = open_page("")
        assert not pages[db].exception
    assert dict(pages[world].query_params) == {"country": "FR"}
    assert dict(pages[france].query_params) == {}
    tiles = [{m.label: m.value for m in pages[db].metric} for db in (world, france)]
    assert (
        tiles[0]
        == tiles[1]
        == {
            "Contrats": "138",
            "Montant total": f"32,8{NBSP}M€",
            "Part PME (nombre)": f"42{NBSP}%",
            "Part PME (montant)": f"28{NBSP}%",
            "Taille connue": f"70{NBSP}%",
        }
    )
    table = static_rows(pages[world], 0).values.tolist()
    assert table[:2] == [
        [
            "France",
            f"42,5{NBSP}%",
            f"27,9{NBSP}%",
            "registre INSEE (PME, ETI, GE)",
            "138",
            f"69,9{NBSP}%",
            "EUR",
        ],
        [
            "Royaume-Uni",
            f"29,0{NBSP}%",
            f"5,9{NBSP}%",
            "déclarée (PME ou grande)",
            "69",
            f"82,6{NBSP}%",
            "GBP",
        ],
    ]
    # The United Kingdom's count share joins the two independent recounts: the OCDS package's 57
    # contracts (a third PME, tests/tools/recount_ocds.py) and TED's 12 British ones (one PME).
    ocds_gb, ted_gb = recount_ocds(OCDS), by_country(r209()[0])["GB"]
    assert (ocds_gb["contracts"], ted_gb["contracts"]) == (57, 12)
    assert round(ocds_gb["shares"]["PME"][0] * 57) + round(ted_gb["share_count"] * 12) == 20
    assert f"{20 / 69 * 100:.1f}".replace(".", ",") == "29,0"
    monkeypatch.setenv("PROCUREMENT_DB", str(world))
    gb = open_page("", country="GB")
    tiles = {m.label: m.value for m in gb.metric}
    assert (tiles["Contrats"], tiles["Montant total"], tiles["Part PME (nombre)"]) == (
        "69",
        f"1,9{NBSP}Md£",
        f"29{NBSP}%",
    )
