"""Benchmark the ETL, the app's queries, its pages and an extract at several sizes; print a table.

`python -m bench.run [--sizes sample,1.6M[,16M]] [--out bench/out]`. Each size is measured on the
same generated file in the same run; a missing piece is reported as "n/a (reason)", never a crash.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import inspect
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench.generate import generate, parse_rows

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = 42
QUERY_RUNS = 7
PAGE_RUNS = 5
EXTRACT_ROWS = 500_000
PAGE_TIMEOUT_S = 120.0
# Floor and ETL are run once only from this size up (a 16M build takes minutes).
REPEAT_MAX_ROWS = 10_000_000
MiB = 1024 * 1024

# Targets of issue 4 (and issue 2 for the ETL).
ETL_RATIO_MAX = 1.5
ETL_SCALE_MAX = 11.0
ETL_RSS_MAX_MB = 6 * 1024
QUERY_P95_MAX_MS = 150.0
PAGE_RATIO_MAX = 1.5
PAGE_16M_MAX_S = 1.0
APP_RSS_16M_MAX_MB = 1.5 * 1024
EXTRACT_RSS_MAX_MB = 200.0


class PeakRss:
    """Peak resident memory (MiB) of a process and its children, sampled every `interval` s."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _tree_rss(self) -> int:
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self.peak = self._tree_rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._tree_rss())

    @property
    def peak_mb(self) -> float:
        return self.peak / MiB


@dataclass
class Proc:
    """A finished subprocess: exit code, wall time (s), peak RSS of its tree (MiB), output tails."""

    returncode: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    stdout: str
    stderr: str

    @property
    def error(self) -> str:
        lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
        return lines[-1][:160] if lines else f"exit {self.returncode}"


def run_measured(args: list[str], env: dict[str, str] | None = None, timeout: float = 7200) -> Proc:
    """Run `args` from the project root; wall time and peak RSS of the process tree."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        with PeakRss(proc.pid) as rss:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        out.seek(0)
        err.seek(0)
        return Proc(proc.returncode, wall, cpu, rss.peak_mb, out.read(), err.read())


# --- child processes: queries, pages and extract each run in a fresh interpreter -----------------


def _largest(db: Path) -> dict[str, str | None]:
    """The buyer, supplier and CPV division with the most awards (the one-buyer filter's buyer)."""
    import duckdb

    picks: dict[str, str | None] = {"buyer": None, "supplier": None, "division": None, "text": None}
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "select c.buyer_id, any_value(c.buyer_name) from awards a join contracts c "
            "using (contract_uid) group by 1 order by count(*) desc, 1 limit 1"
        ).fetchall()
        if row:
            picks["buyer"] = row[0][0]
            name = row[0][1] or ""
            picks["text"] = name.split()[-1] if name.split() else row[0][0][:6]
        row = con.execute(
            "select coalesce(supplier_siren, supplier_id) from awards "
            "group by 1 order by count(*) desc, 1 limit 1"
        ).fetchall()
        picks["supplier"] = row[0][0] if row else None
        row = con.execute(
            "select cpv_division from contracts where cpv_division is not null "
            "group by 1 order by count(*) desc, 1 limit 1"
        ).fetchall()
        picks["division"] = row[0][0] if row else None
    return picks


