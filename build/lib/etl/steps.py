"""The ETL's SQL steps: the numbered files of etl/sql/, run in number order through the project's
one runner (common.sqlfiles), and the publication checks of 900_checks.sql.

000-099 create the tables, 100-499 apply the Method to the staged records (the loaders of
etl/sql/load/ run before them, once per input), 500-899 build the award table and the tables the app
reads for speed, 900 checks. Reading the folder in order reads the build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import duckdb

from common import sqlfiles

SQL_DIR = Path(__file__).resolve().parent / "sql"
CHECKS = "900_checks.sql"
_NUMBERED = re.compile(r"(\d{3})_[a-z0-9_]+\.sql")
_CHECK = re.compile(r"^-- check: (.+)$", re.MULTILINE)


def numbered(first: int, last: int) -> list[str]:
    """Names of the steps etl/sql/NNN_*.sql with first <= NNN <= last, in number order."""
    names = []
    for path in sorted(SQL_DIR.glob("*.sql")):
        match = _NUMBERED.fullmatch(path.name)
        if match and first <= int(match.group(1)) <= last:
            names.append(path.name)
    return names


def run(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None) -> None:
    """Run etl/sql/<name>, each statement with the parameters it names taken from `params`."""
    sqlfiles.execute(con, SQL_DIR / name, params)


def failed_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the checks of 900_checks.sql whose query returned rows, each with a first offending
    value; [] when the build may be published."""
    failures = []
    for statement in sqlfiles.statements(SQL_DIR / CHECKS):
        label = _CHECK.search(statement.text)
        row = con.execute(statement.text).fetchone()
        if row is not None:
            failures.append(f"{label.group(1) if label else 'check'} (e.g. {row[0]})")
    return failures
