"""Shared fixtures: one DB built by the real ETL from the small real files in tests/fixtures/."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SIRENE = ROOT / "data" / "sample" / "sirene" / "sirene_unites_legales_categorie.csv"
FIXTURE_SOURCES = [
    FIXTURES / "fixture_decp2019_138.json",
    FIXTURES / "decp_tabular_2024H2_dep75_2A_16.csv",
]
# Constructed from real records (tests/tools/construct_tabular_versions.py): decp.info version rows.
CONSTRUCTED_VERSIONS = FIXTURES / "constructed_decp_tabular_versions_2019.csv"


def run_etl(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m etl ARGS` in a subprocess from the project root, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def digest(path: Path) -> str:
    """Hex sha256 of a file's bytes: a refused build leaves the published DB's unchanged."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(folder: Path, name: str, content: bytes, published: Path, message: str) -> None:
    """`python -m etl build` of `content`, written to folder/name beside `published`, is refused as
    DESIGN says: exit 1, nothing on stdout, one line on stderr that names the file and holds
    `message`, no traceback, the published DB byte for byte as it was, and no file left behind."""
    bad = folder / name
    bad.write_bytes(content)
    before = digest(published)
    result = run_etl("build", bad, "--db", published)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [result.stderr.rstrip("\n")], result.stderr
    assert result.stderr.startswith(f"error: {bad}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(published) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted([name, published.name])


@pytest.fixture
def published(tmp_path: Path, fixture_db: Path) -> Path:
    """A copy of the good fixture DB, as the file a bad build must leave byte for byte."""
    db = tmp_path / "procurement.duckdb"
    db.write_bytes(fixture_db.read_bytes())
    return db


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test DB: the two fixture files + the shipped SIRENE categories, built by `python -m etl`."""
    db = tmp_path_factory.mktemp("fixture_db") / "procurement.duckdb"
    result = run_etl("build", *FIXTURE_SOURCES, "--sirene", SIRENE, "--db", db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample (data/sample/) built with no SOURCE, as `make run` does."""
    db = tmp_path_factory.mktemp("sample_db") / "procurement.duckdb"
    result = run_etl("build", "--db", db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="session")
def versions_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The constructed version file alone (+ the shipped SIRENE categories), built by `python -m etl`."""
    db = tmp_path_factory.mktemp("versions_db") / "procurement.duckdb"
    result = run_etl("build", CONSTRUCTED_VERSIONS, "--sirene", SIRENE, "--db", db)
    assert result.returncode == 0, result.stderr
    return db
