"""DECP 2022 (arrêtés du 22 décembre 2022, schema v2.0.3), JSON and XML (issue 16, part 1).

Two kinds of input, both named in tests/fixtures/PROVENANCE.md: the schema's own examples
(tests/fixtures/decp2022_schema_examples/, fictitious as the schema's repository says), and
constructed_decp2022.json / .xml, **constructed** for these tests: one hand-made record per rule
(versions, republished copies, "NC" placeholders, frameworks and call-offs, a record without
winner, a concession), the XML being the same records written as the schema's XML.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import sample_sources
from etl.errors import SourceError
from etl.inputs import detect_format
from tests.apptest import open_page, static_rows
from tests.conftest import FIXTURES, SIRENE, run_etl

EXAMPLES = FIXTURES / "decp2022_schema_examples"
CONSTRUCTED_JSON = FIXTURES / "constructed_decp2022.json"
CONSTRUCTED_XML = FIXTURES / "constructed_decp2022.xml"
# Real INSEE units (tests/fixtures/PROVENANCE.md): the constructed records' winners are three of them.
SIRENE_UNITS = FIXTURES / "stock_unite_legale_echantillon.csv"
TABLES = ("contracts", "awards", "quality_notes", "rejected_records", "subcontracts")


def _build(source: Path, db: Path, *sirene: Path) -> duckdb.DuckDBPyConnection:
    args = [arg for path in sirene for arg in ("--sirene", path)]
    result = run_etl("build", source, *args, "--db", db)
    assert result.returncode == 0, result.stderr
    return duckdb.connect(str(db), read_only=True)


@pytest.fixture(scope="module")
def constructed(tmp_path_factory: pytest.TempPathFactory):
    """The constructed JSON and XML, each built alone with the SIRENE units."""
    folder = tmp_path_factory.mktemp("decp2022")
    cons = {kind: _build(path, folder / f"{kind}.duckdb", SIRENE_UNITS) for kind, path in
            (("json", CONSTRUCTED_JSON), ("xml", CONSTRUCTED_XML))}  # fmt: skip
    yield cons
    for con in cons.values():
        con.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"marches": {"marche": [], "contrat-concession": []}}', "decp-2022"),
        ('{\n  "marches" : {\n "marche": [{"id": "1"}]}}', "decp-2022"),
        # A list root with 2022 records: wrapped titulaires, a list of codes in an object.
        ('{"marches": [{"id": "1", "titulaires": [{"titulaire": {"id": "1"}}]}]}', "decp-2022"),
        ('{"marches": [{"id": "1", "techniques": {"technique": ["Accord-cadre"]}}]}', "decp-2022"),
        ('{"marches": [{"id": "1", "titulaires": [{"id": "1", "denominationSociale": "X"}]}]}', "decp-2019"),
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<!-- DECP -->\n<marches><marche/></marches>',
            "decp-2022-xml",
        ),
        ('<ns:marches xmlns:ns="urn:x"><ns:marche/></ns:marches>', "decp-2022-xml"),
    ],
)
def test_format_is_read_from_the_content(tmp_path, text, expected):
    path = tmp_path / "input.txt"
    path.write_text(text, encoding="utf-8")
    assert detect_format(path, "input.txt") == expected


def test_the_shipped_2019_file_stays_2019():
    assert detect_format(FIXTURES / "fixture_decp2019_138.json", "x") == "decp-2019"
    assert detect_format(EXAMPLES / "marches_avec_modifications.json", "x") == "decp-2022"
    assert detect_format(EXAMPLES / "Marche.xml", "x") == "decp-2022-xml"


def test_other_xml_is_refused(tmp_path):
    """An XML root that is neither DECP 2022 nor TED (an RSS feed) is named and refused."""
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', encoding="utf-8")
    with pytest.raises(SourceError, match=r"^feed.xml: XML whose root is <rss>: not a format"):
        detect_format(path, "feed.xml")


def test_schema_example_with_modifications_and_concessions(tmp_path):
    """The schema's marches_concessions.json: two marchés, two concessions skipped; the modification
    gives the current amount, duration and winner, the year stays the contract's own."""
    con = _build(EXAMPLES / "marches_concessions.json", tmp_path / "x.duckdb")
    assert con.execute(
        "SELECT records_read, records_loaded, records_rejected, duplicates_dropped, concessions_skipped "
        "FROM etl_runs"
    ).fetchone() == (4, 2, 0, 0, 2)
    assert con.execute(
        "SELECT contract_uid, source_format, year, notification_date, amount_initial, amount, duration_months, "
        "bids_received, modifications, is_framework, framework_id, techniques, innovative, "
        "subcontracting_declared, social_clause, environmental_clause, buyer_name, buyer_department "
        "FROM contracts ORDER BY contract_uid"
    ).fetchall() == [
        ("21750001630040TEST2022Bis", "decp-2022", 2024, date(2024, 5, 15), 575000.0, 123457.87, 12, 4, 1,
         True, "1234567890", "Concours, Accord-cadre", True, True, "Clause sociale, Critère social",
         "Clause environnementale", None, "75"),
        ("21750001630066TEST2022", "decp-2022", 2024, date(2024, 5, 15), 575000.0, 123457.87, 12, 4, 1,
         True, "1234567890", "Concours, Accord-cadre", True, True, "Clause sociale, Critère social",
         "Clause environnementale", None, "75"),
    ]  # fmt: skip
    # The modification's winner (a 15-digit id under SIRET: no SIREN, size unknown).
    assert con.execute(
        "SELECT contract_uid, supplier_id, supplier_id_scheme, supplier_siren, supplier_name, size_class "
        "FROM awards ORDER BY 1"
    ).fetchall() == [
        ("21750001630040TEST2022Bis", "868768687576575", "SIRET", None, None, "unknown"),
        ("21750001630066TEST2022", "868768687576575", "SIRET", None, None, "unknown"),
    ]


