"""`python -m etl info`: what a built DB holds, as plain text."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.errors import SourceError


def describe_db(db_path: Path) -> str:
    """A text report of runs, sources, counts and coverage; SourceError when the file is missing."""
    with _open(db_path) as con:
        return "\n".join(_lines(con, db_path))


def _open(db_path: Path) -> duckdb.DuckDBPyConnection:
    """The file opened read-only; SourceError when it is missing or not a DuckDB file."""
    if not db_path.is_file():
        raise SourceError(f"{db_path}: no database; build it with `python -m etl build`")
    try:
        return duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise SourceError(f"{db_path}: not a readable DuckDB file") from exc


def brief_line(db_path: Path) -> str:
    """One line: the file, its « données au » date (latest notification date) and its contracts."""
    with _open(db_path) as con:
        day, contracts = con.execute(
            "SELECT (SELECT data_date FROM etl_runs ORDER BY finished_at DESC LIMIT 1), count(*) "
            "FROM contracts"
        ).fetchone()
    return f"database: {db_path} (données au {day or '–'}, {contracts:,} contracts)"


def _lines(con: duckdb.DuckDBPyConnection, db_path: Path) -> list[str]:
    run = con.execute(
        "SELECT run_id, started_at, finished_at, tool_version, records_read, records_loaded, "
        "records_rejected, duplicates_dropped, concessions_skipped FROM etl_runs "
        "ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()
    lines = [f"database: {db_path}"]
    if run:
        lines.append(
            f"run {run[0]}: {run[1]:%Y-%m-%d %H:%M:%S} -> {run[2]:%H:%M:%S} UTC, tool {run[3]}; "
            f"{run[4]:,} records read, {run[5]:,} contracts loaded, {run[6]:,} rejected, "
            f"{run[7]:,} duplicates dropped, {run[8]:,} concessions skipped"
        )
    lines.append("sources:")
    for name, fmt, sha, size, file_date, read, loaded, rejected in con.execute(
        "SELECT source_name, format, sha256, bytes, file_date, records_read, records_loaded, "
        "records_rejected FROM etl_inputs ORDER BY format, source_name"
    ).fetchall():
        lines.append(
            f"  {name} [{fmt}] {size:,} bytes, file date {file_date}, sha256 {sha[:16]}: "
            f"{read:,} read, {loaded:,} loaded, {rejected:,} rejected"
        )
    # One pass over the awards view (a join of fact_awards and contracts): counts and weights by
    # size class give the award count, the shares and the coverage.
    by_size = con.execute(
        "SELECT size_class, count(*), sum(weight) FROM awards GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    awards = sum(n for _, n, _ in by_size)
    weight = sum(w for _, _, w in by_size)
    contracts, buyers, first, last = con.execute(
        "SELECT count(*), count(DISTINCT buyer_id), min(year), max(year) FROM contracts"
    ).fetchone()
    lines.append(f"contracts: {contracts:,}; awards: {awards:,}; buyers: {buyers:,}; years {first}-{last}")
    statuses = con.execute(
        "SELECT amount_status, count(*) FROM contracts GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    lines.append("amount_status: " + ", ".join(f"{status} {n:,}" for status, n in statuses))
    lines.append("size (share of award weight): " + ", ".join(f"{c} {w / weight:.1%}" for c, _, w in by_size))
    known = sum(w for c, _, w in by_size if c != "unknown")
    lines.append(f"coverage (awards of known size, by weight): {known / weight:.1%}")
    rejected = con.execute(
        "SELECT reason, count(*) FROM rejected_records GROUP BY ALL ORDER BY 2 DESC, 1"
    ).fetchall()
    lines.append("rejected: " + (", ".join(f"{r} ({n:,})" for r, n in rejected) or "none"))
    return lines
