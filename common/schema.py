"""The column dictionary of the database and of the extract (common/schema.toml), read once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.toml"


@dataclass(frozen=True)
class Column:
    """One column: its name, DuckDB type (None for an extract column), display kind (extract
    columns only) and what it means in French and English."""

    name: str
    type: str | None
    kind: str | None
    fr: str
    en: str


@cache
def _entries() -> dict[str, list[dict[str, str]]]:
    return tomllib.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def tables() -> tuple[str, ...]:
    """The names of the database tables the dictionary describes (the extract is not one)."""
    return tuple(name for name in _entries() if name != "extract")


@cache
def columns(table: str) -> tuple[Column, ...]:
    """The columns of `table` (or of "extract") in order; KeyError for a table it does not describe.
    An entry `from = "table.column"` takes that column's name, type and descriptions unless it
    gives its own."""
    out = []
    for entry in _entries()[table]:
        base: dict[str, str | None] = {"type": None, "kind": None}
        if "from" in entry:
            source_table, source_name = entry["from"].split(".")
            source = next(c for c in columns(source_table) if c.name == source_name)
            base.update(name=source.name, type=source.type, fr=source.fr, en=source.en)
        base.update({k: v for k, v in entry.items() if k != "from"})
        out.append(Column(str(base["name"]), base["type"], base["kind"], str(base["fr"]), str(base["en"])))
    return tuple(out)
