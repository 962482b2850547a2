"""Run the ETL's .sql files: statements split on a closing ';', each given only the parameters it names."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).parent / "sql"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_CHECK = re.compile(r"^-- check: (.+)$", re.MULTILINE)


def statements(sql: str) -> Iterator[str]:
    """The statements of a file, comments kept, in order (a statement ends with ';' at a line end)."""
    buffer: list[str] = []
    for line in sql.splitlines():
        buffer.append(line)
        if line.rstrip().endswith(";"):
            text = "\n".join(buffer).strip()
            buffer = []
            if _has_code(text):
                yield text
    rest = "\n".join(buffer).strip()
    if _has_code(rest):
        yield rest


def _has_code(text: str) -> bool:
    return any(ln.strip() and not ln.strip().startswith("--") for ln in text.splitlines())


def run_file(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None) -> None:
    """Execute every statement of etl/sql/<name> with the bound parameters it uses."""
    params = params or {}
    for statement in statements((SQL_DIR / name).read_text(encoding="utf-8")):
        con.execute(statement, {k: params[k] for k in _used(statement)})


def _used(statement: str) -> list[str]:
    code = "\n".join(ln for ln in statement.splitlines() if not ln.strip().startswith("--"))
    # '$.field' JSON paths are not parameters: the regex needs a letter right after '$'.
    return sorted(set(_PARAM.findall(code)))


def failed_checks(con: duckdb.DuckDBPyConnection, name: str = "900_checks.sql") -> list[str]:
    """Names of the checks of `name` whose query returned rows, each with a first offending value."""
    failures = []
    for statement in statements((SQL_DIR / name).read_text(encoding="utf-8")):
        label = _CHECK.search(statement)
        row = con.execute(statement).fetchone()
        if row is not None:
            failures.append(f"{label.group(1) if label else 'check'} (e.g. {row[0]})")
    return failures
