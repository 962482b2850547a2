"""bench/profile_etl.py: times the real build; --design-tables-only stops after DESIGN's tables."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURE_SOURCES, ROOT

# DESIGN's tables, fact_awards under its awards view, and the ETL's own records (inputs, notes).
NO_APP_TABLES = [
    "contracts",
    "countries",
    "cpv",
    "etl_inputs",
    "etl_runs",
    "fact_awards",
    "procedure_families",
    "quality_notes",
    "rejected_records",
    "subcontracts",
]


def _profile(db: Path, *flags: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bench.profile_etl", *map(str, FIXTURE_SOURCES), "--db", str(db), *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("flags", "app_tables", "checks_row"),
    [
        ((), True, "failed_checks (900_checks.sql)"),
        (("--design-tables-only",), False, "failed_checks (skipped)"),
    ],
)
def test_profile_builds_the_db_and_names_its_statements(
    tmp_path: Path, fixture_db: Path, flags: tuple[str, ...], app_tables: bool, checks_row: str
) -> None:
    db = tmp_path / "profiled.duckdb"
    out = _profile(db, "--top", "100", *flags)
    assert checks_row in out
    assert ("`520_agg_overview.sql #1: CREATE TABLE agg_overview AS`" in out) is app_tables
    assert "`500_fact_awards.sql #9: CREATE TABLE fact_awards AS`" in out
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        awards = con.execute("SELECT count(*) FROM awards").fetchone()[0]
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        expected_awards = con.execute("SELECT count(*) FROM awards").fetchone()[0]
    assert awards == expected_awards
    if app_tables:
        assert set(NO_APP_TABLES) < set(tables)
        assert "agg_overview" in tables
    else:
        assert tables == NO_APP_TABLES
