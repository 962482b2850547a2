"""Time until usable in a real browser: Debian's chromium (Playwright) against a real `streamlit run`
that this module starts, for every page, a returning visitor, page switches, a page's tabs, filter
changes, a typical and the largest buyer, the server start, and the bare-Streamlit floor
(bench/floor_app.py).

`python -m bench.browser --db DB [--rounds 3] [--visits 2] [--setups direct,nginx] [--out bench/out]`
writes `browser-<stamp>.md` (bench/browser_report.py) and `.json`. "Usable" = the script is idle,
the page's proof elements are drawn, every visible chart has its SVG and every visible table its
canvas, and no HTTP request, websocket frame or DOM mutation for `--quiet-ms`; the time is the last
DOM mutation or HTTP response end, from navigation start (or from the click, for an interaction).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import functools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
FLOOR_APP = ROOT / "bench" / "floor_app.py"
CHROMIUM = Path("/usr/bin/chromium")
# The browser tests' arguments (tests/e2e/conftest.py imports them from here).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
# One set of server flags for the app, the floor and the browser tests (127.0.0.1, no watcher).
STREAMLIT_FLAGS = [
    "--server.headless",
    "true",
    "--server.address",
    "127.0.0.1",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
]
VIEWPORT = {"width": 1440, "height": 900}
START_TIMEOUT_S = 60.0
VISIT_TIMEOUT_S = 60.0
POLL_MS = 50

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
METRIC = "[data-testid='stMetricValue']"
CHART = ".vega-embed svg"
TABLE = "[data-testid='stDataFrame'] canvas"
ROWS = "[data-testid='stHtml'] table"  # a static table (dashboard.ui.static_table): Données, Titulaires
TEXT = "[data-testid='stMarkdownContainer'] li"  # Méthode's first tab: the Method, a numbered list
# The app's own navigation: st.page_link in the sidebar today, st.navigation (sidebar or top) next.
NAV_LINK = (
    "a[data-testid='stPageLink-NavLink'], a[data-testid='stSidebarNavLink'], "
    "a[data-testid='stTopNavLink'], a[data-testid='stTopNavDropdownLink']"
)
SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider']"
SELECT = "[data-testid='stSidebar'] [data-testid='stSelectbox']"
PAGE_TAB = "[data-testid='stTabs'] [role='tab']"  # a page's tabs (dashboard.ui.page_tabs)


@dataclass(frozen=True)
class PageSpec:
    """A page of the app: its URL paths (DESIGN's ASCII path first, then today's) and the
    elements that prove it drew (beyond every visible chart and table being drawn)."""

    key: str
    paths: tuple[str, ...]
    proof: tuple[str, ...]


# The one table of pages. The path used is the first one the app's navigation links to
# (match_paths), so the same table measures today's /Acheteurs and issue 11's /acheteurs.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", ("/",), (METRIC, CHART)),
    PageSpec("acheteurs", ("/acheteurs", "/Acheteurs"), (CHART,)),
    PageSpec("secteurs", ("/secteurs", "/Secteurs"), (CHART,)),
    PageSpec("concurrence", ("/concurrence",), (METRIC, CHART)),
    PageSpec("titulaires", ("/titulaires", "/Titulaires"), (ROWS,)),
    PageSpec("territoires", ("/territoires",), (CHART,)),
    PageSpec("donnees", ("/donnees", "/Données"), (ROWS,)),
    PageSpec("methode", ("/methode", "/Méthode_et_qualité"), (TEXT,)),
)
FLOOR = PageSpec("floor", ("/",), (METRIC, CHART, TABLE))
# Acheteurs with a buyer chosen (?buyer=SIRET): a typical one (99th percentile by contracts,
# issue 17) and the largest.
BUYER_VARIANTS = (("typical buyer", 0.99), ("largest buyer", 1.0))

# Before any page script: the last DOM mutation and the script states seen, in page time
# (performance.now(), 0 = navigation start).
INIT_JS = """
(() => {
  const b = window.__bench = {lastMut: 0, runs: []};
  new MutationObserver(() => {
    b.lastMut = performance.now();
    const app = document.querySelector("[data-testid='stApp']");
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (!b.runs.length || b.runs[b.runs.length - 1][0] !== state) b.runs.push([state, b.lastMut]);
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
# Is the page drawn? Plus what it holds and when the HTTP side last moved (page time, ms).
STATE_JS = """
([idle, proof]) => {
  // A table in a closed expander is in the DOM but not drawn: not waited for.
  const shown = (e) => e.checkVisibility() && e.getClientRects().length > 0;
  const all = (s) => [...document.querySelectorAll(s)];
  const charts = all('.vega-embed'), frames = all("[data-testid='stDataFrame']");
  const drawn = charts.filter(shown).every(e => e.querySelector('svg, canvas'))
    && frames.filter(shown).every(e => e.querySelector('canvas'));
  const nav = performance.getEntriesByType('navigation')[0];
  let lastHttp = nav ? nav.responseEnd : 0, lastStatic = 0;
  for (const r of performance.getEntriesByType('resource')) {
    lastHttp = Math.max(lastHttp, r.responseEnd);
    if (r.name.includes('/static/')) lastStatic = Math.max(lastStatic, r.responseEnd);
  }
  return {
    ready: !!document.querySelector(idle) && proof.every(s => document.querySelector(s)) && drawn,
    now: performance.now(), lastMut: window.__bench.lastMut, lastHttp, lastStatic,
    html: nav ? nav.responseEnd : null, timeOrigin: performance.timeOrigin,
    path: decodeURIComponent(location.pathname),
    counts: {charts: charts.length, tables: frames.length + all("[data-testid='stHtml'] table").length,
             metrics: all("[data-testid='stMetricValue']").length,
             elements: all("[data-testid='stElementContainer']").length},
  };
}
"""
# A link's path from the app's root: st.page_link writes the main page's href as "" (relative).
NAV_PATHS_JS = f"""
() => [...document.querySelectorAll("{NAV_LINK}")].map(
  a => decodeURIComponent(new URL(a.getAttribute('href') || '/', location.origin + '/').pathname))
"""


# --- servers -------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def streamlit_command(script: Path, port: int, extra: tuple[str, ...] = ()) -> list[str]:
    """`python -m streamlit run SCRIPT` on 127.0.0.1:PORT with the project's server flags."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        *STREAMLIT_FLAGS,
        "--server.port",
        str(port),
        *extra,
    ]


@dataclass
class Server:
    """A process started in its own process group, its log file, and its base URL."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        """SIGTERM to this server's process group, SIGKILL after 15 s."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


def start_process(args: list[str], url: str, log: Path, env: dict[str, str] | None = None) -> Server:
    """Start `args` from the project root, output to `log`, in a process group of its own."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(process, url, log)


def wait_healthy(server: Server, path: str = "/_stcore/health", timeout: float = START_TIMEOUT_S) -> float:
    """Seconds until `path` answers 200; RuntimeError with the log's tail if it never does."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}: {_tail(server.log)}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{server.url}{path} not ready after {timeout:.0f} s: {_tail(server.log)}")


def _tail(log: Path) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return " / ".join(text.strip().splitlines()[-5:])[-600:]


# --- one browser visit ---------------------------------------------------------------------------


class Probe:
    """Network of one tab: HTTP requests in flight and bytes (CDP), websocket frames and bytes."""

    def __init__(self, context: Any, page: Any) -> None:
        self.inflight = 0
        self.last_activity = time.perf_counter()
        self.reset()
        page.on("request", self._http_start)
        page.on("requestfinished", self._http_end)
        page.on("requestfailed", self._http_failed)
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._ws_open)
        cdp.on("Network.webSocketFrameReceived", self._ws_received)
        cdp.on("Network.webSocketFrameSent", self._ws_sent)
        cdp.send("Network.enable")

    def reset(self) -> None:
        """Start counting a new visit or interaction."""
        self.requests = 0
        self.cached = 0
        self.failed = 0
        self.http_bytes = 0
        self.ws_in_bytes = 0
        self.ws_in_frames = 0
        self.ws_out_bytes = 0
        self.ws_open_ts: float | None = None
        self.ws_first_ts: float | None = None
        self.ws_last_ts: float | None = None
        self.ws_last_wall = 0.0
        self.clock: tuple[float, float] | None = None  # (CDP monotonic s, epoch s) of the document

    def _touch(self) -> None:
        self.last_activity = time.perf_counter()

    def _http_start(self, _request: Any) -> None:
        self.inflight += 1
        self._touch()

    def _http_end(self, _request: Any) -> None:
        self.inflight -= 1
        self._touch()

    def _http_failed(self, _request: Any) -> None:
        self.inflight -= 1
        self.failed += 1
        self._touch()

    def _sent(self, event: dict[str, Any]) -> None:
        if event.get("type") == "Document" and event.get("wallTime"):
            self.clock = (event["timestamp"], event["wallTime"])
        if not event["request"]["url"].startswith("data:"):
            self.requests += 1

    def _cached(self, _event: dict[str, Any]) -> None:
        self.cached += 1

    def _finished(self, event: dict[str, Any]) -> None:
        self.http_bytes += int(event.get("encodedDataLength") or 0)

    def _ws_open(self, event: dict[str, Any]) -> None:
        self.ws_open_ts = event["timestamp"]
        self._touch()

    def _ws_received(self, event: dict[str, Any]) -> None:
        self.ws_in_frames += 1
        self.ws_in_bytes += _frame_bytes(event["response"])
        self.ws_first_ts = self.ws_first_ts or event["timestamp"]
        self.ws_last_ts = event["timestamp"]
        self.ws_last_wall = time.perf_counter()
        self._touch()

    def _ws_sent(self, event: dict[str, Any]) -> None:
        self.ws_out_bytes += _frame_bytes(event["response"])
        self._touch()

    def page_ms(self, timestamp: float | None, time_origin_ms: float) -> float | None:
        """A CDP timestamp as page time (ms from navigation start), through the document's clock."""
        if timestamp is None or self.clock is None:
            return None
        return (self.clock[1] + (timestamp - self.clock[0])) * 1000 - time_origin_ms


def _frame_bytes(frame: dict[str, Any]) -> int:
    """A websocket message's payload size: binary frames (opcode 2) come base64-encoded."""
    data = frame.get("payloadData") or ""
    return len(base64.b64decode(data)) if frame.get("opcode") == 2 else len(data.encode())


@dataclass
class Tab:
    """A browser context with one instrumented tab."""

    context: Any
    page: Any
    probe: Probe

    def close(self) -> None:
        self.context.close()


def open_tab(browser: Any) -> Tab:
    """A fresh context (empty HTTP cache, no storage) with one instrumented tab."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    context.add_init_script(INIT_JS)
    page = context.new_page()
    page.set_default_timeout(VISIT_TIMEOUT_S * 1000)
    return Tab(context, page, Probe(context, page))


def settle(
    tab: Tab, proof: tuple[str, ...], quiet_ms: int, done: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """Wait until the page is drawn and `done`, then quiet (HTTP, websocket, DOM) for quiet_ms."""
    deadline = time.perf_counter() + VISIT_TIMEOUT_S
    while True:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not usable after {VISIT_TIMEOUT_S:.0f} s at {tab.page.url}")
        tab.page.wait_for_timeout(POLL_MS)
        probe = tab.probe
        if probe.inflight > 0 or (time.perf_counter() - probe.last_activity) * 1000 < quiet_ms:
            continue
        state = tab.page.evaluate(STATE_JS, [IDLE, list(proof)])
        if state["ready"] and state["now"] - state["lastMut"] >= quiet_ms and done(state):
            return state


def visit(tab: Tab, url: str, proof: tuple[str, ...], quiet_ms: int) -> dict[str, Any]:
    """Load `url` in the tab and time it to usable (ms from navigation start), with its traffic."""
    tab.probe.reset()
    tab.page.goto(url, wait_until="commit")
    state = settle(tab, proof, quiet_ms, lambda _state: True)
    probe, origin = tab.probe, state["timeOrigin"]
    return {
        "usable_ms": round(max(state["lastMut"], state["lastHttp"])),
        "html_ms": _round(state["html"]),
        "static_ms": round(state["lastStatic"]),
        "ws_open_ms": _round(probe.page_ms(probe.ws_open_ts, origin)),
        "ws_first_ms": _round(probe.page_ms(probe.ws_first_ts, origin)),
        "ws_last_ms": _round(probe.page_ms(probe.ws_last_ts, origin)),
        **_traffic(probe),
        **state["counts"],
    }


def interact(
    tab: Tab, action: Callable[[], None], proof: tuple[str, ...], quiet_ms: int, path: str | None = None
) -> dict[str, Any]:
    """Time an in-page action (a click, a drag) until the page is redrawn: ms from the action."""
    tab.probe.reset()
    mark = tab.page.evaluate("performance.now()")
    wall = time.perf_counter()
    action()

    def done(state: dict[str, Any]) -> bool:
        return tab.probe.ws_last_wall > wall and (path is None or state["path"] == path)

    state = settle(tab, proof, quiet_ms, done)
    return {
        "usable_ms": round(max(state["lastMut"], state["lastHttp"]) - mark),
        **_traffic(tab.probe),
        **state["counts"],
    }


def _traffic(probe: Probe) -> dict[str, Any]:
    return {
        "requests": probe.requests,
        "from_cache": probe.cached,
        "failed": probe.failed,
        "http_kb": round(probe.http_bytes / 1024, 1),
        "ws_in_kb": round(probe.ws_in_bytes / 1024, 1),
        "ws_in_messages": probe.ws_in_frames,
        "ws_out_kb": round(probe.ws_out_bytes / 1024, 1),
    }


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


def _attempt(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """One measurement, or {'error': ...}: a page that fails is reported, the run goes on."""
    try:
        return fn()
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


# --- the app's pages, buyers and interactions ----------------------------------------------------


def match_paths(linked: list[str]) -> dict[str, str | None]:
    """Each page's path: the first of its PAGES paths that the app's own navigation links to."""
    return {spec.key: next((p for p in spec.paths if p in linked), None) for spec in PAGES}


def pick_buyers(db: Path) -> dict[str, dict[str, Any]]:
    """The buyer at each BUYER_VARIANTS quantile of contracts per buyer (ties: smallest SIRET)."""
    import duckdb

    sql = """
        with per_buyer as (
            select buyer_id, count(*) as contracts from contracts where buyer_id is not null group by 1
        ), target as (select quantile_disc(contracts, $q) as contracts from per_buyer)
        select p.buyer_id, p.contracts, (select count(*) from per_buyer) as buyers
        from per_buyer as p join target as t using (contracts)
        order by p.buyer_id
        limit 1
    """
    picks: dict[str, dict[str, Any]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for label, quantile in BUYER_VARIANTS:
            row = con.execute(sql, {"q": quantile}).fetchone()
            if row:
                picks[label] = {"buyer": row[0], "contracts": row[1], "buyers": row[2], "quantile": quantile}
    return picks


Target = tuple[str, str, PageSpec]  # (label, path with its query, page)


def targets(paths: dict[str, str | None], buyers: dict[str, dict[str, Any]]) -> list[Target]:
    """(label, path with query, spec) of every page to visit: the pages, then Acheteurs per buyer."""
    found = [(spec.key, paths[spec.key], spec) for spec in PAGES if paths.get(spec.key)]
    buyer_page = paths.get("acheteurs")
    by_key = {spec.key: spec for spec in PAGES}
    if buyer_page:
        for label, pick in buyers.items():
            query = urlencode({"buyer": pick["buyer"]})
            found.append((f"acheteurs ({label})", f"{buyer_page}?{query}", by_key["acheteurs"]))
    return [(label, path, spec) for label, path, spec in found if path]


def _url(base: str, path: str) -> str:
    parts = urlsplit(path)
    return base + quote(parts.path) + (f"?{parts.query}" if parts.query else "")


def _drag_first_year(page: Any) -> None:
    """Drag the year slider's start thumb one step right (mouse up is the user's action)."""
    thumb = page.locator(f"{SLIDER} input[type='range']").first.locator("xpath=../..")
    track = page.locator(f"{SLIDER} [role='group']").first
    box, line = thumb.bounding_box(), track.bounding_box()
    low = int(page.locator(f"{SLIDER} input[type='range']").first.get_attribute("min"))
    high = int(page.locator(f"{SLIDER} input[type='range']").first.get_attribute("max"))
    step = line["width"] / max(high - low, 1)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + step * 1.2, y, steps=4)


def _choose_second_option(page: Any, *, label: str) -> None:
    """Open the sidebar select named `label` and click its second option (the first is « all »)."""
    select = page.locator(SELECT).filter(has=page.locator("[data-testid='stWidgetLabel']", has_text=label))
    select.first.locator("input").first.click()
    page.locator("[role='option']").nth(1).wait_for()


@dataclass(frozen=True)
class Filter:
    """A filter change: on which page, what to do before the clock starts, and the user's action."""

    label: str
    page: str
    prepare: Callable[[Any], None]
    act: Callable[[Any], None]


def _release(page: Any) -> None:
    page.mouse.up()


def _click_second_option(page: Any) -> None:
    page.locator("[role='option']").nth(1).click()


# The slider is dragged and its release timed; the select is opened and the click on an option
# timed (Streamlit sends a widget's value on release or choice, after its own short debounce).
FILTERS: tuple[Filter, ...] = (
    Filter("year slider, overview", "overview", _drag_first_year, _release),
    Filter(
        "contract type select, overview",
        "overview",
        functools.partial(_choose_second_option, label="Type de marché"),
        _click_second_option,
    ),
    Filter("year slider, Données", "donnees", _drag_first_year, _release),
)


# --- one measured server -------------------------------------------------------------------------


KINDS = ("fresh", "returning", "switch", "tab", "filter")


@dataclass
class Options:
    """What one run measures and how long it waits."""

    rounds: int = 3
    visits: int = 2
    quiet_ms: int = 500
    server_cold: bool = True
    kinds: tuple[str, ...] = KINDS


def measure_start(
    browser: Any, start: Callable[[], Server], quiet_ms: int, proof: tuple[str, ...]
) -> tuple[Server, dict[str, Any]]:
    """Start a server and time it to the first usable "/" in a fresh context (s); the paths its
    navigation links to."""
    began = time.perf_counter()
    server = start()
    health_s = wait_healthy(server)
    tab = open_tab(browser)
    try:
        navigated = time.perf_counter()
        first = visit(tab, server.url + "/", proof, quiet_ms)
        linked = tab.page.evaluate(NAV_PATHS_JS)
    finally:
        tab.close()
    return server, {
        "health_s": round(health_s, 3),
        "start_to_usable_s": round(navigated - began + first["usable_ms"] / 1000, 3),
        "first_visit": first,
        "nav_paths": linked,
    }


def fresh_visit(browser: Any, url: str, proof: tuple[str, ...], quiet_ms: int) -> dict[str, Any]:
    """A visit in a new browser context (empty HTTP cache), or {'error': ...}."""
    tab = open_tab(browser)
    try:
        return _attempt(functools.partial(visit, tab, url, proof, quiet_ms))
    finally:
        tab.close()


def measure_pages(
    browser: Any, base: str, pages: list[Target], opts: Options, record: dict[str, Any]
) -> None:
    """Fresh visits (the server's first of each page, then warm) and a returning visitor's."""
    for label, path, spec in pages:
        entry = record.setdefault(label, {"path": path})
        if "fresh" not in opts.kinds:
            continue
        for index in range(opts.visits + (1 if opts.server_cold else 0)):
            kind = "fresh_server_cold" if opts.server_cold and index == 0 else "fresh"
            entry.setdefault(kind, []).append(
                fresh_visit(browser, _url(base, path), spec.proof, opts.quiet_ms)
            )
    if "returning" not in opts.kinds:
        return
    tab = open_tab(browser)
    try:
        visit(tab, base + "/", pages[0][2].proof, opts.quiet_ms)  # the bundle into the cache
        for _ in range(opts.visits):
            for label, path, spec in pages:
                again = functools.partial(visit, tab, _url(base, path), spec.proof, opts.quiet_ms)
                record[label].setdefault("returning", []).append(_attempt(again))
    finally:
        tab.close()


def _click_nav(page: Any, path: str) -> None:
    """Click the app's navigation link to `path`."""
    page.locator(NAV_LINK).nth(page.evaluate(NAV_PATHS_JS).index(path)).click()


def measure_switches(
    browser: Any, base: str, pages: list[Target], opts: Options, record: dict[str, Any]
) -> None:
    """Click the app's own navigation link to each page in turn, from the page before it."""
    plain = [(label, path, spec) for label, path, spec in pages if "?" not in path]
    tab = open_tab(browser)
    try:
        visit(tab, base + "/", plain[0][2].proof, opts.quiet_ms)
        for _ in range(opts.visits):
            for label, path, spec in [*plain[1:], plain[0]]:
                click = functools.partial(_click_nav, tab.page, path)
                switch = functools.partial(interact, tab, click, spec.proof, opts.quiet_ms, path)
                record.setdefault(label, {"path": path}).setdefault("switch", []).append(_attempt(switch))
    finally:
        tab.close()


def _click_page_tab(page: Any, index: int) -> None:
    page.locator(PAGE_TAB).nth(index).click()


def measure_tabs(browser: Any, base: str, pages: list[Target], opts: Options, record: dict[str, Any]) -> None:
    """Each page's tabs but its first, clicked in turn from the tab before it (the page loaded anew
    in one tab, the bundle cached), until the page is redrawn; keyed « page · tab label »."""
    for _ in range(opts.visits):
        tab = open_tab(browser)
        try:
            for label, path, spec in pages:
                visit(tab, _url(base, path), spec.proof, opts.quiet_ms)
                names = tab.page.locator(PAGE_TAB).all_inner_texts()
                for index, name in enumerate(names[1:], 1):
                    click = functools.partial(_click_page_tab, tab.page, index)
                    opened = functools.partial(interact, tab, click, (), opts.quiet_ms)
                    record.setdefault(f"{label} · {name}", []).append(_attempt(opened))
        finally:
            tab.close()


def filter_change(tab: Tab, url: str, spec: PageSpec, change: Filter, quiet_ms: int) -> dict[str, Any]:
    """Open `url` in the tab, prepare the change, then time the user's action until redrawn."""

    def measured() -> dict[str, Any]:
        visit(tab, url, spec.proof, quiet_ms)
        change.prepare(tab.page)
        return interact(tab, functools.partial(change.act, tab.page), spec.proof, quiet_ms)

    return _attempt(measured)


def measure_filters(
    browser: Any, base: str, paths: dict[str, str | None], opts: Options, record: dict[str, Any]
) -> None:
    """Each FILTERS change on its page (loaded anew in one tab, the bundle cached), from the user's
    action until the page is redrawn."""
    specs = {spec.key: spec for spec in PAGES}
    for _ in range(opts.visits):
        tab = open_tab(browser)
        try:
            for change in FILTERS:
                path = paths.get(change.page)
                samples = record.setdefault(change.label, [])
                if not path:
                    samples.append({"error": f"no {change.page} page in the app's navigation"})
                    continue
                samples.append(
                    filter_change(tab, _url(base, path), specs[change.page], change, opts.quiet_ms)
                )
        finally:
            tab.close()


# --- the whole run -------------------------------------------------------------------------------


@dataclass
class Setup:
    """One way of serving: the ports of the app and the floor, and their URLs (through nginx or not)."""

    name: str
    ports: dict[str, int]
    bases: dict[str, str]
    fronts: list[Server]

    def stop(self) -> None:
        for front in self.fronts:
            front.stop()


def open_setup(name: str, work: Path) -> Setup:
    """Ports for the app and the floor; with "nginx", deploy/nginx.conf started in front of each."""
    from bench import nginx

    ports = {"app": free_port(), "floor": free_port()}
    setup = Setup(name, ports, {key: f"http://127.0.0.1:{port}" for key, port in ports.items()}, [])
    if name == "nginx":
        for key, port in ports.items():
            front = nginx.start(port, work / f"nginx-{key}")
            setup.fronts.append(front)
            setup.bases[key] = front.url
    return setup


def start_streamlit(setup: Setup, key: str, env: dict[str, str] | None, work: Path) -> Server:
    """The app or the floor on its port; its URL is the set-up's (the proxy's, behind nginx)."""
    script = ROOT / "app.py" if key == "app" else FLOOR_APP
    command = streamlit_command(script, setup.ports[key])
    return start_process(command, setup.bases[key], work / f"streamlit-{setup.name}-{key}.log", env)


def run(db: Path, opts: Options, setups: list[str], work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Every measurement of the app and the floor, per set-up ("direct", "nginx"), in one run."""
    from playwright.sync_api import sync_playwright

    buyers = pick_buyers(db)
    env = {**os.environ, "PROCUREMENT_DB": str(db)}
    result: dict[str, Any] = {
        "db": str(db),
        "buyers": buyers,
        "options": vars(opts),
        "started_utc": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}",
        "loadavg_before": os.getloadavg(),
        "paths": {},
        "setups": {},
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for name in setups:
                setup = open_setup(name, work)
                record: dict[str, Any] = {
                    "app": {"start": [], "pages": {}, "tabs": {}, "filters": {}},
                    "floor": {"start": [], "pages": {}},
                }
                result["setups"][name] = record
                try:
                    for round_no in range(opts.rounds):
                        # Alternate which goes first, so that neither always gets the quieter minute.
                        for key in ("floor", "app") if round_no % 2 == 0 else ("app", "floor"):
                            log(f"[{name}] round {round_no + 1}/{opts.rounds}: {key}")
                            start = functools.partial(
                                start_streamlit, setup, key, env if key == "app" else None, work
                            )
                            proof = PAGES[0].proof if key == "app" else FLOOR.proof
                            server, started = measure_start(browser, start, opts.quiet_ms, proof)
                            try:
                                record[key]["start"].append(started)
                                if key == "floor":
                                    floor = [("floor", "/", FLOOR)]
                                    measure_pages(
                                        browser, setup.bases[key], floor, opts, record[key]["pages"]
                                    )
                                else:
                                    result["paths"] = result["paths"] or match_paths(started["nav_paths"])
                                    measure_app(browser, setup.bases[key], opts, result, record[key])
                            finally:
                                server.stop()
                finally:
                    setup.stop()
        finally:
            browser.close()
    result["loadavg_after"] = os.getloadavg()
    result["finished_utc"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}"
    return result


def measure_app(
    browser: Any, base: str, opts: Options, result: dict[str, Any], record: dict[str, Any]
) -> None:
    """The app's pages, switches, tabs and filter changes, at the paths of result["paths"]."""
    pages = targets(result["paths"], result["buyers"])
    measure_pages(browser, base, pages, opts, record["pages"])
    if "switch" in opts.kinds:
        measure_switches(browser, base, pages, opts, record["pages"])
    if "tab" in opts.kinds:
        measure_tabs(browser, base, pages, opts, record.setdefault("tabs", {}))
    if "filter" in opts.kinds:
        measure_filters(browser, base, result["paths"], opts, record["filters"])


def summary(samples: list[dict[str, Any]], key: str = "usable_ms") -> dict[str, Any] | None:
    """Median, min and max of `key` over the samples that have it; None when none has."""
    values = [s[key] for s in samples if s.get(key) is not None and "error" not in s]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def errors(samples: list[dict[str, Any]]) -> list[str]:
    """The distinct errors among the samples."""
    return sorted({s["error"] for s in samples if "error" in s})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file the app serves")
    parser.add_argument("--rounds", type=int, default=3, help="server starts per set-up (default 3)")
    parser.add_argument(
        "--visits", type=int, default=2, help="measured visits per page per round (default 2)"
    )
    parser.add_argument("--quiet-ms", type=int, default=500, help="quiet window before usable (default 500)")
    parser.add_argument("--setups", default="direct", help="comma list: direct, nginx (deploy/nginx.conf)")
    parser.add_argument("--no-server-cold", action="store_true", help="no extra first visit per page")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help=f"comma list of {', '.join(KINDS)} (default all)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="report folder")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: {args.db} does not exist", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    setups = [s.strip() for s in args.setups.split(",") if s.strip()]
    if set(setups) - {"direct", "nginx"}:
        print(f"error: unknown set-up in {args.setups!r} (direct, nginx)", file=sys.stderr)
        return 2
    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    if not kinds or set(kinds) - set(KINDS):
        print(f"error: --kinds takes a comma list of {', '.join(KINDS)}", file=sys.stderr)
        return 2
    opts = Options(args.rounds, args.visits, args.quiet_ms, not args.no_server_cold, kinds)
    args.out.mkdir(parents=True, exist_ok=True)
    from bench.browser_report import report

    with tempfile.TemporaryDirectory(prefix="bench-browser-") as work:
        result = run(args.db.resolve(), opts, setups, Path(work), _log)
    text = report(result)
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}"
    (args.out / f"browser-{stamp}.md").write_text(text, encoding="utf-8")
    raw = json.dumps(result, indent=1, default=str)
    (args.out / f"browser-{stamp}.json").write_text(raw, encoding="utf-8")
    if args.json:
        args.json.write_text(raw, encoding="utf-8")
    print(text)
    _log(f"written {args.out / f'browser-{stamp}.md'}")
    return 0


def _log(message: str) -> None:
    print(f"{dt.datetime.now(dt.UTC):%H:%M:%S} {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
