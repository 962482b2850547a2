"""`make run` serves the database that PROCUREMENT_DB names, and never the sample in its place."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

SAMPLE_DB = ROOT / "data" / "procurement.duckdb"


def _make_run(env: dict[str, str]) -> subprocess.Popen[str]:
    # -o: the venv counts as installed (the suite runs in it), so that no test reinstalls it.
    return subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "run"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _stamp(path: Path) -> int | None:
    return path.stat().st_mtime_ns if path.exists() else None


def test_a_missing_procurement_db_is_said_and_the_sample_not_built(tmp_path: Path) -> None:
    """Regression: `PROCUREMENT_DB=/x make run` built and served the sample instead of /x."""
    missing = tmp_path / "elsewhere.duckdb"
    before = _stamp(SAMPLE_DB)
    process = _make_run({"PROCUREMENT_DB": str(missing)})
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert (
        f"error: {missing} does not exist; build it with: .venv/bin/python -m etl build SOURCE --db {missing}"
        in err
    )
    assert "streamlit" not in out
    assert not missing.exists()
    assert _stamp(SAMPLE_DB) == before


def test_make_run_serves_the_named_db_and_says_which(fixture_db: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    before = _stamp(SAMPLE_DB)
    process = _make_run({"PROCUREMENT_DB": str(fixture_db), "STREAMLIT_SERVER_PORT": str(port)})
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first == f"database: {fixture_db} (données au 2024-12-26, 186 contracts)\n"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    assert r.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.3)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    assert _stamp(SAMPLE_DB) == before