def test_schema_example_xml(tmp_path):
    """The schema's Marche.xml: the same marché twice (one duplicate dropped), oui/non booleans."""
    con = _build(EXAMPLES / "Marche.xml", tmp_path / "x.duckdb")
    assert con.execute(
        "SELECT format, records_read, records_loaded, duplicates_dropped, concessions_skipped FROM etl_inputs"
    ).fetchone() == ("decp-2022-xml", 2, 1, 1, 0)
    assert con.execute(
        "SELECT contract_uid, source_name, year, amount, amount_initial, duration_months, bids_received, "
        "modifications, is_framework, innovative, subcontracting_declared, ccag, grouping_type, origin_france "
        "FROM contracts"
    ).fetchall() == [
        ("21750001630040TEST2022", "Marche", 2024, 575000.0, 575000.0, 48, 4, 0, True, True, True, "Travaux",
         "Pas de groupement", 0.1),
    ]  # fmt: skip
    assert con.execute("SELECT supplier_id, supplier_siren FROM awards").fetchall() == [
        ("55204599900869", "552045999")
    ]


def test_json_and_xml_of_the_same_contracts_give_identical_tables(constructed):
    for table in TABLES:
        rows = [con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for con in constructed.values()]
        assert rows[0] == rows[1], table
    assert [con.execute("SELECT format FROM etl_inputs").fetchone() for con in constructed.values()] == [
        ("decp-2022",),
        ("decp-2022-xml",),
    ]


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_subcontracting_acts_are_kept_and_sized_by_sirene(constructed, kind):
    """Issue 16: actesSousTraitance -> `subcontracts`, the subcontractor classified by SIRENE like
    a winner (its SIRET's SIREN 017051186 is a PME in the INSEE extract)."""
    assert constructed[kind].execute("FROM subcontracts").fetchall() == [
        ("21750001630066C-FRAMEWORK", "1", "01705118600011", "SIRET", "017051186", "PME", "sirene", 40000.0, 12,
         date(2024, 4, 1)),
    ]  # fmt: skip


