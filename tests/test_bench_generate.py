"""bench/generate.py: same seed same bytes, the decp.info tabular columns, whole contracts."""

import hashlib
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from bench.generate import CPV_FILE, SCHEMA, generate, parse_rows

COLUMNS = [
    "uid",
    "id",
    "nature",
    "acheteur_id",
    "acheteur_nom",
    "acheteur_categorie",
    "acheteur_commune_code",
    "acheteur_departement_code",
    "acheteur_region_code",
    "titulaire_id",
    "titulaire_typeIdentifiant",
    "titulaire_nom",
    "titulaire_categorie",
    "titulaire_departement_code",
    "titulaire_region_code",
    "titulaire_distance",
    "objet",
    "montant",
    "codeCPV",
    "type",
    "procedure",
    "techniques",
    "idAccordCadre",
    "dureeMois",
    "offresRecues",
    "formePrix",
    "sousTraitanceDeclaree",
    "marcheInnovant",
    "considerationsSociales",
    "considerationsEnvironnementales",
    "typeGroupementOperateurs",
    "ccag",
    "origineFrance",
    "dateNotification",
    "datePublicationDonnees",
    "modification_id",
    "donneesActuelles",
    "montant_anomalie",
    "sourceDataset",
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "rows.parquet"
    generate(3_001, 7, out)
    return out


def test_same_seed_gives_same_bytes(tmp_path: Path, generated: Path) -> None:
    again = tmp_path / "again.parquet"
    generate(3_001, 7, again)
    assert _sha256(again) == _sha256(generated)


def test_same_seed_gives_same_json_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    generate(500, 3, tmp_path / "a.parquet", first)
    generate(500, 3, tmp_path / "b.parquet", second)
    assert _sha256(first) == _sha256(second)


def test_another_seed_gives_other_bytes(tmp_path: Path, generated: Path) -> None:
    other = tmp_path / "other.parquet"
    generate(3_001, 8, other)
    assert _sha256(other) != _sha256(generated)


def test_columns_and_types(generated: Path) -> None:
    schema = pq.read_schema(generated)
    assert schema.names == COLUMNS
    assert schema == SCHEMA
    assert str(schema.field("montant").type) == "double"
    assert str(schema.field("dateNotification").type) == "date32[day]"
    assert str(schema.field("acheteur_id").type) == "string"


@pytest.mark.parametrize("rows", [1, 7, 3_001])
def test_exact_row_count(tmp_path: Path, rows: int) -> None:
    out = tmp_path / "n.parquet"
    generate(rows, 1, out)
    assert pq.read_metadata(out).num_rows == rows


def test_winners_per_contract_between_one_and_five(generated: Path) -> None:
    counts = duckdb.execute(
        "select min(n), max(n) from (select uid, count(distinct titulaire_id) n "
        "from read_parquet($path) group by uid)",
        {"path": str(generated)},
    ).fetchone()
    assert counts == (1, 5)


def test_one_current_version_per_contract(generated: Path) -> None:
    """Undated contracts (one version) have neither modification_id nor donneesActuelles."""
    wrong = duckdb.execute(
        "select uid from read_parquet($path) where dateNotification is not null group by uid "
        "having count(distinct modification_id) filter (donneesActuelles) <> 1 "
        "or max(modification_id) <> max(modification_id) filter (donneesActuelles)",
        {"path": str(generated)},
    ).fetchall()
    assert wrong == []


def test_modification_id_is_the_dense_rank_of_the_notification_date(generated: Path) -> None:
    """decp-processing's rule: a modification's row carries its own dateNotification, and
    modification_id ranks the uid's dates from 0 (a merged uid's contracts ranked together)."""
    wrong = duckdb.execute(
        "select uid from (select uid, modification_id, "
        "dense_rank() over (partition by uid order by dateNotification) - 1 as rank "
        "from read_parquet($path) where dateNotification is not null) where modification_id <> rank",
        {"path": str(generated)},
    ).fetchall()
    undated = duckdb.execute(
        "select count(*), count(modification_id), count(donneesActuelles) from read_parquet($path) "
        "where dateNotification is null",
        {"path": str(generated)},
    ).fetchone()
    assert (wrong, undated) == ([], (5, 0, 0))


def test_about_one_and_a_third_versions_per_contract(generated: Path) -> None:
    versions = duckdb.execute(
        "select round(avg(v), 3) from (select uid, count(distinct modification_id) as v "
        "from read_parquet($path) where dateNotification is not null group by uid)",
        {"path": str(generated)},
    ).fetchone()
    assert versions == (1.304,)


def test_national_file_quirks(generated: Path) -> None:
    """A merged uid (4-character id), winners with a SIRET of zeros and their name, and 2024+
    frameworks marked in techniques with the nature « Marché »."""
    quirks = duckdb.execute(
        "select count(*) filter (length(id) <= 4), "
        "count(*) filter (titulaire_id = '00000000000000' and titulaire_nom is not null), "
        "count(*) filter (techniques = 'Accord-cadre' and nature = 'Marché' and year(dateNotification) >= 2024), "
        "count(*) filter (nature = 'Accord-cadre' and year(dateNotification) >= 2024 and modification_id = 0) "
        "from read_parquet($path)",
        {"path": str(generated)},
    ).fetchone()
    assert quirks[:2] == (1, 6)
    assert quirks[2] > 0
    assert quirks[3] == 0


def test_identifiers_are_fourteen_digit_sirets(generated: Path) -> None:
    bad = duckdb.execute(
        "select count(*) filter (not regexp_full_match(acheteur_id, '[0-9]{14}')), "
        "count(*) filter (titulaire_typeIdentifiant = 'SIRET' "
        "and not regexp_full_match(titulaire_id, '[0-9]{14}')) from read_parquet($path)",
        {"path": str(generated)},
    ).fetchone()
    assert bad == (0, 0)


def test_cpv_codes_are_real_or_padded_at_the_end(generated: Path) -> None:
    """A real code, or one of divisions 03 and 09 that lost its leading zero and was padded with a
    zero at the end, as decp-processing (2.9.1 on) publishes it."""
    counts = duckdb.execute(
        "with cpv as (select code8 from read_csv($cpv, all_varchar = true)) "
        "select count(*) filter (codeCPV not in (select code8 from cpv)), "
        "count(*) filter (codeCPV not in (select code8 from cpv) and not (right(codeCPV, 1) = '0' "
        "and '0' || left(codeCPV, 7) in (select code8 from cpv))) "
        "from read_parquet($path) where codeCPV is not null",
        {"path": str(generated), "cpv": str(CPV_FILE)},
    ).fetchone()
    assert counts == (14, 0)


@pytest.mark.parametrize(
    ("text", "rows"),
    [("1600000", 1_600_000), ("1.6M", 1_600_000), ("500k", 500_000), ("16_000_000", 16_000_000)],
)
def test_parse_rows(text: str, rows: int) -> None:
    assert parse_rows(text) == rows


def test_later_versions_are_published_later(generated: Path) -> None:
    """Regression: version 2 could be published before version 1 (independent random gaps)."""
    wrong = duckdb.execute(
        "select uid from (select uid, modification_id, "
        "lag(datePublicationDonnees) over (partition by uid order by modification_id) prev, "
        "datePublicationDonnees pub from (select distinct uid, modification_id, "
        "datePublicationDonnees from read_parquet($path))) where pub < prev",
        {"path": str(generated)},
    ).fetchall()
    assert wrong == []
