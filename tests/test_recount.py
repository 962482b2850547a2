"""The independent recount (tests/tools/recount_sample.py: plain Python and pandas, no DuckDB, no etl
code) agrees with the real ETL's build, contract by contract, on the shipped sample and on the
constructed version file: counts, years, initial and current amounts, merged uids and the shares
pinned in tests/test_sample_numbers.py and tests/test_versions.py."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CONSTRUCTED_VERSIONS
from tests.tools import recount_sample


def _built(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        shares = con.execute(
            "SELECT size_class, round(sum(weight) / (SELECT sum(weight) FROM awards), 6), "
            "round(sum(amount_share) / (SELECT sum(amount_share) FROM awards), 6) "
            "FROM awards GROUP BY ALL"
        ).fetchall()
        rows = con.execute("SELECT contract_uid, year, amount_initial, amount FROM contracts").fetchall()
        return {
            "contracts": con.execute("SELECT count(*) FROM contracts").fetchone()[0],
            "awards": con.execute("SELECT count(*) FROM awards").fetchone()[0],
            "rejected": con.execute("SELECT count(*) FROM rejected_records").fetchone()[0],
            "merged": con.execute(
                "SELECT count(*) FROM contracts WHERE contains(quality_flags, 'merged_uid')"
            ).fetchone()[0],
            "placeholder_awards": con.execute(
                "SELECT count(*) FROM awards WHERE supplier_id IS NULL"
            ).fetchone()[0],
            "shares": {size: (count, amount) for size, count, amount in shares},
            "amount_ok_total": round(con.execute("SELECT sum(amount_share) FROM awards").fetchone()[0], 2),
            "rows": {uid: (year, initial, amount) for uid, year, initial, amount in rows},
        }


def _comparable(figures: dict) -> dict:
    """The figures both routes give, NaN amounts as None."""
    out = {k: figures[k] for k in ("contracts", "awards", "rejected", "merged", "placeholder_awards")}
    out["shares"] = dict(sorted(figures["shares"].items()))
    out["amount_ok_total"] = figures["amount_ok_total"]
    out["rows"] = {
        uid: tuple(None if isinstance(v, float) and math.isnan(v) else v for v in values)
        for uid, values in sorted(figures["rows"].items())
    }
    return out


@pytest.mark.parametrize("inputs", ["sample", "constructed"])
def test_the_recount_agrees_with_the_build(inputs: str, sample_db: Path, versions_db: Path) -> None:
    if inputs == "sample":
        json_files, tabular_files = recount_sample.sample_inputs()
        db = sample_db
    else:
        json_files, tabular_files = [], [CONSTRUCTED_VERSIONS]
        db = versions_db
    recounted = recount_sample.recount(json_files, tabular_files)
    assert _comparable(recounted) == _comparable(_built(db))


def test_the_recount_gives_the_pinned_sample_figures() -> None:
    """The figures tests/test_sample_numbers.py pins, as the recount prints them."""
    figures = recount_sample.recount(*recount_sample.sample_inputs())
    assert {k: figures[k] for k in ("contracts", "awards", "rejected", "duplicates", "merged")} == {
        "contracts": 10992,
        "awards": 12449,
        "rejected": 29,
        "duplicates": 285,
        "merged": 263,
    }
    assert figures["shares"] == {
        "ETI": (0.128874, 0.183896),
        "GE": (0.108759, 0.208305),
        "PME": (0.443433, 0.335209),
        "unknown": (0.318934, 0.27259),
    }
    assert figures["amount_ok_total"] == 4960346450.14