def test_the_schema_example_s_subcontracting_act(tmp_path):
    """The schema's Marche.xml (fictitious): one act, its subcontractor's id (« 214356 ») no SIRET,
    so of unknown size."""
    con = _build(EXAMPLES / "Marche.xml", tmp_path / "x.duckdb")
    assert con.execute("FROM subcontracts").fetchall() == [
        (
            "21750001630040TEST2022",
            "1",
            "214356",
            "SIRET",
            None,
            "unknown",
            "none",
            123456.89,
            12,
            date(2024, 10, 11),
        ),
    ]


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_constructed_counts(constructed, kind):
    """8 records: 7 marchés (one republished copy dropped, one without winner rejected), 1 concession."""
    assert constructed[kind].execute(
        "SELECT records_read, records_loaded, records_rejected, duplicates_dropped, concessions_skipped "
        "FROM etl_runs"
    ).fetchone() == (8, 5, 1, 1, 1)
    assert constructed[kind].execute("SELECT record_ref, reason FROM rejected_records").fetchall() == [
        ("21750001630066C-NOWINNER", "no titulaire with an id")
    ]


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_constructed_contracts(constructed, kind):
    """C-VERSIONS: modifications listed as ids 2, 1, 3: the last non-null montant is id 2's, dureeMois
    id 3's, titulaires id 1's; the year is the contract's 2024, not its 2025 modifications'.
    C-REPUB: of two copies with one publication date, the one with more modifications (read first).
    C-NC: « NC » in offresRecues, dureeMois, marcheInnovant, sousTraitanceDeclaree -> NULL, kept.
    C-CALLOFF: idAccordCadre, not a framework; C-FRAMEWORK: « Accord-cadre » in techniques."""
    assert constructed[kind].execute(
        "SELECT contract_id, year, notification_date, amount_initial, amount, duration_months, bids_received, "
        "winners, modifications, is_framework, framework_id, techniques, innovative, subcontracting_declared, "
        "social_clause, buyer_department, buyer_name FROM contracts ORDER BY contract_id"
    ).fetchall() == [
        ("C-CALLOFF", 2025, date(2025, 11, 20), 8000.0, 8000.0, 12, 3, 1, 0, False, "AC-2023-17",
         "Sans objet", False, False, "Pas de considération sociale", "75", None),
        ("C-FRAMEWORK", 2024, date(2024, 3, 1), 400000.0, 400000.0, 12, 1, 2, 0, True, None,
         "Accord-cadre, Catalogue électronique", True, True, "Clause sociale, Marché réservé", "75", None),
        ("C-NC", 2024, date(2024, 3, 1), 100000.0, 100000.0, None, None, 1, 0, False, None,
         "Sans objet", None, None, "Pas de considération sociale", "75", None),
        ("C-REPUB", 2024, date(2024, 3, 1), 50000.0, 60000.0, 12, 3, 1, 2, False, None,
         "Sans objet", False, False, "Pas de considération sociale", "75", None),
        ("C-VERSIONS", 2024, date(2024, 3, 1), 100000.0, 130000.0, 24, 3, 2, 3, False, None,
         "Sans objet", False, False, "Pas de considération sociale", "75", None),
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_constructed_awards_named_and_sized_by_sirene(constructed, kind):
    """No names in the 2022 format: the winners' come from SIRENE, as do their sizes."""
    assert constructed[kind].execute(
        "SELECT contract_uid, supplier_id, supplier_name, size_class, size_basis, weight, amount_share "
        "FROM awards ORDER BY contract_uid, supplier_id"
    ).fetchall() == [
        ("21750001630066C-CALLOFF", "01705118600011", "PENNEQUIN INVEST", "PME", "sirene", 1.0, 8000.0),
        ("21750001630066C-FRAMEWORK", "01675069700010", "ETS J VIRLY S A", "ETI", "sirene", 0.5, 200000.0),
        ("21750001630066C-FRAMEWORK", "06380246600017", "FACTOFRANCE", "GE", "sirene", 0.5, 200000.0),
        ("21750001630066C-NC", "01705118600011", "PENNEQUIN INVEST", "PME", "sirene", 1.0, 100000.0),
        ("21750001630066C-REPUB", "01705118600011", "PENNEQUIN INVEST", "PME", "sirene", 1.0, 60000.0),
        ("21750001630066C-VERSIONS", "01675069700010", "ETS J VIRLY S A", "ETI", "sirene", 0.5, 65000.0),
        ("21750001630066C-VERSIONS", "06380246600017", "FACTOFRANCE", "GE", "sirene", 0.5, 65000.0),
    ]


@pytest.mark.parametrize("kind", ["json", "xml"])
def test_nc_placeholders_are_noted(constructed, kind):
    assert constructed[kind].execute(
        "SELECT contract_uid, field, raw_value, note FROM quality_notes WHERE raw_value IS NOT NULL ORDER BY ALL"
    ).fetchall() == [
        ("21750001630066C-NC", field, "NC", "« NC » (not communicated): treated as missing")
        for field in ("bids_received", "duration_months", "innovative", "subcontracting_declared")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("oui", True), ("non", False), ("true", True), ("false", False), ("1", True), ("0", False),
     ("Oui", True), ("NC", None), ("peut-être", None)],
)  # fmt: skip
def test_xml_booleans(tmp_path, value, expected):
    """Constructed: the schema's Marche.xml with marcheInnovant set to each published spelling."""
    xml = (EXAMPLES / "Marche.xml").read_text(encoding="utf-8")
    (tmp_path / "m.xml").write_text(xml.replace("<marcheInnovant>oui<", f"<marcheInnovant>{value}<"), "utf-8")
    con = _build(tmp_path / "m.xml", tmp_path / "m.duckdb")
    assert con.execute("SELECT innovative FROM contracts").fetchall() == [(expected,)]