def _bind(fn: Callable[..., Any], db: Path, filters: Any, picks: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for a query function, by parameter name; KeyError names one we lack."""
    values = {
        "db": db,
        "db_path": db,
        "path": db,
        "f": filters,
        "filters": filters,
        "buyer_id": picks["buyer"],
        "buyer": picks["buyer"],
        "supplier_key": picks["supplier"],
        "supplier": picks["supplier"],
        "supplier_id": picks["supplier"],
        "prefix": picks["division"],
        "division": picks["division"],
        "cpv": picks["division"],
        "text": picks["text"],
        "query": picks["text"],
    }
    kwargs = {}
    for name, param in inspect.signature(fn).parameters.items():
        if name in values and values[name] is not None:
            kwargs[name] = values[name]
        elif param.default is inspect.Parameter.empty and param.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            raise KeyError(name)
    return kwargs


def _public_functions(module: Any) -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for name, obj in vars(module).items():
        if name.startswith("_") or inspect.isclass(obj) or not callable(obj):
            continue
        target = inspect.unwrap(obj)
        if getattr(target, "__module__", None) == module.__name__:
            found.append((name, obj))
    return found


# Helpers of queries.py that are plumbing, not measures.
NOT_QUERIES = {"db_path", "db_version", "run", "connect"}


def child_queries(db: Path) -> dict[str, Any]:
    """Median and p95 (ms) of QUERY_RUNS cold calls of each public function of dashboard.queries."""
    queries = importlib.import_module("dashboard.queries")
    filters_mod = importlib.import_module("dashboard.filters")
    picks = _largest(db)
    variants = {"all": filters_mod.Filters(), "one buyer": filters_mod.Filters(buyer=picks["buyer"])}
    results: dict[str, Any] = {"picks": picks, "functions": {}}
    for name, fn in _public_functions(queries):
        params = inspect.signature(fn).parameters
        if name in NOT_QUERIES or not any(p in params for p in ("db", "db_path", "path", "con")):
            continue
        takes_filters = any(p in ("f", "filters") for p in inspect.signature(fn).parameters)
        per_variant: dict[str, Any] = {}
        for label, filters in variants.items():
            if label != "all" and not takes_filters:
                continue
            try:
                kwargs = _bind(fn, db, filters, picks)
            except KeyError as exc:
                per_variant[label] = {"error": f"needs argument {exc.args[0]!r}"}
                continue
            times = []
            cpu = []
            rows = None
            try:
                for _ in range(QUERY_RUNS):
                    clear = getattr(fn, "clear", None)
                    if callable(clear):
                        clear()
                    start, cpu_start = time.perf_counter(), time.process_time()
                    result = fn(**kwargs)
                    if isinstance(result, Iterator):
                        result = next(result, None)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - cpu_start) * 1000)
                    rows = len(result) if hasattr(result, "__len__") else None
            except Exception as exc:
                per_variant[label] = {"error": f"{type(exc).__name__}: {exc}"[:160]}
                continue
            per_variant[label] = {
                "median_ms": statistics.median(times),
                "p95_ms": _p95(times),
                "cpu_ms": statistics.median(cpu),
                "rows": rows,
                "stream": inspect.isgeneratorfunction(inspect.unwrap(fn)),
            }
        results["functions"][name] = per_variant
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def child_pages(db: Path) -> dict[str, Any]:
    """Each page through AppTest: cold (caches cleared) and warm medians (s); the process peak RSS."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = ROOT / "app.py"
    if not app.exists():
        return {"error": "app.py missing"}
    pages = [app, *sorted((ROOT / "pages").glob("*.py"))]
    buyer = _largest(db)["buyer"]
    variants: list[tuple[str, dict[str, str]]] = [("", {})]
    if buyer:
        variants.append((" (one buyer)", {"buyer": buyer}))
    results: dict[str, Any] = {"pages": {}}
    with PeakRss(os.getpid()) as rss:
        for suffix, params in variants:
            at = AppTest.from_file(str(app), default_timeout=PAGE_TIMEOUT_S)
            at.query_params.update(params)
            for page in pages:
                label = page.relative_to(ROOT).as_posix()
                results["pages"][label + suffix] = _render(st, at, label, page == app)
    results["peak_rss_mb"] = rss.peak_mb
    return results


def _render(st: Any, at: Any, label: str, entry: bool) -> dict[str, Any]:
    """Cold and warm medians (s) of PAGE_RUNS runs of one page, or the first error it showed."""
    cold: list[float] = []
    warm: list[float] = []
    error = None
    try:
        for _ in range(PAGE_RUNS):
            for times, clear in ((cold, True), (warm, False)):
                if clear:
                    st.cache_data.clear()
                if not entry:
                    at.switch_page(label)
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
                shown = [*at.exception, *at.error]
                if shown:
                    error = str(shown[0].value if hasattr(shown[0], "value") else shown[0])
                    error = (error.strip().splitlines() or ["error"])[0][:160]
                    break
            if error:
                break
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:160]
    return {
        "cold_s": statistics.median(cold) if cold and not error else None,
        "warm_s": statistics.median(warm) if warm and not error else None,
        "error": error,
    }


EXTRACT_FALLBACK_SQL = """
select a.contract_uid, c.notification_date, c.year, c.buyer_id, c.buyer_name, a.supplier_id,
    a.supplier_siren, a.supplier_name, a.size_class, a.size_basis, c.cpv_code,
    p.label_fr as cpv_label, c.contract_type, c.nature, c.is_framework, c.procedure, c.amount,
    c.amount_status, c.winners, a.weight, a.amount_share, c.object
from awards a
join contracts c using (contract_uid)
left join cpv p on p.code = c.cpv_code
limit $rows
"""


