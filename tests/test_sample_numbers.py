"""The shipped sample, built as `make run` builds it: its exact counts and shares.

The expected figures come from tests/tools/recount_sample.py, which recounts the raw files with
plain Python and pandas (no DuckDB, no etl code).
"""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.conftest import ROOT, SIRENE, run_etl


@pytest.fixture(scope="module")
def sample(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    yield con
    con.close()


def test_counts(sample):
    assert sample.execute(
        "SELECT (SELECT count(*) FROM contracts), (SELECT count(*) FROM awards), "
        "(SELECT count(*) FROM rejected_records)"
    ).fetchone() == (10992, 12449, 29)


def test_duplicates_and_concessions(sample):
    assert sample.execute(
        "SELECT records_read, records_loaded, records_rejected, duplicates_dropped, concessions_skipped "
        "FROM etl_runs"
    ).fetchone() == (15105, 10992, 29, 3321, 22)
    # 285 republished contracts (DECP 2019) + 3,036 rows of older versions (tabular file).
    assert sample.execute(
        "SELECT source_name, records_read, records_loaded, records_rejected, duplicates_dropped "
        "FROM etl_inputs ORDER BY source_name"
    ).fetchall() == [
        ("data.gouv.fr_aife", 4530, 4233, 27, 248),
        ("data.gouv.fr_pes", 1148, 1140, 0, 8),
        ("decp_2024H2_travaux_cpv4521", 8957, 5178, 2, 3036),
        ("e-marchespublics", 470, 441, 0, 29),
        # The SIRENE units read, and those of the staged winners and buyers (the semi-join).
        ("sirene_unites_legales_categorie", 30560, 4658, 0, 0),
    ]


def test_the_tabular_file_alone_gives_the_same_contracts_and_awards(sample, tmp_path):
    """Alone, the tabular file's uids are not grouped again (its loader keeps one version per uid);
    with the DECP 2019 files beside it they are. Both give its 5,178 contracts, the same rows."""
    contracts = (
        "SELECT * FROM contracts WHERE source_format = 'decp-tabular' ORDER BY contract_uid",
        "SELECT a.* FROM awards AS a JOIN contracts AS c USING (contract_uid) "
        "WHERE c.source_format = 'decp-tabular' ORDER BY a.contract_uid, a.supplier_id",
    )
    db = tmp_path / "tabular.duckdb"
    result = run_etl(
        "build", ROOT / "data/sample/decp-tabular/decp_2024H2_travaux_cpv4521.csv", "--sirene", SIRENE,
        "--db", db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    alone = duckdb.connect(str(db), read_only=True)
    assert alone.execute("SELECT count(*) FROM contracts").fetchone() == (5178,)
    for query in contracts:
        assert alone.execute(query).fetchall() == sample.execute(query).fetchall()
    alone.close()


def test_shares_by_count_and_amount(sample):
    rows = sample.execute(
        "SELECT size_class, round(sum(weight) / (SELECT sum(weight) FROM awards), 6), "
        "round(sum(amount_share) / (SELECT sum(amount_share) FROM awards), 6) "
        "FROM awards GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("ETI", 0.128874, 0.183896),
        ("GE", 0.108759, 0.208305),
        ("PME", 0.443433, 0.335209),
        ("unknown", 0.318934, 0.27259),
    ]
    assert round(sample.execute("SELECT sum(amount_share) FROM awards").fetchone()[0], 2) == 4960346450.14


def test_rejected_reasons(sample):
    assert sample.execute(
        "SELECT reason, count(*) FROM rejected_records GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [
        ("acheteur.id is a placeholder (zeros)", 7),
        ("acheteur.id missing", 1),
        ("no titulaire with an id", 16),
        ("titulaires missing", 5),
    ]


def test_amount_status_and_quality_notes(sample):
    assert sample.execute(
        "SELECT amount_status, count(*) FROM contracts GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [("aberrant", 17), ("ok", 10975)]
    # Real quirks: CPV 2003 codes (division 74), placeholders (12345678, 00000000-1), "0".
    assert sample.execute(
        "SELECT field, note, count(*) FROM quality_notes GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [
        ("cpv_code", "division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing", 59),
        ("cpv_code", "not a CPV code: treated as missing", 3),
    ]
    assert sample.execute(
        "SELECT raw_value, count(*) FROM quality_notes GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT 4"
    ).fetchall() == [("12345678", 13), ("00000000-1", 10), ("74200000", 7), ("74700000", 5)]


def test_cpv_labels(sample):
    assert sample.execute("SELECT count(*) FROM cpv").fetchone() == (9454,)
    assert sample.execute(
        "SELECT label_fr, label_en, parent FROM cpv WHERE code = '45261210'"
    ).fetchone() == (
        "Travaux de couverture",
        "Roof-covering work",
        "45261200",
    )


def test_info_output(sample_db):
    result = run_etl("info", "--db", sample_db)
    assert result.returncode == 0, result.stderr
    text = re.sub(r"run \S+: [^,]+ UTC, tool [^;]+;", "run <id>: <times>, tool <v>;", result.stdout)
    text = re.sub(r"file date \d{4}-\d\d-\d\d", "file date <d>", text)
    assert (
        text
        == f"""database: {sample_db}
run <id>: <times>, tool <v>; 15,105 records read, 10,992 contracts loaded, 29 rejected, 3,321 duplicates dropped, 22 concessions skipped
sources:
  data.gouv.fr_aife [decp-2019] 3,988,037 bytes, file date <d>, sha256 94c9dbccc331d308: 4,530 read, 4,233 loaded, 27 rejected
  data.gouv.fr_pes [decp-2019] 1,112,917 bytes, file date <d>, sha256 b5593befa3d64738: 1,148 read, 1,140 loaded, 0 rejected
  e-marchespublics [decp-2019] 449,557 bytes, file date <d>, sha256 0e3be68cea274eab: 470 read, 441 loaded, 0 rejected
  decp_2024H2_travaux_cpv4521 [decp-tabular-csv] 1,778,010 bytes, file date <d>, sha256 5fd03e06c18a5d89: 8,957 read, 5,178 loaded, 2 rejected
  sirene_unites_legales_categorie [sirene-csv] 1,321,924 bytes, file date <d>, sha256 b01f558e6e456271: 30,560 read, 4,658 loaded, 0 rejected
contracts: 10,992; awards: 12,449; buyers: 1,881; years 2016-2025
amount_status: aberrant 17, ok 10,975
size (share of award weight): ETI 12.9%, GE 10.9%, PME 44.3%, unknown 31.9%
coverage (awards of known size, by weight): 68.1%
rejected: no titulaire with an id (16), acheteur.id is a placeholder (zeros) (7), titulaires missing (5), acheteur.id missing (1)
"""
    )


def test_info_without_db_says_how_to_build(tmp_path):
    result = run_etl("info", "--db", tmp_path / "none.duckdb")
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {tmp_path / 'none.duckdb'}: no database; build it with `python -m etl build`\n",
    )


def test_sources_carry_label_publication_date_and_licence(sample):
    """Regression: file_date was the checkout date of the files, shown as « données au » on a fresh clone."""
    assert sample.execute(
        "SELECT label, file_date::VARCHAR, licence FROM etl_inputs ORDER BY file_date, label"
    ).fetchall() == [
        (
            "DECP 2019 – e-marchespublics, archive decp-rama",
            "2019-04-03",
            "Licence Ouverte / Open Licence 2.0 (Etalab)",
        ),
        (
            "DECP 2019 – AIFE (État, PLACE), archive decp-rama",
            "2019-04-04",
            "Licence Ouverte / Open Licence 2.0 (Etalab)",
        ),
        (
            "DECP 2019 – DGFiP PES Marché (collectivités), archive decp-rama",
            "2019-04-05",
            "Licence Ouverte / Open Licence 2.0 (Etalab)",
        ),
        (
            "INSEE Sirene, catégorie d'entreprise des titulaires DECP (stock 2022)",
            "2022-10-26",
            "Licence Ouverte / Open Licence 2.0 (INSEE, base Sirene)",
        ),
        (
            "DECP consolidées decp.info (format tabulaire), extrait travaux CPV 4521*, 2e semestre 2024",
            "2026-02-22",
            "Licence Ouverte / Open Licence 2.0 (Etalab)",
        ),
    ]
    assert sample.execute("SELECT data_date::VARCHAR FROM etl_runs").fetchone() == ("2025-01-01",)
