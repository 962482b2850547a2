"""A killed build leaves the published file byte for byte; the next build cleans what it left."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, digest


@pytest.mark.parametrize("delay_s", [0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9])
def test_sigkill_at_any_moment_leaves_published_db(tmp_path, fixture_db, delay_s):
    db = tmp_path / "procurement.duckdb"
    db.write_bytes(fixture_db.read_bytes())
    before = digest(db)
    proc = subprocess.Popen([sys.executable, "-m", "etl", "build", "--db", str(db)], cwd=ROOT)
    time.sleep(delay_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.returncode == 0:
        pytest.skip("the build finished before the kill on this machine")
    assert proc.returncode == -signal.SIGKILL
    assert digest(db) == before
    # The next build publishes and sweeps the dead build's temporary files.
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--db", str(db)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert digest(db) != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["procurement.duckdb"]
