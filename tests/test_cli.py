"""`python -m etl`: exit codes, one-line errors, bad inputs that must never replace a good DB."""

from __future__ import annotations

import gzip
import json
import os
import zipfile

import duckdb
import pytest

from tests.conftest import FIXTURE_SOURCES, FIXTURES, SIRENE, assert_refused, digest, run_etl
from tests.etl_inputs import real_marches, tabular_rows, variant, write_json

REAL_JSON = FIXTURES / "fixture_decp2019_138.json"


def _deep_json() -> bytes:
    return b'{"marches": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"


def _concessions_only() -> bytes:
    marches = [r for r in real_marches() if r.get("_type") == "Contrat de concession"]
    assert len(marches) == 3
    return json.dumps({"marches": marches}).encode()


DECP_2022 = FIXTURES / "decp2022_schema_examples"

# Constructed: the classic "billion laughs", its root a DECP 2022 <marches> (ten levels of ten).
XML_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE marches [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n'
        % (level, (b"&lol%s;" % (b"" if level == 1 else str(level - 1).encode())) * 10)
        for level in range(1, 10)
    )
    + b"]>\n<marches><marche><id>&lol9;</id></marche></marches>\n"
)


BAD_INPUTS = [
    ("empty.json", b"", "empty file"),
    (
        "truncated.json",
        REAL_JSON.read_bytes()[:50_000],
        "unreadable decp-2019 (Invalid Input Error: Malformed JSON",
    ),
    ("error.json", b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "an HTML page, not data"),
    ("other.json", b'{"data": [{"a": 1}]}', "JSON of another shape"),
    ("random.json", bytes(range(256)) * 8, "binary content in no format this tool reads"),
    (
        "deep.json",
        _deep_json(),
        "unreadable decp-2019 (Invalid Input Error: JSON exceeds maximum recursion depth",
    ),
    (
        "concessions.json",
        _concessions_only(),
        "no usable contract (3 records read, 3 concessions skipped, 0 rejected)",
    ),
    (
        "truncated_2022.xml",
        (DECP_2022 / "Marche.xml").read_bytes()[:2000],
        "unreadable DECP 2022 XML (unclosed token: line 53, column 16)",
    ),
    (
        "truncated_2022.json",
        (DECP_2022 / "marches_concessions.json").read_bytes()[:5000],
        "unreadable DECP 2022 JSON (parse error: premature EOF)",
    ),
    (
        "concessions_2022.json",
        (DECP_2022 / "concessions_avec_modifications.json").read_bytes(),
        "no usable contract (2 records read, 2 concessions skipped, 0 rejected)",
    ),
    (
        "concessions_2022.xml",
        (DECP_2022 / "Contrat-concession.xml").read_bytes(),
        "no usable contract (2 records read, 2 concessions skipped, 0 rejected)",
    ),
    (
        "bomb.xml",
        XML_BOMB,
        "XML that declares entities or external resources (EntitiesForbidden): refused, "
        "an entity expansion can be an XML bomb",
    ),
    (
        "header.csv",
        (FIXTURES / "decp_tabular_2024H2_dep75_2A_16.csv").read_bytes().split(b"\n")[0] + b"\n",
        "no usable contract (0 records read, 0 concessions skipped, 0 rejected)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_1_with_one_line_and_keeps_db(tmp_path, published, name, content, message):
    assert_refused(tmp_path, name, content, published, message)


def test_missing_file_exits_1(tmp_path, published):
    result = run_etl("build", tmp_path / "nope.json", "--db", published)
    assert (result.returncode, result.stderr) == (1, f"error: {tmp_path / 'nope.json'}: no such file\n")


def test_unknown_source_name_exits_1(published):
    result = run_etl("build", "no-such-source", "--db", published)
    assert result.returncode == 1
    assert result.stderr == (
        "error: no-such-source: not a file, a URL or a known source "
        "(decp-tabular-csv, decp-tabular-parquet, sirene-unites-legales)\n"
    )


def test_good_file_after_bad_one_still_refused(tmp_path, published):
    """One bad input refuses the whole build: a cut download never publishes a partial DB."""
    bad = tmp_path / "cut.json"
    bad.write_bytes(REAL_JSON.read_bytes()[:1000])
    before = digest(published)
    result = run_etl("build", REAL_JSON, bad, "--db", published)
    assert result.returncode == 1
    assert digest(published) == before


@pytest.mark.parametrize("argv", [["build", "--nope"], ["frobnicate"], []])
def test_bad_usage_exits_2(argv):
    assert run_etl(*argv).returncode == 2


def test_bom_gzip_and_zip_wrappers_load_the_same(tmp_path):
    raw = REAL_JSON.read_bytes()
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + raw)
    (tmp_path / "file.json.gz").write_bytes(gzip.compress(raw))
    with zipfile.ZipFile(tmp_path / "file.zip", "w") as archive:
        archive.writestr("inner/decp.json", raw)
    counts = []
    for name in ("bom.json", "file.json.gz", "file.zip"):
        db = tmp_path / f"{name}.duckdb"
        result = run_etl("build", tmp_path / name, "--db", db)
        assert result.returncode == 0, result.stderr
        con = duckdb.connect(str(db), read_only=True)
        counts.append(con.execute("SELECT count(*), round(sum(amount), 2) FROM contracts").fetchone())
        con.close()
    assert counts == [(133, 32093594.15)] * 3


def test_mixed_file_loads_good_records_and_rejects_the_rest(tmp_path):
    marches = [
        variant("good"),
        variant("amount-text", montant="abc"),
        variant("titulaires-string", titulaires="DS Avocats"),
        variant("negative", montant=-12),
        variant("overflow", montant=1e308),
        variant(
            "sql-name",
            titulaires=[
                {
                    "typeIdentifiant": "SIRET",
                    "id": "78471226700060",
                    "denominationSociale": "x'); DROP TABLE awards; --",
                }
            ],
        ),
        dict(variant("no-buyer"), acheteur=None),
        variant(None),
        "not an object",
    ]
    source = write_json(tmp_path / "mixed.json", marches)
    db = tmp_path / "mixed.duckdb"
    result = run_etl("build", source, "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"built {db}: 5 contracts, 5 awards from 1 file(s) (9 records read); "
        "4 records rejected (see rejected_records), 0 duplicates dropped, 0 concessions skipped\n"
    )
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT contract_id, amount_status FROM contracts ORDER BY 1").fetchall() == [
        ("amount-text", "missing"),
        ("good", "ok"),
        ("negative", "aberrant"),
        ("overflow", "aberrant"),
        ("sql-name", "ok"),
    ]
    assert con.execute("SELECT record_ref, reason FROM rejected_records ORDER BY 1").fetchall() == [
        ("#8", "id missing"),
        ("#9", "record is not a JSON object"),
        ("83455372900015titulaires-string", "titulaires is a varchar, not a list"),
        ("no-buyer", "acheteur.id missing"),
    ]
    assert con.execute("SELECT supplier_name FROM awards WHERE supplier_name LIKE '%DROP%'").fetchall() == [
        ("x'); DROP TABLE awards; --",)
    ]


