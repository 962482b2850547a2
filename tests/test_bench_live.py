"""bench/sirene_join.py and bench/downloads.py run end to end at a small size (their figures are
the benchmark's business; here, what they did)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import ROOT


def _bench(module: str, *args: str | Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", module, *map(str, args)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_sirene_join_bench_finds_every_wanted_unit(tmp_path):
    lines = _bench("bench.sirene_join", "--units", "200k", "--rows", "5k", "--repeat", "1", "--out", tmp_path)
    # Every SIREN of the generated file's buyers and SIRET winners is among the units, and kept.
    assert "200,000 units" in lines[-3]
    assert lines[-3].endswith(
        "2,648 keys wanted (SIRENs of the buyers and winners of 5,000 generated rows), 2,648 kept"
    )
    units = tmp_path / "StockUniteLegale_200000.parquet"
    with duckdb.connect() as con:
        # INSEE's 35 columns; unique 9-character SIRENs; half sole traders (no denomination), a
        # category for about 45 % of the units.
        assert len(con.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(units)}).fetchall()) == 35
        assert con.execute(
            "SELECT count(*), count(DISTINCT siren), min(length(siren)), max(length(siren)), "
            "count(denominationUniteLegale), count(categorieEntreprise), "
            "count(*) FILTER (WHERE categorieJuridiqueUniteLegale = '1000') FROM read_parquet($p)",
            {"p": str(units)},
        ).fetchone() == (200000, 200000, 9, 9, 99888, 90092, 100112)


def test_the_download_bench_resumes_from_the_cut(tmp_path):
    lines = _bench("bench.downloads", "--mb", "10", "--repeat", "1", "--out", tmp_path)
    assert lines[-2] == "  cut at 9 MB: refused in " + lines[-2].split("refused in ")[1]
    # 9,000,000 bytes arrived; the part keeps the 137 whole reads of 65,536 bytes: 8,978,432.
    assert lines[-1].startswith("  resume of the last 1 MB (bytes=8978432-): ")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("downloads-")) == [
        "download_10MB.bin"
    ]