def test_a_list_root_of_2022_records_loads_as_2022(tmp_path):
    """Constructed: the schema's two marchés and two concessions in one flat list {"marches": [...]}."""
    import json

    doc = json.loads((EXAMPLES / "marches_concessions.json").read_text(encoding="utf-8"))["marches"]
    path = tmp_path / "flat.json"
    path.write_text(json.dumps({"marches": doc["marche"] + doc["contrat-concession"]}), encoding="utf-8")
    con = _build(path, tmp_path / "flat.duckdb")
    assert con.execute(
        "SELECT format, records_read, records_loaded, concessions_skipped FROM etl_inputs"
    ).fetchone() == ("decp-2022", 4, 2, 2)
    assert con.execute("SELECT contract_uid, amount FROM contracts ORDER BY 1").fetchall() == [
        ("21750001630040TEST2022Bis", 123457.87),
        ("21750001630066TEST2022", 123457.87),
    ]


def test_mixed_build_with_the_shipped_sample(tmp_path):
    """The shipped sample (DECP 2019 + tabular + SIRENE) and a DECP 2022 file in one build."""
    contracts, sirene = sample_sources()
    db = tmp_path / "mixed.duckdb"
    result = run_etl("build", *contracts, CONSTRUCTED_JSON, "--sirene", *sirene, "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"built {db}: 10,997 contracts, 12,456 awards from 5 file(s) (15,113 records read); "
        "30 records rejected (see rejected_records), 3,322 duplicates dropped, 23 concessions skipped\n"
    )
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT source_format, count(*) FROM contracts GROUP BY 1 ORDER BY 1").fetchall() == [
        ("decp-2019", 5814),
        ("decp-2022", 5),
        ("decp-tabular", 5178),
    ]
    assert sirene == [SIRENE]


def test_generated_json_and_xml_give_identical_tables(tmp_path):
    """bench/generate_decp2022.py (same seed, same bytes): 300 synthetic marchés as JSON and as XML
    build the same tables, republished copies, « NC » and concessions included."""
    from bench.generate_decp2022 import main

    for run in ("a", "b"):
        assert main(["--marches", "300", "--seed", "7", "--json", str(tmp_path / f"{run}.json"),
                     "--xml", str(tmp_path / f"{run}.xml")]) == 0  # fmt: skip
    for suffix in ("json", "xml"):
        assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes()
    cons = [_build(tmp_path / f"a.{suffix}", tmp_path / f"{suffix}.duckdb") for suffix in ("json", "xml")]
    for table in TABLES:
        rows = [con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for con in cons]
        assert rows[0] == rows[1], table
    for con in cons:
        assert con.execute(
            "SELECT records_read, records_loaded, duplicates_dropped, concessions_skipped FROM etl_runs"
        ).fetchone() == (303, 297, 3, 3)
        assert con.execute("SELECT field, count(*) FROM quality_notes GROUP BY 1 ORDER BY 1").fetchall() == [
            ("bids_received", 6),
            ("innovative", 4),
        ]
        assert con.execute(
            "SELECT count(*), round(sum(amount), 2), sum(modifications) FROM contracts"
        ).fetchone() == (297, 59910916.64, 116)


def test_the_competition_page_shows_the_clauses_in_a_static_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Concurrence « PME et concurrence » on the constructed records, which publish clauses: the
    PME share by clause and the local suppliers are static tables, rows in a set order (issue 17,
    finding 10: the tab no longer loads the data grid for them)."""
    db = tmp_path / "constructed.duckdb"
    _build(CONSTRUCTED_JSON, db, SIRENE_UNITS).close()
    monkeypatch.setenv("PROCUREMENT_DB", str(db))
    at = open_page("concurrence", tables=False, tab="pme")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe
    nb = "\u00a0"
    assert static_rows(at, 0).values.tolist() == [
        ["Marché non innovant", "3", f"66,7{nb}%", f"34,3{nb}%", f"100,0{nb}%"],
        ["Marché innovant", "1", f"0,0{nb}%", f"0,0{nb}%", f"100,0{nb}%"],
        ["Innovation non publiée", "1", f"100,0{nb}%", f"100,0{nb}%", f"100,0{nb}%"],
        ["Considération sociale, non réservé", "4", f"75,0{nb}%", f"56,4{nb}%", f"100,0{nb}%"],
        ["Marché réservé", "1", f"0,0{nb}%", f"0,0{nb}%", f"100,0{nb}%"],
        ["Pas de sous-traitance déclarée", "3", f"66,7{nb}%", f"34,3{nb}%", f"100,0{nb}%"],
        ["Sous-traitance déclarée", "1", f"0,0{nb}%", f"0,0{nb}%", f"100,0{nb}%"],
        ["Sous-traitance non publiée", "1", f"100,0{nb}%", f"100,0{nb}%", f"100,0{nb}%"],
    ]
    assert static_rows(at, 1)["Lieu du titulaire"].tolist() == [
        "Lieu de l'un ou l'autre non publié",
        "Ensemble",
    ]
