"""Downloads (`python -m etl fetch`, and builds from a URL or a source name) over real HTTP to a
server on 127.0.0.1 (bench/loopback.py) that serves real sample files and plays scripted faults."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from bench.loopback import Fault, Loopback
from etl import fetch
from tests.conftest import FIXTURES, ROOT, digest, run_etl

# Real published files (data/sample/*/PROVENANCE.md, tests/fixtures/PROVENANCE.md).
SAMPLE_CSV = ROOT / "data" / "sample" / "decp-tabular" / "decp_2024H2_travaux_cpv4521.csv"
FIXTURE_CSV = FIXTURES / "decp_tabular_2024H2_dep75_2A_16.csv"
FIXTURE_JSON = FIXTURES / "fixture_decp2019_138.json"
SAMPLE_SIZE = 1_778_010
# A cut on a read boundary: what arrived before it is all on disk, so the resume starts there.
CUT = 13 * fetch.NET_CHUNK
FAST = fetch.HttpSettings(backoff_factor=0.01)
DATASET = "608c055b35eb4e6ee20eb325"
RESOURCE = "11cea8e8-df3e-4ed1-932b-781e2635e432"
STATIC = "/static/20260819-051546/decp.csv"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


@pytest.fixture
def server() -> Iterator[Loopback]:
    """A fresh loopback server per test: no fault or log left by another test."""
    with Loopback() as srv:
        srv.serve("/decp.csv", SAMPLE_CSV, "text/csv")
        yield srv


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "raw"


def cli_env(cache: Path, sources: Path | None = None) -> dict[str, str]:
    """The CLI's environment: the test's cache, short backoffs, and a sources file when given."""
    env = {**os.environ, "ETL_RAW_DIR": str(cache), "ETL_HTTP_BACKOFF": "0.01"}
    if sources is not None:
        env[fetch.SOURCES_ENV] = str(sources)
    return env


def statuses(srv: Loopback, path: str) -> list[tuple[int, int, str | None]]:
    """(status, body bytes, Range asked) of each request of `path`."""
    return [(r.status, r.body_bytes, r.headers.get("Range")) for r in srv.requests_of(path)]


def datagouv_sources(tmp_path: Path, srv: Loopback, checksum: str, served: Path = SAMPLE_CSV) -> Path:
    """A sources.toml naming `decp-tabular-parquet` on the loopback server as data.gouv.fr serves
    it: a stable /r/<resource> link that redirects to a dated file (`served`), and the dataset API
    listing the resource with `checksum` as its sha1."""
    srv.serve(STATIC, served, "text/csv")
    srv.always(f"/api/1/datasets/r/{RESOURCE}", Fault("redirect", location=STATIC))
    listing = {
        "id": DATASET,
        "resources": [
            {"id": "22847056-61df-452d-837d-8b8ceadbfc52", "checksum": None},
            {
                "id": RESOURCE,
                "checksum": {"type": "sha1", "value": checksum},
                "last_modified": "2026-08-19T05:15:46.000000+00:00",
                "filesize": SAMPLE_SIZE,
            },
        ],
    }
    srv.serve(f"/api/1/datasets/{DATASET}/", json.dumps(listing).encode(), "application/json")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[decp-tabular-parquet]\n"
        f'url = "{srv.url(f"/api/1/datasets/r/{RESOURCE}")}"\n'
        'filename = "decp.csv"\n'
        f'datagouv_dataset = "{DATASET}"\n'
        f'datagouv_resource = "{RESOURCE}"\n',
        encoding="utf-8",
    )
    return sources


# --- retries (urllib3 Retry on the session) --------------------------------------------------------


def test_a_500_then_a_200_brings_the_file(server, cache):
    server.script("/decp.csv", Fault("status", 500))
    result = fetch.download(server.url("/decp.csv"), cache, FAST)
    assert result == fetch.Fetched(cache / "decp.csv", "fetched")
    assert sha256(result.path) == sha256(SAMPLE_CSV)
    assert statuses(server, "/decp.csv") == [(500, 6, None), (200, SAMPLE_SIZE, None)]


def test_a_429_with_retry_after_waits_about_a_second(server, cache):
    server.script("/decp.csv", Fault("status", 429, (("Retry-After", "1"),)))
    fetch.download(server.url("/decp.csv"), cache, FAST)
    first, second = server.requests_of("/decp.csv")
    assert (first.status, second.status) == (429, 200)
    # The backoff alone would retry after 0 s: the second's wait is the server's Retry-After.
    assert 1.0 <= second.at - first.at < 5.0
    assert sha256(cache / "decp.csv") == sha256(SAMPLE_CSV)


def test_retries_run_out_on_a_lasting_503(server, tmp_path, cache):
    server.always("/decp.csv", Fault("status", 503))
    result = run_etl("fetch", server.url("/decp.csv"), env=cli_env(cache))
    url = server.url("/decp.csv")
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {url}: HTTP 503 Service Unavailable (after 5 retries)\n",
    )
    assert len(server.requests_of("/decp.csv")) == 6
    assert sorted(p.name for p in cache.iterdir()) == []


def test_unreachable_host_exits_1(cache):
    # Port 9 on loopback: nothing listens there, each connection is refused at once.
    result = run_etl("fetch", "http://127.0.0.1:9/decp.json", env=cli_env(cache))
    assert (result.returncode, result.stderr) == (
        1,
        "error: http://127.0.0.1:9/decp.json: download failed (ConnectionError) after 5 retries\n",
    )
    assert list(cache.iterdir()) == []


# --- resume ----------------------------------------------------------------------------------------


def test_a_cut_body_is_resumed_with_range_in_the_same_run(server, cache):
    server.script("/decp.csv", Fault("cut", cut_at=CUT))
    fetch.download(server.url("/decp.csv"), cache, FAST)
    assert sha256(cache / "decp.csv") == sha256(SAMPLE_CSV)
    assert statuses(server, "/decp.csv") == [(200, CUT, None), (206, SAMPLE_SIZE - CUT, f"bytes={CUT}-")]
    second = server.requests_of("/decp.csv")[1]
    assert second.headers["If-Range"] == json.loads((cache / "decp.csv.fetch.json").read_text())["etag"]
    assert sorted(p.name for p in cache.iterdir()) == ["decp.csv", "decp.csv.fetch.json"]


def test_a_cut_body_is_resumed_by_the_next_run(server, cache):
    """The first run is refused (the body stops at the same byte on every try) and keeps its part;
    the next run asks only for the rest."""
    url = server.url("/decp.csv")
    server.always("/decp.csv", Fault("cut", cut_at=CUT))
    first = run_etl("fetch", url, env=cli_env(cache))
    assert (first.returncode, first.stdout, first.stderr) == (
        1,
        "",
        f"error: {url}: body shorter than Content-Length (851,968 of 1,778,010 bytes); "
        "the part is kept, the next fetch resumes it\n",
    )
    assert sorted(p.name for p in cache.iterdir()) == ["decp.csv.part", "decp.csv.part.fetch.json"]
    server.always("/decp.csv", None)
    second = run_etl("fetch", url, env=cli_env(cache))
    assert (second.returncode, second.stdout) == (0, f"fetched {cache / 'decp.csv'}\n")
    assert statuses(server, "/decp.csv")[-1] == (206, SAMPLE_SIZE - CUT, f"bytes={CUT}-")
    assert sha256(cache / "decp.csv") == sha256(SAMPLE_CSV)
    assert sorted(p.name for p in cache.iterdir()) == ["decp.csv", "decp.csv.fetch.json"]


def test_a_server_that_ignores_range_is_downloaded_again_from_zero(server, cache):
    server.script("/decp.csv", Fault("cut", cut_at=CUT), Fault("ignore_range"))
    fetch.download(server.url("/decp.csv"), cache, FAST)
    assert statuses(server, "/decp.csv") == [(200, CUT, None), (200, SAMPLE_SIZE, f"bytes={CUT}-")]
    assert sha256(cache / "decp.csv") == sha256(SAMPLE_CSV)


def test_a_part_of_a_file_that_changed_since_starts_again(server, cache, tmp_path):
    """If-Range: the server no longer has the version the part began, so it sends the whole file."""
    changing = tmp_path / "decp.csv"
    shutil.copy(SAMPLE_CSV, changing)
    server.serve("/decp.csv", changing, "text/csv")
    server.always("/decp.csv", Fault("cut", cut_at=CUT))
    assert run_etl("fetch", server.url("/decp.csv"), env=cli_env(cache)).returncode == 1
    server.always("/decp.csv", None)
    changing.write_bytes(FIXTURE_CSV.read_bytes())
    fetch.download(server.url("/decp.csv"), cache, FAST)
    assert statuses(server, "/decp.csv")[-1] == (200, FIXTURE_CSV.stat().st_size, f"bytes={CUT}-")
    assert sha256(cache / "decp.csv") == sha256(FIXTURE_CSV)


# --- skip what has not changed ---------------------------------------------------------------------


def test_a_second_fetch_answered_304_transfers_no_body(server, cache):
    url = server.url("/decp.csv")
    fetch.download(url, cache, FAST)
    before = json.loads((cache / "decp.csv.fetch.json").read_text())
    stamp = (cache / "decp.csv").stat().st_mtime_ns
    result = fetch.download(url, cache, FAST)
    assert result == fetch.Fetched(cache / "decp.csv", "unchanged", "304 Not Modified")
    second = server.requests_of("/decp.csv")[1]
    assert (second.status, second.body_bytes) == (304, 0)
    assert second.headers["If-None-Match"] == before["etag"]
    assert second.headers["If-Modified-Since"] == before["last_modified"]
    after = json.loads((cache / "decp.csv.fetch.json").read_text())
    assert {k: v for k, v in after.items() if k != "checked_at"} == {
        k: v for k, v in before.items() if k != "checked_at"
    }
    assert (cache / "decp.csv").stat().st_mtime_ns == stamp
    assert sha256(cache / "decp.csv") == sha256(SAMPLE_CSV)


def test_the_cli_says_fetched_then_unchanged(server, cache):
    url = server.url("/decp.csv")
    assert run_etl("fetch", url, env=cli_env(cache)).stdout == f"fetched {cache / 'decp.csv'}\n"
    assert (
        run_etl("fetch", url, env=cli_env(cache)).stdout
        == f"unchanged {cache / 'decp.csv'} (304 Not Modified)\n"
    )


def test_a_302_is_followed_and_the_sidecar_records_both_urls(server, cache, tmp_path, monkeypatch):
    sources = datagouv_sources(tmp_path, server, sha1(SAMPLE_CSV))
    monkeypatch.setenv(fetch.SOURCES_ENV, str(sources))
    result = fetch.download("decp-tabular-parquet", cache, FAST)
    assert result == fetch.Fetched(cache / "decp.csv", "fetched")
    sidecar = json.loads((cache / "decp.csv.fetch.json").read_text())
    assert [r.status for r in server.requests_of(f"/api/1/datasets/r/{RESOURCE}")] == [302]
    assert [r.status for r in server.requests_of(STATIC)] == [200]
    assert sidecar == {
        "url": server.url(f"/api/1/datasets/r/{RESOURCE}"),
        "final_url": server.url(STATIC),
        "etag": sidecar["etag"],
        "last_modified": sidecar["last_modified"],
        "size": SAMPLE_SIZE,
        "sha256": "5fd03e06c18a5d89f49a39177172e6648424c120341fb91fa884adfdd214dc14",
        "sha1": "99c5121f1ae426da5179bc529a2caa428edf1b48",
        "fetched_at": sidecar["fetched_at"],
        "checked_at": sidecar["fetched_at"],
        "datagouv": {
            "sha1": "99c5121f1ae426da5179bc529a2caa428edf1b48",
            "last_modified": "2026-08-19T05:15:46.000000+00:00",
            "filesize": SAMPLE_SIZE,
        },
    }
    assert sidecar["etag"].startswith('"')
    assert sidecar["fetched_at"].endswith("Z")


def test_the_datagouv_checksum_of_the_cached_file_skips_the_download(server, cache, tmp_path):
    sources = datagouv_sources(tmp_path, server, sha1(SAMPLE_CSV))
    env = cli_env(cache, sources)
    assert run_etl("fetch", "decp-tabular-parquet", env=env).returncode == 0
    asked = len(server.log)
    result = run_etl("fetch", "decp-tabular-parquet", env=env)
    assert (result.returncode, result.stdout) == (
        0,
        f"unchanged {cache / 'decp.csv'} (same sha1 as data.gouv.fr)\n",
    )
    assert [r.path for r in server.log[asked:]] == [f"/api/1/datasets/{DATASET}/"]


def test_a_new_datagouv_checksum_downloads_the_new_file(server, cache, tmp_path):
    sources = datagouv_sources(tmp_path, server, sha1(SAMPLE_CSV))
    env = cli_env(cache, sources)
    assert run_etl("fetch", "decp-tabular-parquet", env=env).returncode == 0
    datagouv_sources(tmp_path, server, sha1(FIXTURE_CSV), served=FIXTURE_CSV)
    result = run_etl("fetch", "decp-tabular-parquet", env=env)
    assert (result.returncode, result.stdout) == (0, f"fetched {cache / 'decp.csv'}\n")
    assert sha256(cache / "decp.csv") == sha256(FIXTURE_CSV)


# --- refusals: one line, exit 1, nothing published -------------------------------------------------


REFUSALS = [
    ("html", "/decp.parquet", Fault("html"), "{url}: an HTML page, not a data file", []),
    (
        "short",
        "/decp.csv",
        Fault("cut", cut_at=CUT),
        "{url}: body shorter than Content-Length (851,968 of 1,778,010 bytes); "
        "the part is kept, the next fetch resumes it",
        ["decp.csv.part", "decp.csv.part.fetch.json"],
    ),
    ("empty", "/decp.csv", Fault("empty"), "{url}: empty body (0 bytes), not a data file", []),
    ("404", "/gone.parquet", None, "{url}: HTTP 404 Not Found", []),
    ("410", "/decp.csv", Fault("status", 410), "{url}: HTTP 410 Gone", []),
]


@pytest.mark.parametrize(("name", "path", "fault", "message", "left"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_build_from_what_is_not_data_exits_1_and_keeps_the_db(
    server, cache, published, name, path, fault, message, left
):
    server.serve("/decp.parquet", SAMPLE_CSV)
    server.always(path, fault)
    before = digest(published)
    url = server.url(path)
    result = run_etl("build", url, "--db", published, env=cli_env(cache))
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"error: {message.format(url=url)}\n")
    assert digest(published) == before
    assert sorted(p.name for p in cache.iterdir()) == left


def test_a_sha1_that_is_not_datagouvs_is_refused_and_the_db_kept(server, cache, tmp_path, published):
    sources = datagouv_sources(tmp_path, server, "0" * 40)
    before = digest(published)
    result = run_etl("build", "decp-tabular-parquet", "--db", published, env=cli_env(cache, sources))
    url = server.url(f"/api/1/datasets/r/{RESOURCE}")
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {url}: sha1 99c5121f1ae426da5179bc529a2caa428edf1b48 is not data.gouv.fr's checksum {'0' * 40}\n",
    )
    assert digest(published) == before
    assert list(cache.iterdir()) == []


def test_a_refused_fetch_keeps_the_cached_file_as_it_was(server, cache):
    url = server.url("/decp.csv")
    fetch.download(url, cache, FAST)
    kept = {p.name: p.read_bytes() for p in cache.iterdir()}
    server.always("/decp.csv", Fault("html"))
    result = run_etl("fetch", url, env=cli_env(cache))
    assert (result.returncode, result.stderr) == (1, f"error: {url}: an HTML page, not a data file\n")
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == kept


def test_a_second_fetch_into_a_busy_cache_is_refused(server, cache):
    cache.mkdir()
    fd = os.open(cache, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run_etl("fetch", server.url("/decp.csv"), env=cli_env(cache))
    finally:
        os.close(fd)
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {cache}: another fetch is writing into this folder; try later\n",
    )
    assert server.log == []


# --- offline ---------------------------------------------------------------------------------------


def test_offline_without_a_cache_says_what_to_do(cache):
    result = run_etl("fetch", "--offline", "decp-tabular-parquet", env=cli_env(cache))
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"error: decp-tabular-parquet: not in the cache ({cache / 'decp.parquet'}) and --offline forbids "
        "downloading it; run `python -m etl fetch decp-tabular-parquet` when online\n",
    )


def test_an_offline_build_without_a_cache_keeps_the_db(cache, published):
    before = digest(published)
    result = run_etl("build", "decp-tabular-parquet", "--offline", "--db", published, env=cli_env(cache))
    assert result.returncode == 1
    assert result.stderr.startswith("error: decp-tabular-parquet: not in the cache")
    assert digest(published) == before


def test_offline_uses_the_cache_and_asks_nothing(server, cache, tmp_path):
    url = server.url("/decp.csv")
    fetch.download(url, cache, FAST)
    asked = len(server.log)
    result = run_etl("fetch", "--offline", url, env=cli_env(cache))
    assert (result.returncode, result.stdout) == (0, f"cached {cache / 'decp.csv'} (offline)\n")
    db = tmp_path / "offline.duckdb"
    assert run_etl("build", "--offline", url, "--db", db, env=cli_env(cache)).returncode == 0
    assert len(server.log) == asked


# --- builds from URLs ------------------------------------------------------------------------------


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, but the run's own records (its id, times, input paths)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        rows = {
            n: con.execute(f"SELECT * FROM {n}").fetchall()
            for n in names
            if n not in ("etl_runs", "etl_inputs")
        }
        rows["awards"] = con.execute("SELECT * FROM awards").fetchall()
        rows["etl_inputs"] = con.execute(
            "SELECT * EXCLUDE (run_id, path, file_date) FROM etl_inputs ORDER BY source_name"
        ).fetchall()
        return rows
    finally:
        con.close()


def test_a_build_from_urls_gives_the_tables_of_the_local_files(server, cache, tmp_path):
    server.serve("/fixture_decp2019_138.json", FIXTURE_JSON, "application/json")
    server.serve("/decp_tabular_2024H2_dep75_2A_16.csv", FIXTURE_CSV, "text/csv")
    urls = [server.url("/fixture_decp2019_138.json"), server.url("/decp_tabular_2024H2_dep75_2A_16.csv")]
    remote, local = tmp_path / "remote.duckdb", tmp_path / "local.duckdb"
    assert run_etl("build", *urls, "--db", remote, env=cli_env(cache)).returncode == 0
    assert run_etl("build", FIXTURE_JSON, FIXTURE_CSV, "--db", local).returncode == 0
    remote_tables = _tables(remote)
    assert remote_tables == _tables(local)
    assert len(remote_tables["contracts"]) == 186
    con = duckdb.connect(str(remote), read_only=True)
    assert con.execute("SELECT path, format, records_read FROM etl_inputs ORDER BY path").fetchall() == [
        (urls[1], "decp-tabular-csv", 75),
        (urls[0], "decp-2019", 138),
    ]
    con.close()
    assert sorted(p.name for p in cache.iterdir()) == [
        "decp_tabular_2024H2_dep75_2A_16.csv",
        "decp_tabular_2024H2_dep75_2A_16.csv.fetch.json",
        "fixture_decp2019_138.json",
        "fixture_decp2019_138.json.fetch.json",
    ]


def test_a_setting_that_is_not_a_number_is_one_line(cache):
    env = {**cli_env(cache), "ETL_HTTP_RETRIES": "five"}
    result = run_etl("fetch", "http://127.0.0.1:9/decp.json", env=env)
    assert (result.returncode, result.stderr) == (
        1,
        "error: ETL_HTTP_RETRIES='five', ETL_HTTP_BACKOFF='0.01': not numbers\n",
    )
