"""The publication checks (etl/sql/900_checks.sql) pass on a real build and name what a broken
table breaks: each case below tampers with one table of a copy of the fixture DB."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.steps import failed_checks

AWARDS_MATCH_CONTRACTS = (
    "every award belongs to a contract, and a contract's awards are as many as its winners, weigh 1 "
    "in all, and carry an amount share exactly when its amount is ok"
)
AGG_OVERVIEW = "agg_overview holds every award and amount of fact_awards (e.g. agg_overview)"
AGGREGATES = (
    "the per-buyer, per-CPV-code, size-basis and supplier aggregates add up to fact_awards "
    "(awards, weights, PME weights, amounts) (e.g. agg_buyers)"
)
CONTRACTS_IN_ORDER = "contracts are stored in buyer, notification year, contract_uid order"
FLAGS_MATCH_AWARDS = (
    "a contract's flags agree with its awards: winner_id_placeholder exactly when one has no winner id "
    "(of unknown size and no supplier), merged_uid as fact_awards says"
)
FIRST_UID = "110000023000172018G57uqMUOeO00"
QUALITY_REPORT = "the quality report counts every contract and rejected record once"

CASES = [
    (
        "contract published twice",
        "INSERT INTO contracts SELECT * FROM contracts WHERE rowid = 0",
        [
            f"contract_uid is unique (e.g. {FIRST_UID})",
            f"{AWARDS_MATCH_CONTRACTS} (e.g. {FIRST_UID})",
            f"{CONTRACTS_IN_ORDER} (e.g. {FIRST_UID})",
            "agg_contract_quality counts every contract once (e.g. agg_contract_quality)",
            f"{QUALITY_REPORT} (e.g. quality_completeness)",
        ],
    ),
    (
        "award listed twice",
        "INSERT INTO fact_awards SELECT * FROM fact_awards WHERE contract_row = 0",
        [
            f"{AWARDS_MATCH_CONTRACTS} (e.g. {FIRST_UID})",
            f"one award per contract and distinct winner (a winner without id: per distinct name) (e.g. {FIRST_UID})",
            AGG_OVERVIEW,
            AGGREGATES,
        ],
    ),
    (
        "award on the wrong contract",
        "UPDATE fact_awards SET contract_row = 4 WHERE contract_row = 3",
        [f"{AWARDS_MATCH_CONTRACTS} (e.g. 130018989000172019I1701000)"],
    ),
    (
        "contracts out of order",
        "UPDATE contracts SET contract_uid = 'ZZZ' WHERE rowid = 1",
        [f"{CONTRACTS_IN_ORDER} (e.g. 13001898900017201918MA0300)"],
    ),
    (
        "unknown amount status",
        "UPDATE contracts SET amount_status = 'unknown' WHERE rowid = 5",
        [
            f"{AWARDS_MATCH_CONTRACTS} (e.g. 130018989000172019I1703000)",
            "vocabularies (size_class, size_basis, amount_status, contract_type) "
            "(e.g. 130018989000172019I1703000)",
        ],
    ),
    (
        "year before 2000",
        "UPDATE contracts SET year = 1999 WHERE rowid = 7",
        [
            f"{CONTRACTS_IN_ORDER} (e.g. 130018989000172019I1800000)",
            "cpv_code is 8 digits and its division its first two; years between 2000 and today "
            "(e.g. 130018989000172019I1800000)",
        ],
    ),
    (
        "aggregate off by one award",
        "UPDATE agg_overview SET award_rows = award_rows + 1 WHERE rowid = 0",
        [AGG_OVERVIEW],
    ),
    (
        "unknown quality flag",
        "UPDATE contracts SET quality_flags = 'suspect' WHERE rowid = 2",
        [
            "quality flags are merged_uid, cpv_repaired, winner_id_placeholder, each once, in that order "
            "(e.g. 13001898900017201918MA0300)"
        ],
    ),
    (
        "winner id placeholder flag without such a winner",
        "UPDATE contracts SET quality_flags = 'winner_id_placeholder' WHERE rowid = 2",
        [f"{FLAGS_MATCH_AWARDS} (e.g. 13001898900017201918MA0300)"],
    ),
    (
        "award without winner id given a size",
        "UPDATE fact_awards SET supplier_id = NULL WHERE contract_row = 2",
        [f"{FLAGS_MATCH_AWARDS} (e.g. 13001898900017201918MA0300)"],
    ),
    (
        "framework flag against its nature",
        "UPDATE contracts SET is_framework = NOT is_framework WHERE rowid = 2",
        [
            "is_framework says the nature or the techniques name a framework agreement (Method §7) "
            "(e.g. 13001898900017201918MA0300)"
        ],
    ),
    (
        "département 20",
        "UPDATE contracts SET buyer_department = '20' WHERE rowid = 2",
        ["départements are INSEE codes (100_rules.sql department_code) (e.g. 13001898900017201918MA0300)"],
    ),
    (
        "merged_uid flag without its awards",
        "UPDATE contracts SET quality_flags = 'merged_uid' WHERE rowid = 2",
        [f"{FLAGS_MATCH_AWARDS} (e.g. 13001898900017201918MA0300)"],
    ),
    (
        "quality report without the rejected records' source",
        "DELETE FROM quality_by_source WHERE records_rejected > 0",
        [f"{QUALITY_REPORT} (e.g. quality_by_source)"],
    ),
    (
        "negative modifications",
        "UPDATE contracts SET modifications = -1 WHERE rowid = 2",
        ["modifications are counted from 0 (e.g. 13001898900017201918MA0300)"],
    ),
]


def test_a_real_build_passes_every_check(fixture_db: Path) -> None:
    con = duckdb.connect(str(fixture_db), read_only=True)
    assert failed_checks(con) == []
    con.close()


@pytest.mark.parametrize(("name", "tamper", "failures"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_table_fails_its_checks(
    fixture_db: Path, tmp_path: Path, name: str, tamper: str, failures: list[str]
) -> None:
    db = tmp_path / "tampered.duckdb"
    shutil.copy(fixture_db, db)
    con = duckdb.connect(str(db))
    con.execute(tamper)
    assert failed_checks(con) == failures
    con.close()