def child_extract(db: Path, out: Path) -> dict[str, Any]:
    """A EXTRACT_ROWS-row CSV through dashboard.exports.write_csv: extra peak RSS (MiB), time."""
    import duckdb

    exports = importlib.import_module("dashboard.exports")
    queries = importlib.import_module("dashboard.queries")
    filters_mod = importlib.import_module("dashboard.filters")
    streams = [
        (name, fn)
        for name, fn in _public_functions(queries)
        if name.endswith("_batches") or "extract" in name
    ]
    source = streams[0] if streams else None
    con = duckdb.connect(str(db), read_only=True) if source is None else None
    if source is not None:
        name, fn = source
        # No _largest() here: its scans would fill DuckDB's buffers and hide the export's memory.
        no_picks = dict.fromkeys(("buyer", "supplier", "division", "text"))
        kwargs = _bind(fn, db, filters_mod.Filters(), no_picks)
        batches = fn(**kwargs)
        origin = f"queries.{name}"
    else:
        reader = con.execute(EXTRACT_FALLBACK_SQL, {"rows": EXTRACT_ROWS}).to_arrow_reader(65_536)
        batches = iter(reader)
        origin = "bench SQL (no extract function in queries.py)"
    baseline = psutil.Process().memory_info().rss
    start = time.perf_counter()
    with PeakRss(os.getpid(), interval=0.005) as rss, out.open("wb") as handle:
        rows = exports.write_csv(_first_rows(batches, EXTRACT_ROWS), handle)
    elapsed = time.perf_counter() - start
    if con is not None:
        con.close()
    return {
        "rows": rows,
        "seconds": elapsed,
        "extra_rss_mb": (rss.peak - baseline) / MiB,
        "bytes": out.stat().st_size,
        "origin": origin,
    }


def _first_rows(batches: Any, limit: int) -> Iterator[Any]:
    """The batches (RecordBatches or DataFrames) cut after `limit` rows."""
    left = limit
    for batch in batches:
        if left <= 0:
            return
        if len(batch) > left:
            batch = batch.iloc[:left] if hasattr(batch, "iloc") else batch.slice(0, left)
        left -= len(batch)
        yield batch


def run_child(kind: str, db: Path, out: Path | None = None) -> dict[str, Any]:
    """Run one child measurement in a fresh interpreter; {'error': ...} when it fails."""
    env = {**os.environ, "PROCUREMENT_DB": str(db)}
    args = [PYTHON, "-m", "bench.run", "--child", kind, "--db", str(db)]
    if out is not None:
        args += ["--child-out", str(out)]
    proc = run_measured(args, env=env)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": proc.error}
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"error": f"unreadable child output: {lines[-1][:120]}"}
    result["process_peak_mb"] = proc.peak_mb
    return result


# --- one size -------------------------------------------------------------------------------------


FLOOR_SCRIPT = (
    "import sys, duckdb\n"
    "con = duckdb.connect(sys.argv[2])\n"
    "con.execute('create table t as select * from read_parquet($p)', {'p': sys.argv[1]})\n"
    "con.close()\n"
)
# What writing the ETL's output costs on its own: a fresh process copies every table of the built
# DB, as they are, into a new file (default settings, like the floor). No Method, no input file;
# reading the built DB back is included, so it is an upper bound of the writing. The table names
# in the f-string come from duckdb_tables(), quoted.
TABLES_COPY_SCRIPT = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("attach '" + sys.argv[1].replace("'", "''") + "' as built (read_only)")
tables = "select table_name from duckdb_tables() where database_name = 'built' order by 1"
for (name,) in con.execute(tables).fetchall():
    con.execute(f'create table "{name}" as select * from built."{name}"')
