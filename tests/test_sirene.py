"""SIRENE at national scale: a semi-join reads only the units of the build's winners and buyers,
keeps the year of INSEE's categories for Méthode, and fills names the publication leaves out,
never a published one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard.i18n import sirene_years_text
from tests.apptest import open_page
from tests.conftest import FIXTURE_SOURCES, FIXTURES, SIRENE, run_etl
from tests.etl_inputs import tabular_rows, write_csv

# 9 real units of INSEE's StockUniteLegale (tests/fixtures/PROVENANCE.md), categories of 2023.
STOCK = FIXTURES / "stock_unite_legale_echantillon.csv"
NBSP = "\u00a0"
# SIRETs (SIREN + nicSiegeUniteLegale) of three of those units.
VIRLY = "01675069700050"  # ETS J VIRLY S A, ETI
PENNEQUIN = "01705118600066"  # PENNEQUIN INVEST, PME
FACTOFRANCE = "06380246600373"  # FACTOFRANCE, GE
FILLED = "name not published: SIRENE denominationUniteLegale"


def as_parquet(csv: Path, out: Path) -> Path:
    """A CSV's rows as Parquet, every column text (INSEE's siren keeps its leading zeros)."""
    con = duckdb.connect()
    con.read_csv(str(csv), all_varchar=True, header=True).write_parquet(str(out))
    con.close()
    return out


def test_the_semi_join_sizes_awards_as_a_join_of_the_whole_file(tmp_path, fixture_db):
    """A SIRENE Parquet made from the shipped categories CSV: the build keeps only the units of
    its winners and buyers, and every award gets the size a join of all 30,560 units gives."""
    parquet = as_parquet(SIRENE, tmp_path / "sirene.parquet")
    db = tmp_path / "parquet.duckdb"
    result = run_etl("build", *FIXTURE_SOURCES, "--sirene", parquet, "--db", db)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    whole_file = con.execute(
        "SELECT a.contract_uid, a.supplier_id, "
        "CASE WHEN u.categorieEntreprise IN ('PME', 'ETI', 'GE') THEN u.categorieEntreprise ELSE 'unknown' END, "
        "CASE WHEN u.categorieEntreprise IN ('PME', 'ETI', 'GE') THEN 'sirene' ELSE 'none' END "
        "FROM awards AS a LEFT JOIN read_csv($csv, all_varchar = true) AS u ON u.siren = a.supplier_siren "
        "ORDER BY 1, 2",
        {"csv": str(SIRENE)},
    ).fetchall()
    sized = con.execute(
        "SELECT contract_uid, supplier_id, size_class, size_basis FROM awards ORDER BY 1, 2"
    ).fetchall()
    assert sized == whole_file
    assert con.execute("SELECT size_basis, count(*) FROM awards GROUP BY 1 ORDER BY 1").fetchall() == [
        ("none", 73),
        ("sirene", 139),
    ]
    assert con.execute(
        "SELECT format, records_read, records_loaded FROM etl_inputs WHERE format LIKE 'sirene%'"
    ).fetchall() == [("sirene-parquet", 30560, 118)]
    awards = con.execute("SELECT * FROM awards ORDER BY contract_uid, supplier_id").fetchall()
    con.close()
    with duckdb.connect(str(fixture_db), read_only=True) as csv_built:
        assert (
            awards == csv_built.execute("SELECT * FROM awards ORDER BY contract_uid, supplier_id").fetchall()
        )


def _constructed_rows() -> list[dict[str, str]]:
    """Constructed from the real VULCAIN award (tabular fixture, first row): two contracts whose
    buyer or winner is one of the real StockUniteLegale units, with a name left out or kept."""
    row = dict(tabular_rows()[0], titulaire_categorie="")
    return [
        # Buyer and winner published without a name: both come from SIRENE.
        dict(
            row,
            uid="S-fill",
            id="S-fill",
            acheteur_id=VIRLY,
            acheteur_nom="",
            titulaire_id=PENNEQUIN,
            titulaire_nom="",
        ),
        # A published winner name (VULCAIN) is kept, even on FACTOFRANCE's SIRET.
        dict(row, uid="S-keep", id="S-keep", titulaire_id=FACTOFRANCE),
    ]


@pytest.fixture(scope="module", params=["csv", "parquet"])
def stock_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The constructed contracts built with the real 9-unit stock, as CSV or as Parquet."""
    folder = tmp_path_factory.mktemp(f"stock_{request.param}")
    contracts = write_csv(folder / "constructed_sirene_names.csv", _constructed_rows())
    stock = STOCK if request.param == "csv" else as_parquet(STOCK, folder / "StockUniteLegale_utf8.parquet")
    db = folder / "stock.duckdb"
    result = run_etl("build", contracts, "--sirene", stock, "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def test_missing_names_come_from_sirene_and_published_ones_stay(stock_db):
    con = duckdb.connect(str(stock_db), read_only=True)
    assert con.execute("SELECT contract_uid, buyer_name FROM contracts ORDER BY 1").fetchall() == [
        ("S-fill", "ETS J VIRLY S A"),
        (
            "S-keep",
            "ETABLISSEMENT PUBLIC DE LA REUNION DES MUSEES NATIONAUX ET DU GRAND PALAIS DES CHAMPS-ELYSEES",
        ),
    ]
    assert con.execute(
        "SELECT contract_uid, supplier_id, supplier_siren, supplier_name, size_class, size_basis "
        "FROM awards ORDER BY 1"
    ).fetchall() == [
        ("S-fill", PENNEQUIN, "017051186", "PENNEQUIN INVEST", "PME", "sirene"),
        ("S-keep", FACTOFRANCE, "063802466", "VULCAIN", "GE", "sirene"),
    ]
    assert con.execute(
        "SELECT contract_uid, field, raw_value, note FROM quality_notes ORDER BY 1, 2"
    ).fetchall() == [
        ("S-fill", "buyer_name", None, FILLED),
        ("S-fill", "supplier_name", None, FILLED),
    ]
    con.close()


def test_the_stock_is_read_for_the_units_needed_and_its_year_kept(stock_db):
    con = duckdb.connect(str(stock_db), read_only=True)
    # 9 units read; 3 kept: the S-fill buyer and the two winners.
    assert con.execute(
        "SELECT records_read, records_loaded FROM etl_inputs WHERE format LIKE 'sirene%'"
    ).fetchall() == [(9, 3)]
    assert con.execute("SELECT * FROM sirene_category_years").fetchall() == [(2023, 2, 2)]
    con.close()


def test_a_categories_file_without_year_says_so(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        assert con.execute("SELECT * FROM sirene_category_years").fetchall() == [(None, 115, 139)]


YEARS_TEXT = [
    ([], "fr", ""),
    (
        [(2023, 2, 2)],
        "fr",
        f"Catégories SIRENE utilisées (année de la catégorie, anneeCategorieEntreprise de l'INSEE){NBSP}: "
        "2023 pour 2 entreprises (2 attributions).",
    ),
    (
        [(2023, 12345, 23456), (2021, 3, 4), (None, 113, 136)],
        "en",
        "SIRENE categories used (the category's year, INSEE's anneeCategorieEntreprise): "
        "2023 for 12,345 companies (23,456 awards), 2021 for 3 companies (4 awards), "
        "year not given by the SIRENE file for 113 companies (136 awards).",
    ),
]


@pytest.mark.parametrize(("rows", "lang", "text"), YEARS_TEXT)
def test_the_methode_line_on_sirene_years(rows, lang, text):
    assert sirene_years_text(rows, lang) == text


def test_the_methode_page_says_which_years_categories_were_used(stock_db, fixture_db, monkeypatch):
    said = {}
    for db in (stock_db, fixture_db):
        monkeypatch.setenv("PROCUREMENT_DB", str(db))
        at = open_page("methode", tab="qualite")
        assert not at.exception, [e.value for e in at.exception]
        said[db] = [c.value for c in at.caption if "anneeCategorieEntreprise" in c.value]
    head = f"Catégories SIRENE utilisées (année de la catégorie, anneeCategorieEntreprise de l'INSEE){NBSP}: "
    assert said == {
        stock_db: [head + "2023 pour 2 entreprises (2 attributions)."],
        fixture_db: [
            head + "année non indiquée par le fichier SIRENE pour 115 entreprises (139 attributions)."
        ],
    }


def test_sirens_without_their_leading_zeros_still_join(tmp_path, fixture_db):
    """A unit file saved from a spreadsheet loses the SIREN's leading zeros (006580195 -> 6580195):
    its units are found all the same."""
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * REPLACE (ltrim(siren, '0') AS siren) FROM read_csv($p, all_varchar = true)) TO $out",
        {"p": str(SIRENE), "out": str(tmp_path / "unpadded.csv")},
    )
    con.close()
    assert (tmp_path / "unpadded.csv").read_text(encoding="utf-8").splitlines()[1].startswith("6580195,")
    db = tmp_path / "unpadded.duckdb"
    assert (
        run_etl("build", *FIXTURE_SOURCES, "--sirene", tmp_path / "unpadded.csv", "--db", db).returncode == 0
    )
    query = "SELECT contract_uid, supplier_id, size_class, size_basis FROM awards ORDER BY 1, 2"
    with (
        duckdb.connect(str(db), read_only=True) as unpadded,
        duckdb.connect(str(fixture_db), read_only=True) as padded,
    ):
        assert unpadded.execute(query).fetchall() == padded.execute(query).fetchall()
        assert unpadded.execute(
            "SELECT records_loaded FROM etl_inputs WHERE format = 'sirene-csv'"
        ).fetchone() == (118,)
