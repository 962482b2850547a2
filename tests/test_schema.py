"""The column dictionary (common/schema.toml) says exactly what a real build holds and what the
extract writes: every documented table, column and type, in order, and nothing undocumented."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from common import schema
from dashboard import exports, queries
from dashboard.filters import Filters


@pytest.mark.parametrize("table", schema.tables())
def test_each_table_has_the_documented_columns_and_types(fixture_db: Path, table: str) -> None:
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        built = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index",
            {"t": table},
        ).fetchall()
    assert built == [(c.name, c.type) for c in schema.columns(table)]


def test_every_column_is_described_in_both_languages() -> None:
    for table in (*schema.tables(), "extract"):
        for column in schema.columns(table):
            assert column.fr.strip(), f"{table}.{column.name}"
            assert column.en.strip(), f"{table}.{column.name}"
            assert column.fr != column.en or column.name in {"licence"}, f"{table}.{column.name}"


def test_the_extract_writes_the_documented_columns(fixture_db: Path) -> None:
    rows = queries.award_rows(fixture_db, Filters(), limit=1)
    assert tuple(rows.columns) == exports.extract_column_names()
    assert [c.kind for c in exports.extract_columns()] == [c.kind for c in schema.columns("extract")]
