"""What the benchmark measures: a subprocess's wall time, CPU time and peak RSS, and the app's
queries, pages and extract, each in a fresh interpreter (`python -m bench.measures KIND --db DB`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import os
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

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUERY_RUNS = 7
PAGE_RUNS = 5
EXTRACT_ROWS = 500_000
PAGE_TIMEOUT_S = 120.0
MiB = 1024 * 1024


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
        "level": "dept",  # Territoires' map by département
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

    import app

    pages = {f"/{spec.url_path}": spec.path for spec in app.PAGES}  # URL path -> page file
    buyer = _largest(db)["buyer"]
    variants: list[tuple[str, dict[str, str]]] = [("", {})]
    if buyer:
        variants.append((" (one buyer)", {"buyer": buyer}))
    results: dict[str, Any] = {"pages": {}}
    with PeakRss(os.getpid()) as rss:
        for suffix, params in variants:
            at = AppTest.from_file(app.__file__, default_timeout=PAGE_TIMEOUT_S)
            at.query_params.update(params)
            for path, file in pages.items():
                results["pages"][path + suffix] = _render(st, at, file, path == "/")
    results["peak_rss_mb"] = rss.peak_mb
    return results


def _render(st: Any, at: Any, file: str, entry: bool) -> dict[str, Any]:
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
                    at.switch_page(file)
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
    args = [PYTHON, "-m", "bench.measures", kind, "--db", str(db)]
    if out is not None:
        args += ["--out", str(out)]
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
    browser: dict[str, Any] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    """The child side of run_child: one measurement, printed as one line of JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.measures", description=__doc__)
    parser.add_argument("kind", choices=["queries", "pages", "extract"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, help="the extract's file (kind extract)")
    args = parser.parse_args(argv)
    try:
        if args.kind == "queries":
            data = child_queries(args.db)
        elif args.kind == "pages":
            data = child_pages(args.db)
        else:
            data = child_extract(args.db, args.out)
    except Exception as exc:
        traceback.print_exc()
        data = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    print(json.dumps(data, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