def test_tabular_14_digit_winner_without_scheme_is_a_siret(tmp_path):
    rows = tabular_rows()[:2]
    source = tmp_path / "t.csv"
    from tests.etl_inputs import write_csv

    write_csv(source, rows)
    db = tmp_path / "t.duckdb"
    assert run_etl("build", source, "--sirene", SIRENE, "--db", db).returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        "SELECT supplier_id, supplier_id_scheme, supplier_siren, size_class FROM awards ORDER BY 1"
    ).fetchall() == [
        ("42159578600045", "SIRET", "421595786", "ETI"),
        ("92185830400014", "SIRET", "921858304", "unknown"),
    ]


def test_two_builds_give_identical_tables(tmp_path):
    tables = [
        "contracts",
        "awards",
        "cpv",
        "rejected_records",
        "quality_notes",
        "fact_awards",
        "agg_overview",
        "buyers",
        "suppliers",
    ]
    dumps = []
    for i in range(2):
        db = tmp_path / f"b{i}.duckdb"
        assert run_etl("build", *FIXTURE_SOURCES, "--sirene", SIRENE, "--db", db).returncode == 0
        con = duckdb.connect(str(db), read_only=True)
        dumps.append({t: con.execute("SELECT * FROM " + t).fetchall() for t in tables})
        con.close()
    assert dumps[0] == dumps[1]


def test_env_procurement_db_is_the_default_target(tmp_path):
    db = tmp_path / "env.duckdb"
    env = dict(os.environ, PROCUREMENT_DB=str(db))
    result = run_etl("build", REAL_JSON, env=env)
    assert result.returncode == 0, result.stderr
    assert db.is_file()


def test_parquet_inputs_load_like_their_csv(tmp_path):
    """The tabular file and the SIRENE file as Parquet (typed columns) give the same tables as CSV."""
    tabular_csv = FIXTURES / "decp_tabular_2024H2_dep75_2A_16.csv"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * REPLACE (montant::DOUBLE AS montant, dateNotification::DATE AS dateNotification, "
        "dureeMois::BIGINT AS dureeMois, offresRecues::BIGINT AS offresRecues) "
        "FROM read_csv($p, all_varchar = true)) TO $out (FORMAT parquet)",
        {"p": str(tabular_csv), "out": str(tmp_path / "tabular.parquet")},
    )
    con.execute(
        "COPY (FROM read_csv($p, all_varchar = true)) TO $out (FORMAT parquet)",
        {"p": str(SIRENE), "out": str(tmp_path / "sirene.parquet")},
    )
    con.close()
    dumps = []
    for source, sirene in [
        (tabular_csv, SIRENE),
        (tmp_path / "tabular.parquet", tmp_path / "sirene.parquet"),
    ]:
        db = tmp_path / f"{source.suffix}.duckdb"
        result = run_etl("build", source, "--sirene", sirene, "--db", db)
        assert result.returncode == 0, result.stderr
        con = duckdb.connect(str(db), read_only=True)
        dumps.append(
            [con.execute(f"SELECT * EXCLUDE (source_name) FROM {t}").fetchall() for t in ("contracts",)]
            + [con.execute("SELECT * FROM awards").fetchall()]
        )
        formats = con.execute("SELECT format FROM etl_inputs ORDER BY format").fetchall()
        con.close()
    assert formats == [("decp-tabular-parquet",), ("sirene-parquet",)]
    assert dumps[0] == dumps[1]
    assert len(dumps[0][0]) == 53


def test_each_sirene_file_records_its_own_rows(tmp_path):
    """etl_inputs gives each --sirene file the units read from it (the second: its first 100) and
    those loaded: the units of the fixtures' winners and buyers (the semi-join)."""
    part = tmp_path / "sirene_first_100.csv"
    part.write_text(
        "".join(SIRENE.read_text(encoding="utf-8").splitlines(keepends=True)[:101]), encoding="utf-8"
    )
    db = tmp_path / "two_sirene.duckdb"
    result = run_etl("build", *FIXTURE_SOURCES, "--sirene", SIRENE, "--sirene", part, "--db", db)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT path, records_read, records_loaded FROM etl_inputs WHERE format = 'sirene-csv' ORDER BY records_read DESC"
    ).fetchall()
    con.close()
    assert rows == [(str(SIRENE), 30560, 118), (str(part), 100, 1)]
