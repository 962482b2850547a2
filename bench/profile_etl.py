"""Where `python -m etl build` spends its time: each SQL statement and build step, slowest first.

`python -m bench.profile_etl [SOURCE ...] --db PATH [--top 15] [--repeat 3] [--design-tables-only]`
runs the real build in-process with timers around each statement of etl.steps.run and the steps of
etl.build; it changes no ETL code. With --repeat N it builds N times and reports each timing's
median. --design-tables-only measures what DESIGN's tables cost on their own: the build runs no step
after the awards view (510_awards.sql: no pre-aggregated app table) and skips the publication
checks. Such a DB is incomplete and not for the app.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Timing = tuple[float, str]
# The last step that builds a table of DESIGN's (the awards view); later steps are the app's.
LAST_DESIGN_STEP = "510_awards.sql"
_ORIGINALS: dict[str, Callable[..., Any]] = {}
# The functions timed as build steps: (module, name).
STEPS = (
    ("build", "_describe_all"),
    ("build", "_load_input"),
    ("build", "_load_sirene"),
    ("build", "_per_input_counts"),
    ("steps", "failed_checks"),
    ("build", "_record_run"),
    ("build", "_fsync"),
)


def _timed(timings: list[Timing], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings.append((time.perf_counter() - start, label))

    return wrapper


def profile(
    sources: list[str], db: Path, design_tables_only: bool = False, sirene: list[str] | None = None
) -> tuple[float, list[Timing], list[Timing]]:
    """(total s, per-statement timings, per-step timings) of one build of `sources` into `db`."""
    from common import sqlfiles
    from etl import build
    from etl import steps as etl_steps

    statements: list[Timing] = []
    steps: list[Timing] = []

    def run(con: Any, name: str, params: Any = None) -> None:
        if design_tables_only and name[:3].isdigit() and LAST_DESIGN_STEP < name < etl_steps.CHECKS:
            return
        for number, statement in enumerate(sqlfiles.statements(etl_steps.SQL_DIR / name), start=1):
            code = [ln for ln in statement.text.splitlines() if ln.strip() and not ln.startswith("--")]
            label = f"{name} #{number}: {' '.join(code[0].split())[:70] if code else ''}"
            start = time.perf_counter()
            con.execute(statement.text, statement.bind(params or {}))
            statements.append((time.perf_counter() - start, label))

    modules = {"build": build, "steps": etl_steps}
    _ORIGINALS.setdefault("run", etl_steps.run)
    etl_steps.run = run
    for module, name in STEPS:
        # The functions as etl defines them, even when an earlier run has wrapped them.
        original = _ORIGINALS.setdefault(name, getattr(modules[module], name))
        label = "failed_checks (900_checks.sql)" if name == "failed_checks" else name
        setattr(modules[module], name, _timed(steps, label, original))
    if design_tables_only:
        etl_steps.failed_checks = _timed(steps, "failed_checks (skipped)", lambda con: [])
    start = time.perf_counter()
    build.build(sources, db, sirene)
    return time.perf_counter() - start, statements, steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_etl", description=__doc__)
    parser.add_argument("sources", nargs="*")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--design-tables-only", action="store_true")
    parser.add_argument("--sirene", action="append", default=None, metavar="FILE", help="as etl build's")
    args = parser.parse_args(argv)
    runs = [profile(args.sources, args.db, args.design_tables_only, args.sirene) for _ in range(args.repeat)]
    total = statistics.median(run[0] for run in runs)
    statements = _medians([run[1] for run in runs])
    steps = _medians([run[2] for run in runs])
    print(f"builds: {', '.join(f'{run[0]:.2f}' for run in runs)} s")
    print(f"total build {total:.2f} s")
    print("| seconds | share | step |\n|---:|---:|---|")
    for seconds, label in sorted(steps, reverse=True):
        print(f"| {seconds:.2f} | {seconds / total:.0%} | {label} |")
    print("\n| seconds | share | SQL statement |\n|---:|---:|---|")
    for seconds, label in sorted(statements, reverse=True)[: args.top]:
        print(f"| {seconds:.2f} | {seconds / total:.0%} | `{label}` |")
    return 0


def _medians(runs: list[list[Timing]]) -> list[Timing]:
    """Each label's median over the runs (a label seen twice in a run is summed first)."""
    by_label: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        sums: dict[str, float] = defaultdict(float)
        for seconds, label in run:
            sums[label] += seconds
        for label, seconds in sums.items():
            by_label[label].append(seconds)
    return [(statistics.median(values), label) for label, values in by_label.items()]


if __name__ == "__main__":
    raise SystemExit(main())
