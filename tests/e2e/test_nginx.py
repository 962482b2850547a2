"""The production set-up (deploy/nginx.conf) in front of a real streamlit server: Streamlit alone
sends its bundles uncompressed; through nginx they arrive gzipped, byte for byte the same once
unpacked, still cacheable, and the page works in chromium (its websocket goes through)."""

from __future__ import annotations

import gzip
import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import streamlit

from bench import nginx

pytestmark = pytest.mark.e2e

IMMUTABLE = "public, immutable, max-age=31536000"
DRAWN = "[data-testid='stApp'][data-test-script-state='notRunning'] [data-testid='stMetricValue']"


@pytest.fixture(scope="module")
def proxy(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """deploy/nginx.conf on a free port of 127.0.0.1, in front of the session's streamlit server:
    its URL and its folder (logs)."""
    if nginx.nginx_binary() is None:
        message = "nginx is missing: apt-get install nginx (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("nginx")
    front = nginx.start(urlsplit(app_url).port or 80, workdir)
    try:
        yield front.url, workdir
    finally:
        front.stop()


def _get(url: str) -> tuple[dict[str, str], bytes]:
    """Headers (lower-case names) and raw body of a GET that accepts gzip."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def _main_bundle(base: str) -> str:
    _, html = _get(base + "/")
    return re.findall(r'src="\.?/?(static/js/index\.[^"]+\.js)"', html.decode())[0]


def test_streamlit_alone_sends_its_bundle_uncompressed(app_url: str) -> None:
    """Why the proxy exists: Streamlit 1.67 skips gzip on /static/ (SelectiveGZipMiddleware)."""
    bundle = _main_bundle(app_url)
    headers, body = _get(f"{app_url}/{bundle}")
    assert "content-encoding" not in headers
    assert headers["cache-control"] == IMMUTABLE
    assert body == (Path(streamlit.__file__).parent / "static" / bundle).read_bytes()


@pytest.mark.parametrize("which", ["bundle", "page"])
def test_nginx_sends_gzip_that_unpacks_to_streamlits_bytes(
    app_url: str, proxy: tuple[str, Path], which: str
) -> None:
    proxy_url, _ = proxy
    path = _main_bundle(app_url) if which == "bundle" else ""
    direct_headers, direct = _get(f"{app_url}/{path}")
    headers, packed = _get(f"{proxy_url}/{path}")
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] == direct_headers["cache-control"]
    assert headers["cache-control"] == (IMMUTABLE if which == "bundle" else "no-cache")
    assert gzip.decompress(packed) == direct
    if which == "bundle":
        assert len(packed) < len(direct) / 2


def _drawn(page: object, url: str) -> list[str]:
    """Open `url`, wait for the script to finish with its tiles drawn; the title and tile values."""
    page.goto(url, wait_until="domcontentloaded")  # type: ignore[attr-defined]
    page.wait_for_selector(DRAWN, timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    texts = page.locator("[data-testid='stMetricValue']").all_inner_texts()  # type: ignore[attr-defined]
    return [page.locator("h1").first.inner_text(), *texts]  # type: ignore[attr-defined]


def test_the_page_works_in_chromium_through_nginx(
    app_url: str, proxy: tuple[str, Path], page: object
) -> None:
    proxy_url, workdir = proxy
    plain: list[int] = []  # sizes of the bundles that came uncompressed
    packed: list[str] = []

    def record(response: object) -> None:
        if "/static/js/" in response.url:  # type: ignore[attr-defined]
            headers = response.headers  # type: ignore[attr-defined]
            if headers.get("content-encoding") == "gzip":
                packed.append(response.url)  # type: ignore[attr-defined]
            else:
                plain.append(int(headers["content-length"]))

    page.on("response", record)  # type: ignore[attr-defined]
    proxied = _drawn(page, proxy_url + "/")
    assert any("/static/js/index." in url for url in packed)
    # gzip_min_length 1000: only files too small to gain from it come as they are.
    assert all(size < 1000 for size in plain), plain
    assert proxied == _drawn(page, app_url + "/")
    assert proxied[0] == "Observatoire PME"
    assert len(proxied) > 1
    # nginx logs the websocket when it closes: 101, switched to the websocket protocol.
    page.goto("about:blank")  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert re.search(r'"GET /_stcore/stream HTTP/1\.1" 101 ', (workdir / "access.log").read_text())
