"""The benchmark's Markdown report: machine, ETL, queries, pages, extract, then the targets."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
from typing import Any

import psutil

from bench.measures import PAGE_RUNS, QUERY_RUNS, MiB, Proc, SizeResult

# Targets of issue 4 (and issue 2 for the ETL); issue 12's at the national size (3.2M rows, the
# decp.info file of August 2026).
ETL_RATIO_MAX = 1.5
NATIONAL = "3.2M"
ETL_NATIONAL_RATIO_MAX = 5.0
ETL_NATIONAL_RSS_MAX_MB = 3 * 1000**3 / MiB
ETL_SCALE_MAX = 11.0
ETL_RSS_MAX_MB = 6 * 1024
QUERY_P95_MAX_MS = 150.0
PAGE_RATIO_MAX = 1.5
PAGE_16M_MAX_S = 1.0
APP_RSS_16M_MAX_MB = 1.5 * 1024
EXTRACT_RSS_MAX_MB = 200.0


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
    national = by_label.get(NATIONAL)
    sample = by_label.get("sample")
    if national and isinstance(national.etl, Proc) and isinstance(national.floor, Proc):
        ratio = national.etl.wall_s / national.floor.wall_s
        add(
            f"ETL at {NATIONAL} ≤ {ETL_NATIONAL_RATIO_MAX:.0f}× bare load (issue 12)",
            f"wall {national.etl.wall_s:.1f} s / {national.floor.wall_s:.1f} s = {ratio:.2f}×",
            ratio <= ETL_NATIONAL_RATIO_MAX,
        )
        add(
            f"ETL peak RSS at {NATIONAL} < 3 GB (issue 12)",
            f"{national.etl.peak_mb:.0f} MiB",
            national.etl.peak_mb < ETL_NATIONAL_RSS_MAX_MB,
        )
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
    for r in (mid, national):
        if r is None or sample is None:
            continue
        ratios = []
        for name, entry in r.pages.get("pages", {}).items():
            base = sample.pages.get("pages", {}).get(name, {})
            if entry.get("cold_s") and base.get("cold_s"):
                ratios.append((name, entry["cold_s"] / base["cold_s"]))
        failed = [n for n, e in r.pages.get("pages", {}).items() if e.get("cold_s") is None]
        if ratios:
            over = sorted((item for item in ratios if item[1] > PAGE_RATIO_MAX), key=lambda i: -i[1])
            listed = ", ".join(f"`{name}` {ratio:.2f}×" for name, ratio in over)
            note = f"; {len(failed)} pages failed to render" if failed else ""
            add(
                f"every page at {r.label} ≤ {PAGE_RATIO_MAX}× its sample time (cold)",
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


def as_json(result: SizeResult) -> dict[str, Any]:
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
