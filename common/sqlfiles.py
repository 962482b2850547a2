"""The one runner of the project's .sql files, for the ETL's numbered steps and the app's queries.

A file is split into statements by DuckDB's own parser (`extract_statements`), and each statement
is given only the `$parameters` it names (`named_parameters`). A line `-- include: _part` is
replaced by `_part.sql` of the same folder first, so that a shared CTE or condition is written once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

_INCLUDE = re.compile(r"^-- include: (_[a-z0-9_]+)$", re.MULTILINE)


@dataclass(frozen=True)
class Statement:
    """One statement of a .sql file: its text (comments before it included) and its $parameters."""

    text: str
    parameters: frozenset[str]

    def bind(self, params: Mapping[str, object]) -> dict[str, object]:
        """The values of this statement's parameters taken from `params`; KeyError names the missing."""
        missing = self.parameters - params.keys()
        if missing:
            raise KeyError(f"statement needs parameters {sorted(missing)}: {self.text[:80]!r}")
        return {name: params[name] for name in self.parameters}


@cache
def text(path: Path) -> str:
    """The text of a .sql file, each `-- include: _part` line replaced by that part's text."""
    body = path.read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: text(path.with_name(f"{m.group(1)}.sql")).rstrip(), body)


@cache
def statements(path: Path) -> tuple[Statement, ...]:
    """The statements of a .sql file (includes resolved), in order, parsed once per process."""
    parsed = duckdb.extract_statements(text(path))
    return tuple(Statement(s.query.strip(), frozenset(s.named_parameters)) for s in parsed)


def execute(
    con: duckdb.DuckDBPyConnection, path: Path, params: Mapping[str, object] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run every statement of the file with the parameters it names; returns `con`, whose result
    is the last statement's."""
    for statement in statements(path):
        con.execute(statement.text, statement.bind(params or {}))
    return con


def single(path: Path) -> Statement:
    """The one statement of an app query file; ValueError when the file holds more or none."""
    found = statements(path)
    if len(found) != 1:
        raise ValueError(f"{path.name}: expected one statement, found {len(found)}")
    return found[0]
