"""`python -m etl fetch` and URL sources, over real HTTP to a server on 127.0.0.1."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import FIXTURES, run_etl


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A static file server on 127.0.0.1 serving tests/fixtures/; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_downloads_into_dest(server, tmp_path):
    url = f"{server}/fixture_decp2019_138.json"
    result = run_etl("fetch", url, "--dest", tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "fixture_decp2019_138.json"
    assert result.stdout == f"fetched {target}\n"
    original = (FIXTURES / "fixture_decp2019_138.json").read_bytes()
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(original).digest()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fixture_decp2019_138.json"]


def test_build_from_url_records_its_origin(server, tmp_path):
    url = f"{server}/decp_tabular_2024H2_dep75_2A_16.csv"
    db = tmp_path / "url.duckdb"
    result = run_etl("build", url, "--db", db)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT path, format, records_read FROM etl_inputs").fetchall() == [
        (url, "decp-tabular-csv", 75)
    ]
    assert con.execute("SELECT count(*) FROM contracts").fetchone() == (53,)


def test_http_error_exits_1_and_writes_nothing(server, tmp_path):
    url = f"{server}/missing.json"
    result = run_etl("fetch", url, "--dest", tmp_path)
    assert (result.returncode, result.stderr) == (1, f"error: {url}: HTTP 404 File not found\n")
    assert list(tmp_path.iterdir()) == []


def test_unreachable_host_exits_1(tmp_path):
    # Port 9 on loopback: nothing listens there, the connection is refused at once.
    result = run_etl("fetch", "http://127.0.0.1:9/decp.json", "--dest", tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "error: http://127.0.0.1:9/decp.json: download failed (ConnectionError)\n",
    )
    assert list(Path(tmp_path).iterdir()) == []
