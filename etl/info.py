"""`python -m etl info`: what a built DB holds, as plain text; `--quality`: its quality report."""

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


QUALITY_TABLES = ("quality_completeness", "quality_by_source")
# The fields of quality_completeness as the report heads them, in its columns' order.
COMPLETENESS_FIELDS = ("amount", "cpv", "date", "siret", "bids", "procedure")


def quality_report(db_path: Path) -> str:
    """The quality report of the Méthode page as text tables: completeness by source and year,
    size coverage by year, rejections, duplicates and notification dates by source. SourceError
    when the file is missing or was built before the report's tables existed."""
    with _open(db_path) as con:
        present = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name IN $names", {"names": list(QUALITY_TABLES)}
        ).fetchone()[0]
        if present < len(QUALITY_TABLES):
            raise SourceError(
                f"{db_path}: no quality report (built before it existed); "
                "rebuild it with `python -m etl build`"
            )
        return "\n".join(_quality_lines(con, db_path))


def _quality_lines(con: duckdb.DuckDBPyConnection, db_path: Path) -> list[str]:
    lines = [f"quality report: {db_path}", "fields published, by source and year (share of contracts):"]
    lines += _text_table(
        ["source", "year", "contracts", *COMPLETENESS_FIELDS, "size known"],
        [
            [source, _year(year), f"{contracts:,}", *(_share(n, contracts) for n in filled)]
            for source, year, contracts, *filled in con.execute(
                "SELECT source_name, year, contracts, with_amount, with_cpv, with_date, with_siret, "
                "with_bids, with_procedure, classified_weight FROM quality_completeness "
                "ORDER BY source_name, year NULLS LAST"
            ).fetchall()
        ],
    )
    lines.append("size known, by year (award weight of known size, all sources):")
    lines += _text_table(
        ["year", "contracts", "of known size", "size known"],
        [
            [_year(year), f"{contracts:,}", f"{known:,.1f}", _share(known, contracts)]
            for year, contracts, known in con.execute(
                "SELECT year, sum(contracts)::BIGINT, fsum(classified_weight) FROM quality_completeness "
                "GROUP BY year ORDER BY year NULLS LAST"
            ).fetchall()
        ],
    )
    lines.append("by source:")
    lines += _text_table(
        ["source", "contracts", "rejected", "duplicates", "first notification", "latest notification"],
        [
            [source, f"{kept:,}", f"{rejected:,}", f"{dropped:,}", str(first or "–"), str(latest or "–")]
            for source, kept, rejected, dropped, first, latest in con.execute(
                "SELECT source_name, contracts, records_rejected, duplicates_dropped, first_notification, "
                "latest_notification FROM quality_by_source ORDER BY source_name"
            ).fetchall()
        ],
    )
    return lines


def _year(year: int | None) -> str:
    return "–" if year is None else str(year)


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _text_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a plain text table, indented by two spaces: the first column left-aligned, the
    others right-aligned, each as wide as its longest cell."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  "
        + "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]
