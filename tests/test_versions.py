"""Contract versions (DESIGN §Method 2, issue 12): in the decp.info tabular file a modification's
row carries the modification's date in dateNotification; the contract keeps the year and the
amount_initial of its initial version and takes its current amount, duration and winners.

The constructed version file (tests/fixtures/constructed_decp_tabular_versions_2019.csv, made from
the real DECP 2019 records with modifications by tests/tools/construct_tabular_versions.py) gives
the exact figures below; tests/tools/recount_sample.py recounts them independently
(tests/test_recount.py).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from tests.conftest import CONSTRUCTED_VERSIONS, SIRENE
from tests.etl_inputs import write_csv


@pytest.fixture(scope="module")
def versions(versions_db: Path):
    con = duckdb.connect(str(versions_db), read_only=True)
    yield con
    con.close()


def constructed_rows() -> list[dict[str, str]]:
    with CONSTRUCTED_VERSIONS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_constructed_file_is_the_script_output() -> None:
    """The committed file is what the construction script writes from the shipped sample."""
    from tests.tools import construct_tabular_versions as construct

    rows = construct.construct()
    assert [[construct.text(r.get(c)) for c in construct.COLUMNS] for r in rows] == [
        list(r.values()) for r in constructed_rows()
    ]
    assert list(constructed_rows()[0]) == construct.COLUMNS


def test_counts(versions):
    assert versions.execute(
        "SELECT records_read, records_loaded, records_rejected, duplicates_dropped FROM etl_runs"
    ).fetchone() == (71, 24, 0, 35)
    assert versions.execute("SELECT count(*) FROM awards").fetchone() == (36,)


# Every contract: (year, notification_date, amount_initial, amount, modifications, winners).
CONTRACTS = [
    ("069333357085852000026322825607", 2018, date(2018, 2, 2), 222222.0, 222222.0, 0, 2),
    ("2000678740001220191814101", 2018, date(2018, 12, 28), 238900.0, 230000.0, 1, 1),
    ("2000678740001220191814501", 2019, date(2019, 2, 8), 164039.56, 169079.56, 1, 1),
    ("2000678740001220191815201", 2019, date(2019, 1, 15), 50273.41, 57379.41, 1, 1),
    ("2000678740001220191815202", 2019, date(2019, 1, 15), 50273.41, 57379.41, 1, 1),
    ("2000678740001220191815203", 2019, date(2019, 1, 15), 50273.41, 57379.41, 1, 1),
    ("2104000160001520180801", 2019, date(2019, 1, 21), 30000.0, 308.0, 1, 1),
    ("210400016000152018231301", 2018, date(2018, 3, 12), 26652.0, 11554.0, 1, 3),
    ("212317606000112018050001", 2018, date(2018, 12, 28), 9785.0, 173.0, 1, 1),
    ("212317606000112018050002", 2018, date(2018, 12, 28), 9785.0, 173.0, 1, 1),
    ("2169010090001120181801", 2018, date(2018, 12, 21), 8800.0, 10072.0, 1, 1),
    ("224400028000112019I4450001", 2019, date(2019, 1, 15), 75000.0, 88000.0, 1, 3),
    # The modification notified the same day as the award: one version (upstream keeps one row).
    ("25870025100022201960743202", 2019, date(2019, 1, 28), 296853.0, 296853.0, 0, 1),
    ("25870025100022201960743301", 2019, date(2019, 1, 23), 245525.0, 245525.0, 0, 1),
    ("277700076000232018000000000701", 2018, date(2018, 9, 24), 47304.0, 48451.0, 1, 1),
    ("28300001600032201919F0201", 2019, date(2019, 3, 8), 133333.33, 133333.33, 1, 1),
    ("28590001500055201816001", 2018, date(2018, 10, 8), 510900.0, 515400.0, 1, 1),
    # AIFE's test records: modifications without dateNotificationModification are unranked rows,
    # never the current version (donneesActuelles is on the award).
    ("350847358859112018123456789100", 2018, date(2018, 9, 2), 123456.22, 123456.22, 0, 2),
    ("554746670918892004095720858909", 2018, date(2018, 2, 2), 222222.0, 222222.0, 0, 2),
    ("557435650538212018123456789100", 2018, date(2018, 9, 2), 123456.22, 123456.22, 0, 2),
    ("617774244065812014025236226704", 2018, date(2018, 1, 1), 111111.21, 111111.21, 0, 2),
    ("725058438571542010039988110804", 2018, date(2018, 5, 1), 111111.21, 111111.21, 0, 2),
    ("801285438000172018123456789100", 2018, date(2018, 7, 12), 123456.78, 123456.78, 0, 2),
    ("922400683523652018123456789100", 2018, date(2018, 9, 2), 123456.22, 123456.22, 0, 2),
]


def test_years_and_amounts_of_every_contract(versions):
    assert (
        versions.execute(
            "SELECT contract_uid, year, notification_date, amount_initial, amount, modifications, winners "
            "FROM contracts ORDER BY contract_uid"
        ).fetchall()
        == CONTRACTS
    )
    assert versions.execute("SELECT year, count(*) FROM contracts GROUP BY ALL ORDER BY ALL").fetchall() == [
        (2018, 15),
        (2019, 9),
    ]


def test_a_contract_amended_in_a_later_year_counts_in_its_own_year(versions):
    """Regression: the year and amount_initial came from the current version, so the SDIS du Nord's
    ladder, awarded 2018-10-08 for 510,900 € and amended 2019-03-01 to 515,400 €, counted in 2019
    with amount_initial 515,400."""
    assert versions.execute(
        "SELECT notification_date, year, amount_initial, amount, duration_months, modifications, winners "
        "FROM contracts WHERE contract_uid = '28590001500055201816001'"
    ).fetchone() == (date(2018, 10, 8), 2018, 510900.0, 515400.0, 24, 1, 1)
    rows = [r for r in constructed_rows() if r["uid"] == "28590001500055201816001"]
    assert [
        (r["dateNotification"], r["montant"], r["modification_id"], r["donneesActuelles"]) for r in rows
    ] == [
        ("2019-03-01", "515400", "1", "true"),
        ("2018-10-08", "510900", "0", "false"),
    ]


def test_current_winners_come_from_the_current_version(versions):
    """Aiglun's groupement: three winners in both versions, the amount of the modification."""
    assert versions.execute(
        "SELECT supplier_id, weight, amount_share FROM awards "
        "WHERE contract_uid = '210400016000152018231301' ORDER BY supplier_id"
    ).fetchall() == [
        ("06850119600064", 1 / 3, 11554 / 3),
        ("34063663800033", 1 / 3, 11554 / 3),
        ("48192693900028", 1 / 3, 11554 / 3),
    ]


