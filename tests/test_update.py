"""`make update` against a loopback server standing in for data.gouv.fr: the national sources are
fetched, then built from the cache; a failed fetch leaves the published DB as it was."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from bench.loopback import Fault, Loopback
from tests.conftest import FIXTURES, ROOT, SIRENE, digest

FIXTURE_CSV = FIXTURES / "decp_tabular_2024H2_dep75_2A_16.csv"


def to_parquet(csv: Path, out: Path, all_varchar: bool) -> Path:
    """The rows of a real CSV as Parquet (the national files are Parquet): a constructed copy."""
    con = duckdb.connect()
    con.read_csv(str(csv), all_varchar=all_varchar, header=True).write_parquet(str(out))
    con.close()
    return out


@pytest.fixture
def national(tmp_path: Path) -> Iterator[tuple[Loopback, dict[str, str]]]:
    """The loopback server serving both national sources, and `make update`'s environment: a
    sources file that points at it, a cache and a DB in tmp_path."""
    with Loopback() as srv:
        # SIRENE's siren is text with its leading zeros, as in INSEE's Parquet; decp.info's columns typed.
        srv.serve("/decp.parquet", to_parquet(FIXTURE_CSV, tmp_path / "decp.parquet", all_varchar=False))
        srv.serve("/sirene.parquet", to_parquet(SIRENE, tmp_path / "sirene.parquet", all_varchar=True))
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[decp-tabular-parquet]\nurl = "{srv.url("/decp.parquet")}"\nfilename = "decp.parquet"\n\n'
            f'[sirene-unites-legales]\nurl = "{srv.url("/sirene.parquet")}"\n'
            'filename = "StockUniteLegale_utf8.parquet"\n',
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "ETL_SOURCES_FILE": str(sources),
            "ETL_RAW_DIR": str(tmp_path / "raw"),
            "ETL_HTTP_BACKOFF": "0.01",
            "PROCUREMENT_DB": str(tmp_path / "national.duckdb"),
        }
        yield srv, env


def make_update(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # -o: the venv counts as installed (the suite runs in it), so that no test reinstalls it.
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "-o", ".venv/.installed", "update"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_update_fetches_then_builds_and_the_next_day_downloads_nothing(national, tmp_path):
    srv, env = national
    raw, db = tmp_path / "raw", tmp_path / "national.duckdb"
    first = make_update(env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[:2] == [
        f"fetched {raw / 'decp.parquet'}",
        f"fetched {raw / 'StockUniteLegale_utf8.parquet'}",
    ]
    assert first.stdout.splitlines()[2].startswith(f"built {db}: 53 contracts, 55 awards from 1 file(s)")
    con = duckdb.connect(str(db), read_only=True)
    # As the build from the shipped CSVs: 30 winners classified through SIRENE.
    assert con.execute(
        "SELECT size_basis::VARCHAR, count(*) FROM awards GROUP BY 1 ORDER BY 1"
    ).fetchall() == [
        ("none", 25),
        ("sirene", 30),
    ]
    con.close()
    second = make_update(env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[:2] == [
        f"unchanged {raw / 'decp.parquet'} (304 Not Modified)",
        f"unchanged {raw / 'StockUniteLegale_utf8.parquet'} (304 Not Modified)",
    ]
    assert [(r.path, r.status, r.body_bytes) for r in srv.log[2:]] == [
        ("/decp.parquet", 304, 0),
        ("/sirene.parquet", 304, 0),
    ]


def test_a_failed_fetch_leaves_the_published_db(national, tmp_path):
    srv, env = national
    db = tmp_path / "national.duckdb"
    assert make_update(env).returncode == 0
    before = digest(db)
    srv.always("/sirene.parquet", Fault("status", 503))
    failed = make_update(env)
    assert failed.returncode != 0
    assert (
        f"error: {srv.url('/sirene.parquet')}: HTTP 503 Service Unavailable (after 5 retries)\n"
        in failed.stderr
    )
    assert "built" not in failed.stdout
    assert digest(db) == before