con.close()
"""


@dataclass
class SizeResult:
    """Everything measured at one size; missing pieces are strings saying why."""

    label: str
    rows: int | None = None
    file_mb: float | None = None
    generate_s: float | str | None = None
    floor: Proc | str | None = None
    etl: Proc | str | None = None
    tables_copy: Proc | str | None = None
    db_mb: float | None = None
    queries: dict[str, Any] = field(default_factory=dict)
    pages: dict[str, Any] = field(default_factory=dict)
    extract: dict[str, Any] = field(default_factory=dict)


def measure_size(label: str, out: Path, seed: int, skip: set[str], repeat: int) -> SizeResult:
    """Generate (or reuse) the file for `label`, then run every measurement on it."""
    result = SizeResult(label)
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"bench_{label}.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    _log(f"[{label}] start")
    if label == "sample":
        source: list[str] = []
        result.floor = "n/a (the sample is JSON + CSV, several files)"
    else:
        rows = parse_rows(label)
        result.rows = rows
        parquet = out / f"decp_tabular_{label}_seed{seed}.parquet"
        if not parquet.exists():
            start = time.perf_counter()
            generate(rows, seed, parquet)
            result.generate_s = time.perf_counter() - start
        else:
            result.generate_s = "reused"
        result.file_mb = parquet.stat().st_size / MiB
        source = [str(parquet)]
    etl_ready = (ROOT / "etl" / "__main__.py").exists()
    if not etl_ready:
        result.etl = "n/a (etl/__main__.py missing)"
    # Floor and ETL alternate, `repeat` times each, and the fastest of each counts: on a shared
    # machine the minimum is the run least disturbed by other processes.
    floors: list[Proc] = []
    builds: list[Proc] = []
    copies: list[Proc] = []
    if (result.rows or 0) >= REPEAT_MAX_ROWS:
        repeat = 1
    for attempt in range(1, repeat + 1):
        if source:
            floor_db = work / f"floor_{label}.duckdb"
            floor_db.unlink(missing_ok=True)
            _log(f"[{label}] floor load {attempt}/{repeat}")
            floors.append(run_measured([PYTHON, "-c", FLOOR_SCRIPT, source[0], str(floor_db)]))
            floor_db.unlink(missing_ok=True)
        if etl_ready:
            _log(f"[{label}] etl build {attempt}/{repeat}")
            build = run_measured([PYTHON, "-m", "etl", "build", *source, "--db", str(db)])
            builds.append(build)
            if build.returncode != 0:
                break
            copy_db = work / f"copy_{label}.duckdb"
            copy_db.unlink(missing_ok=True)
            _log(f"[{label}] copy of the built tables {attempt}/{repeat}")
            copies.append(run_measured([PYTHON, "-c", TABLES_COPY_SCRIPT, str(db), str(copy_db)]))
            copy_db.unlink(missing_ok=True)
    if floors:
        result.floor = _fastest(floors)
    if copies:
        ok = [c for c in copies if c.returncode == 0]
        result.tables_copy = _fastest(ok) if ok else f"n/a (copy failed: {copies[-1].error})"
    if not etl_ready:
        result.queries = result.pages = result.extract = {"error": "no DB: no ETL"}
        return result
    result.etl = builds[-1] if builds[-1].returncode != 0 else _fastest(builds)
    if result.etl.returncode != 0 or not db.exists():
        result.etl = f"n/a (etl build failed: {result.etl.error})"
        no_db = {"error": "no DB: the etl build failed"}
        result.queries, result.pages, result.extract = dict(no_db), dict(no_db), dict(no_db)
        return result
    result.db_mb = db.stat().st_size / MiB
    if "queries" not in skip:
        _log(f"[{label}] queries")
        result.queries = run_child("queries", db)
    if "pages" not in skip:
        _log(f"[{label}] pages")
        result.pages = run_child("pages", db)
    if "extract" not in skip:
        _log(f"[{label}] extract")
        result.extract = run_child("extract", db, work / f"extract_{label}.csv")
        (work / f"extract_{label}.csv").unlink(missing_ok=True)
    return result


def _fastest(procs: list[Proc]) -> Proc:
    """The run with the smallest wall time, its peak RSS raised to the largest seen."""
    best = min(procs, key=lambda proc: proc.wall_s)
    best.peak_mb = max(proc.peak_mb for proc in procs)
    return best


def _log(message: str) -> None:
    print(f"{dt.datetime.now(dt.UTC):%H:%M:%S} {message}", file=sys.stderr, flush=True)


# --- the report -----------------------------------------------------------------------------------


def _na(value: object) -> str:
    """A table cell for something that could not be measured: one line, no pipes."""
    if not isinstance(value, str):
        return "n/a"
    text = " ".join(value.split()).replace("|", "/")[:140]
    return text if text.startswith("n/a") else f"n/a ({text})"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _verdict(ok: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "n/a"}[ok]


def report(results: list[SizeResult], sizes_note: str, seed: int) -> str:
    """The Markdown report: machine, ETL, queries, pages, extract, then the targets."""
    mem_gib = psutil.virtual_memory().total / 1024**3
    lines = [
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
        f"{mem_gib:.0f} GiB RAM, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, duckdb {_version('duckdb')}, "
        f"streamlit {_version('streamlit')}. Sizes: {sizes_note}; generated data seed {seed}. "
        f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        "(other processes on the machine skew wall times).",
        "",
        "### ETL build",
        "",
        "Fastest of the runs (`--repeat`, floor and ETL alternating): wall time, CPU time of the "
        "process tree in brackets, and the largest peak RSS of the process tree.",
        "",
        "| size | rows | Parquet | bare load (floor) | `etl build` | ratio wall (CPU) "
        "| its tables copied | ETL peak RSS | DB file |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        floor = r.floor if isinstance(r.floor, Proc) else None
        etl = r.etl if isinstance(r.etl, Proc) else None
        floor_cell = (
            f"{floor.wall_s:.1f} s ({floor.cpu_s:.1f} s), {floor.peak_mb:.0f} MiB" if floor else _na(r.floor)
        )
        etl_cell = f"{etl.wall_s:.1f} s ({etl.cpu_s:.1f} s)" if etl else _na(r.etl)
        ratio = (
            f"{etl.wall_s / floor.wall_s:.2f}× ({etl.cpu_s / floor.cpu_s:.2f}×)" if etl and floor else "n/a"
        )
        copy = r.tables_copy
        copy_cell = f"{copy.wall_s:.1f} s ({copy.cpu_s:.1f} s)" if isinstance(copy, Proc) else _na(copy)
        lines.append(
            f"| {r.label} | {r.rows or 'sample'} | "
            f"{_file_cell(r)} | "
            f"{floor_cell} | {etl_cell} | {ratio} | {copy_cell} | "
            f"{f'{etl.peak_mb:.0f} MiB' if etl else 'n/a'} | "
            f"{f'{r.db_mb:.0f} MiB' if r.db_mb else 'n/a'} |"
        )
    lines += [
        "",
        "*Its tables copied*: a fresh process copies every table of the built DB, as it is, into a "
        "new file: what writing the ETL's output costs with no input to read and no Method to apply "
        "(an upper bound: reading the built DB back is included).",
    ]
    lines += _query_table(results)
    lines += _page_table(results)
    lines += ["", "### Extract (500,000-row CSV through `dashboard/exports.py`)", ""]
    lines += ["| size | rows | time | extra peak RSS | file | rows from |", "|---|---:|---:|---:|---:|---|"]
    for r in results:
        e = r.extract
        if not e or "error" in e:
            lines.append(f"| {r.label} | {_na(e.get('error', 'not run') if e else 'not run')} ||||")
            continue
        lines.append(
            f"| {r.label} | {e['rows']:,} | {e['seconds']:.1f} s | {e['extra_rss_mb']:.0f} MiB | "
            f"{e['bytes'] / MiB:.0f} MiB | {e['origin']} |"
        )
    lines += ["", "### Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += _targets(results)
    return "\n".join(lines) + "\n"


def _file_cell(r: SizeResult) -> str:
    if not r.file_mb:
        return "n/a"
    made = r.generate_s
    note = f"generated in {made:.0f} s" if isinstance(made, float) else "reused"
    return f"{r.file_mb:.0f} MiB ({note})"


def _version(module: str) -> str:
    try:
        return importlib.import_module(module).__version__
    except (ImportError, AttributeError):
        return "?"


def _query_table(results: list[SizeResult]) -> list[str]:
    names: list[str] = []
    for r in results:
        for name in r.queries.get("functions", {}):
            if name not in names:
                names.append(name)
    header = "| function | filter | " + " | ".join(f"{r.label} median / p95 (CPU) ms" for r in results)
    lines = [
        "",
        f"### Query functions (`dashboard/queries.py`, {QUERY_RUNS} cold runs)",
        "",
        "Wall median / p95 of the call, and in brackets the median CPU time of the process (DuckDB "
        "threads included). A streaming function (†) is timed to its first batch.",
        "",
    ]
    if not names:
        reasons = "; ".join(f"{r.label}: {r.queries.get('error', 'not run')}" for r in results)
        return [*lines, f"n/a ({reasons})"]
    lines += [header + " |", "|---|---|" + "---:|" * len(results)]
    for name in names:
        for label in ("all", "one buyer"):
            cells = []
            present = stream = False
            for r in results:
                entry = r.queries.get("functions", {}).get(name, {}).get(label)
                if entry is None:
                    cells.append("")
                elif "error" in entry:
                    present = True
                    cells.append(_na(entry["error"]))
                else:
                    present = True
                    cells.append(
                        f"{_ms(entry['median_ms'])} / {_ms(entry['p95_ms'])} ({_ms(entry.get('cpu_ms'))})"
                    )
                    stream = stream or bool(entry.get("stream"))
            if present:
                mark = " †" if stream else ""
                lines.append(f"| `{name}`{mark} | {label} | " + " | ".join(cells) + " |")
    return lines


def _page_table(results: list[SizeResult]) -> list[str]:
    names: list[str] = []
    for r in results:
        for name in r.pages.get("pages", {}):
            if name not in names:
                names.append(name)
    lines = ["", f"### Pages (AppTest, median of {PAGE_RUNS}; cold = st.cache_data cleared)", ""]
    if not names:
        reasons = "; ".join(f"{r.label}: {r.pages.get('error', 'not run')}" for r in results)
        return [*lines, f"n/a ({reasons})"]
    lines += [
        "| page | " + " | ".join(f"{r.label} cold / warm" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = []
        for r in results:
            entry = r.pages.get("pages", {}).get(name)
            if entry is None:
                cells.append(_na(r.pages.get("error", "not run")))
            elif entry.get("error"):
                cells.append(_na(entry["error"]))
            else:
                cells.append(f"{_s(entry['cold_s'])} / {_s(entry['warm_s'])}")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    rss = " | ".join(
        f"{r.pages['peak_rss_mb']:.0f} MiB" if "peak_rss_mb" in r.pages else "n/a" for r in results
    )
    lines.append(f"| app process peak RSS (all pages) | {rss} |")
    return lines


def _targets(results: list[SizeResult]) -> list[str]:
    by_label = {r.label: r for r in results}
    rows: list[str] = []

    def add(target: str, measured: str, ok: bool | None) -> None:
        rows.append(f"| {target} | {measured} | {_verdict(ok)} |")

    mid = by_label.get("1.6M")
    big = by_label.get("16M")
    sample = by_label.get("sample")
    for r in (mid, big):
        if r and isinstance(r.etl, Proc) and isinstance(r.floor, Proc):
            ratio = r.etl.wall_s / r.floor.wall_s
            cpu_ratio = r.etl.cpu_s / r.floor.cpu_s
            copy = r.tables_copy
            copied = (
                f"; copying its tables alone {copy.wall_s / r.floor.wall_s:.2f}× ({copy.wall_s:.1f} s)"
                if isinstance(copy, Proc)
                else ""
            )
            add(
                f"ETL at {r.label} ≤ {ETL_RATIO_MAX}× bare load (issue 2: ≤ 3×)",
                f"wall {r.etl.wall_s:.1f} s / {r.floor.wall_s:.1f} s = {ratio:.2f}×; "
                f"CPU {r.etl.cpu_s:.1f} s / {r.floor.cpu_s:.1f} s = {cpu_ratio:.2f}×{copied}",
                ratio <= ETL_RATIO_MAX,
            )
    if mid and big and isinstance(mid.etl, Proc) and isinstance(big.etl, Proc):
        scale = big.etl.wall_s / mid.etl.wall_s
        add(f"ETL 16M ≤ {ETL_SCALE_MAX:.0f}× the 1.6M time", f"{scale:.2f}×", scale <= ETL_SCALE_MAX)
        add(
            "ETL peak RSS at 16M < 6 GB",
            f"{big.etl.peak_mb:.0f} MiB",
            big.etl.peak_mb < ETL_RSS_MAX_MB,
        )
    for r in (mid, big):
        if r and r.queries.get("functions"):
            slow = _slow_queries(r)
            timed = sum(
                1
                for variants in r.queries["functions"].values()
                for entry in variants.values()
                if "p95_ms" in entry and not entry.get("stream")
            )
            listed = ", ".join(f"`{name}` ({label}) {p95:.0f} ms" for name, label, p95 in slow)
            add(
                f"every query p95 ≤ {QUERY_P95_MAX_MS:.0f} ms at {r.label}",
                f"{len(slow)} of {timed} over: {listed}" if slow else f"all {timed} under",
                not slow,
            )
    if mid and sample:
        ratios = []
        for name, entry in mid.pages.get("pages", {}).items():
            base = sample.pages.get("pages", {}).get(name, {})
            if entry.get("cold_s") and base.get("cold_s"):
                ratios.append((name, entry["cold_s"] / base["cold_s"]))
        failed = [n for n, e in mid.pages.get("pages", {}).items() if e.get("cold_s") is None]
        if ratios:
            over = sorted((item for item in ratios if item[1] > PAGE_RATIO_MAX), key=lambda i: -i[1])
            listed = ", ".join(f"`{name}` {ratio:.2f}×" for name, ratio in over)
            note = f"; {len(failed)} pages failed to render" if failed else ""
            add(
                f"every page at 1.6M ≤ {PAGE_RATIO_MAX}× its sample time (cold)",
                (f"{len(over)} of {len(ratios)} over: {listed}" if over else f"all {len(ratios)} under")
                + note,
                False if over else (None if failed else True),
            )
    if big:
        rendered = big.pages.get("pages", {})
        failed = [name for name, e in rendered.items() if e.get("cold_s") is None]
        slowest = max(
            ((name, e["cold_s"]) for name, e in rendered.items() if e.get("cold_s") is not None),
            key=lambda item: item[1],
            default=None,
        )
        if slowest:
            note = f"; {len(failed)} of {len(rendered)} pages failed to render" if failed else ""
            add(
                f"every page ≤ {PAGE_16M_MAX_S:.0f} s at 16M (cold)",
                f"slowest `{slowest[0]}` {slowest[1]:.2f} s{note}",
                None if failed else slowest[1] <= PAGE_16M_MAX_S,
            )
        if "peak_rss_mb" in big.pages:
            add(
                "app RSS ≤ 1.5 GB at 16M",
                f"{big.pages['peak_rss_mb']:.0f} MiB",
                big.pages["peak_rss_mb"] <= APP_RSS_16M_MAX_MB,
            )
    for r in results:
        if r.extract and "extra_rss_mb" in r.extract:
            add(
                f"500k-row CSV extract ≤ ~{EXTRACT_RSS_MAX_MB:.0f} MB extra ({r.label})",
                f"{r.extract['extra_rss_mb']:.0f} MiB, {r.extract['rows']:,} rows",
                r.extract["extra_rss_mb"] <= EXTRACT_RSS_MAX_MB,
            )
    return rows or ["| (no target could be evaluated) | | n/a |"]


def _slow_queries(r: SizeResult) -> list[tuple[str, str, float]]:
    """(function, filter, p95 ms) of the non-streaming calls over QUERY_P95_MAX_MS, slowest first."""
    slow = [
        (name, label, entry["p95_ms"])
        for name, variants in r.queries.get("functions", {}).items()
        for label, entry in variants.items()
        if not entry.get("stream") and entry.get("p95_ms", 0) > QUERY_P95_MAX_MS
    ]
    return sorted(slow, key=lambda item: -item[2])


def _as_json(result: SizeResult) -> dict[str, Any]:
    data = dict(vars(result))
    for key in ("floor", "etl", "tables_copy"):
        value = data[key]
        if isinstance(value, Proc):
            data[key] = {
                "wall_s": value.wall_s,
                "cpu_s": value.cpu_s,
                "peak_mb": value.peak_mb,
                "rc": value.returncode,
            }
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default="sample,1.6M", help="comma list: sample, 1.6M, 16M, 50k")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="floor and ETL runs per size below 10M rows (the fastest counts)",
    )
    parser.add_argument(
        "--skip", default="", help="comma list of measurements to skip: queries, pages, extract"
    )
    parser.add_argument("--child", choices=["queries", "pages", "extract"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        try:
            if args.child == "queries":
                data = child_queries(args.db)
            elif args.child == "pages":
                data = child_pages(args.db)
            else:
                data = child_extract(args.db, args.child_out)
        except Exception as exc:
            traceback.print_exc()
            data = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        print(json.dumps(data, default=str))
        return 0

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    args.out.mkdir(parents=True, exist_ok=True)
    results = [measure_size(size, args.out, args.seed, skip, args.repeat) for size in sizes]
    text = report(results, ", ".join(sizes), args.seed)
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}"
    (args.out / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    (args.out / f"bench-{stamp}.json").write_text(
        json.dumps([_as_json(r) for r in results], indent=1, default=str), encoding="utf-8"
    )
    print(text)
    _log(f"written {args.out / f'bench-{stamp}.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
