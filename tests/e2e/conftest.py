"""Browser fixtures: a real `streamlit run app.py` on 127.0.0.1 and Debian's chromium via Playwright.

Never `playwright install`: browser downloads are blocked; `.ci/run` installs Debian's chromium.
Without chromium the tests fail when CI is set and skip otherwise.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# One list of chromium arguments and server flags for these tests and the browser bench.
from bench.browser import CHROMIUM, CHROMIUM_ARGS, free_port, streamlit_command

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 60
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def streamlit_server(db: Path, log: Path) -> Iterator[str]:
    """A fresh `streamlit run app.py` process on a free port of 127.0.0.1 reading `db`; its base
    URL once healthy. Stopped on exit."""
    port = free_port()
    env = {**os.environ, "PROCUREMENT_DB": str(db)}
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            streamlit_command(ROOT / "app.py", port),
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real streamlit server reading the fixture DB; stopped after the session."""
    with streamlit_server(fixture_db, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (headless)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh desktop-sized page (1280 x 900) that accepts downloads."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="fr-FR"
    )
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    """A fresh 390 px wide page (an ordinary phone)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