def test_shares_match_the_recount(versions):
    """Figures of `python tests/tools/recount_sample.py --tabular <the constructed file>`."""
    rows = versions.execute(
        "SELECT size_class, round(sum(weight) / (SELECT sum(weight) FROM awards), 6), "
        "round(sum(amount_share) / (SELECT sum(amount_share) FROM awards), 6) "
        "FROM awards GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("ETI", 0.041667, 0.043268),
        ("GE", 0.291667, 0.401511),
        ("PME", 0.319444, 0.186881),
        ("unknown", 0.347222, 0.36834),
    ]
    assert round(versions.execute("SELECT sum(amount_share) FROM awards").fetchone()[0], 2) == 3081551.98


# One real contract varied: CA Haguenau's roofing at Brumath, awarded 2019-01-15 for 50,273.41 €
# and amended to 57,379.41 € (modification notified 2019-02-15, published 2019-03-04).
HAGUENAU = "2000678740001220191815201"


def _haguenau(modification_day: str, published: str, keep: tuple[str, ...] = ()) -> list[dict[str, str]]:
    rows = [dict(r) for r in constructed_rows() if r["uid"] == HAGUENAU]
    assert [r["modification_id"] for r in rows] == ["1", "0"]
    rows[0].update(dateNotification=modification_day, datePublicationDonnees=published)
    dropped = {"modification_id", "donneesActuelles"} - set(keep)
    return [{k: v for k, v in r.items() if k not in dropped} for r in rows]


@pytest.mark.parametrize(
    "keep",
    [("modification_id", "donneesActuelles"), ()],
    ids=["with-modification_id", "without-version-columns"],
)
def test_a_2019_contract_amended_in_2024_counts_in_2019(tmp_path: Path, keep: tuple[str, ...]) -> None:
    """Regression (issue 12): a contract awarded in 2019 and amended in 2024 was counted in 2024,
    with its current amount as amount_initial. Without modification_id and donneesActuelles, the
    earliest dateNotification is the initial version and the latest the current one."""
    rows = _haguenau("2024-06-14", "2024-06-20", keep)
    db = tmp_path / "amended.duckdb"
    build([str(write_csv(tmp_path / "amended.csv", rows))], db, [str(SIRENE)])
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT notification_date, year, amount_initial, amount, modifications, winners FROM contracts"
        ).fetchall() == [(date(2019, 1, 15), 2019, 50273.41, 57379.41, 1, 1)]
        assert con.execute("SELECT duplicates_dropped FROM etl_runs").fetchone() == (1,)
