"""The quality report (issue 14): its tables in a real build (etl/sql/597_quality_report.sql), the
app's queries over them, their CSV download and `python -m etl info --quality`.

Expected counts were taken once from the raw `contracts` and `awards` tables of the fixture DB, and
each table is also recounted here from them (test_completeness_recounts_the_raw_tables).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard import exports, queries
from tests.conftest import digest, run_etl

# (source_name, year, contracts, with_amount, with_cpv, with_date, with_siret, with_bids,
# with_procedure): data.gouv.fr_aife's four 2018 contracts are won by TVA, RIDET ids (no SIRET),
# two without a valid CPV code; its 42 undated ones have no valid date.
COMPLETENESS = [
    ("data.gouv.fr_aife", 2018, 4, 4, 2, 4, 0, 0, 4),
    ("data.gouv.fr_aife", None, 42, 42, 42, 0, 41, 0, 42),
    ("data.gouv.fr_pes", 2018, 21, 21, 21, 21, 18, 0, 21),
    ("data.gouv.fr_pes", 2019, 25, 25, 25, 25, 25, 0, 25),
    ("decp_tabular_2024H2_dep75_2A_16", 2024, 53, 53, 53, 53, 50, 53, 49),
    ("e-marchespublics", 2018, 37, 37, 37, 37, 37, 0, 37),
    ("e-marchespublics", 2019, 4, 4, 4, 4, 3, 0, 4),
]
BY_SOURCE = [
    ("data.gouv.fr_aife", 46, 0, 1, "2018-05-16", "2018-09-01"),
    ("data.gouv.fr_pes", 46, 0, 0, "2018-05-25", "2019-03-14"),
    ("decp_tabular_2024H2_dep75_2A_16", 53, 2, 18, "2024-07-03", "2024-12-26"),
    ("e-marchespublics", 41, 0, 1, "2018-06-14", "2019-01-28"),
]


@pytest.fixture(scope="module")
def con(fixture_db: Path) -> duckdb.DuckDBPyConnection:
    with duckdb.connect(str(fixture_db), read_only=True) as connection:
        yield connection


def test_completeness_by_source_and_year(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        con.execute(
            "SELECT source_name, year, contracts, with_amount, with_cpv, with_date, with_siret, with_bids, "
            "with_procedure FROM quality_completeness"
        ).fetchall()
        == COMPLETENESS
    )


def test_completeness_recounts_the_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The same counts from DESIGN's contracts and awards (a winner's SIRET: 14 digits, scheme SIRET)."""
    assert (
        con.execute(
            r"""
            SELECT
                c.source_name, c.year, count(*),
                count(*) FILTER (WHERE c.amount IS NOT NULL), count(c.cpv_code), count(c.notification_date),
                count(*) FILTER (WHERE NOT EXISTS (
                    SELECT 1 FROM awards AS a
                    WHERE a.contract_uid = c.contract_uid
                        AND (a.supplier_id_scheme IS DISTINCT FROM 'SIRET'
                            OR NOT coalesce(regexp_full_match(a.supplier_id, '\d{14}'), false))
                )),
                count(c.bids_received), count(c.procedure)
            FROM contracts AS c
            GROUP BY ALL
            ORDER BY c.source_name, c.year NULLS LAST
            """
        ).fetchall()
        == COMPLETENESS
    )


def test_size_known_by_year_adds_up_to_the_coverage_of_the_awards(fixture_db: Path) -> None:
    by_year = queries.coverage_by_year(fixture_db)
    assert by_year["year"].fillna(0).tolist() == [2018, 2019, 2024, 0]  # 0: undated
    assert by_year["contracts"].tolist() == [62, 29, 53, 42]
    assert by_year["coverage"].round(4).tolist() == [0.6667, 0.8046, 0.5283, 0.6865]
    # etl info's « coverage (awards of known size, by weight): 65.3% », over all the years.
    assert round(by_year["classified_weight"].sum() / by_year["contracts"].sum(), 3) == 0.653


def test_completeness_shares(fixture_db: Path) -> None:
    frame = queries.completeness_by_source_year(fixture_db)
    tabular = frame[frame["source_name"] == "decp_tabular_2024H2_dep75_2A_16"].iloc[0]
    assert tabular[["amount_share", "bids_share"]].tolist() == [1.0, 1.0]
    assert tabular[["siret_share", "procedure_share", "coverage"]].round(4).tolist() == [
        0.9434,
        0.9245,
        0.5283,
    ]


def test_rejections_duplicates_and_dates_by_source(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT * EXCLUDE (first_notification, latest_notification), "
                       "first_notification::VARCHAR, latest_notification::VARCHAR FROM quality_by_source").fetchall()  # fmt: skip
    assert rows == BY_SOURCE
    # Every record set aside is counted under one source: the run's totals.
    assert con.execute(
        "SELECT (SELECT sum(records_rejected) FROM quality_by_source) = records_rejected, "
        "(SELECT sum(duplicates_dropped) FROM quality_by_source) = duplicates_dropped FROM etl_runs"
    ).fetchone() == (True, True)


def test_sample_rejections_and_duplicates_by_source(sample_db: Path) -> None:
    """The shipped sample's 29 rejections and 3,321 duplicates, source by source."""
    rows = queries.records_by_source(sample_db)
    assert rows[
        ["source_name", "contracts", "records_rejected", "duplicates_dropped"]
    ].to_numpy().tolist() == [
        ["data.gouv.fr_aife", 4233, 27, 248],
        ["data.gouv.fr_pes", 1140, 0, 8],
        ["decp_2024H2_travaux_cpv4521", 5178, 2, 3036],
        ["e-marchespublics", 441, 0, 29],
    ]


def test_a_table_downloads_as_csv(fixture_db: Path) -> None:
    assert exports.frame_csv(queries.records_by_source(fixture_db)).decode() == (
        "source_name,contracts,records_rejected,duplicates_dropped,first_notification,latest_notification\n"
        "data.gouv.fr_aife,46,0,1,2018-05-16,2018-09-01\n"
        "data.gouv.fr_pes,46,0,0,2018-05-25,2019-03-14\n"
        "decp_tabular_2024H2_dep75_2A_16,53,2,18,2024-07-03,2024-12-26\n"
        "e-marchespublics,41,0,1,2018-06-14,2019-01-28\n"
    )
    by_year = exports.frame_csv(queries.coverage_by_year(fixture_db)).decode().splitlines()
    assert by_year[0] == "year,contracts,classified_weight,coverage"
    # NULL (the undated contracts' year) is an empty field.
    assert by_year[3:] == ["2024,53,28,0.528301886792453", ",42,28.8333333333333,0.686507936507937"]


def test_cli_prints_the_report(fixture_db: Path) -> None:
    result = run_etl("info", "--quality", "--db", fixture_db)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"quality report: {fixture_db}\n"
        "fields published, by source and year (share of contracts):\n"
        "  source                           year  contracts  amount     cpv    date   siret    bids  procedure  size known\n"
        "  data.gouv.fr_aife                2018          4  100.0%   50.0%  100.0%    0.0%    0.0%     100.0%        0.0%\n"
        "  data.gouv.fr_aife                   –         42  100.0%  100.0%    0.0%   97.6%    0.0%     100.0%       68.7%\n"
        "  data.gouv.fr_pes                 2018         21  100.0%  100.0%  100.0%   85.7%    0.0%     100.0%       69.0%\n"
        "  data.gouv.fr_pes                 2019         25  100.0%  100.0%  100.0%  100.0%    0.0%     100.0%       82.7%\n"
        "  decp_tabular_2024H2_dep75_2A_16  2024         53  100.0%  100.0%  100.0%   94.3%  100.0%      92.5%       52.8%\n"
        "  e-marchespublics                 2018         37  100.0%  100.0%  100.0%  100.0%    0.0%     100.0%       72.5%\n"
        "  e-marchespublics                 2019          4  100.0%  100.0%  100.0%   75.0%    0.0%     100.0%       66.7%\n"
        "size known, by year (award weight of known size, all sources):\n"
        "  year  contracts  of known size  size known\n"
        "  2018         62           41.3       66.7%\n"
        "  2019         29           23.3       80.5%\n"
        "  2024         53           28.0       52.8%\n"
        "  –            42           28.8       68.7%\n"
        "by source:\n"
        "  source                           contracts  rejected  duplicates  first notification  latest notification\n"
        "  data.gouv.fr_aife                       46         0           1          2018-05-16           2018-09-01\n"
        "  data.gouv.fr_pes                        46         0           0          2018-05-25           2019-03-14\n"
        "  decp_tabular_2024H2_dep75_2A_16         53         2          18          2024-07-03           2024-12-26\n"
        "  e-marchespublics                        41         0           1          2018-06-14           2019-01-28\n"
    )  # fmt: skip


def test_cli_without_the_flag_prints_no_report(fixture_db: Path) -> None:
    result = run_etl("info", "--db", fixture_db)
    assert result.returncode == 0
    assert "quality report" not in result.stdout
    assert result.stdout.startswith(f"database: {fixture_db}\nrun ")


def test_cli_on_a_db_built_before_the_report_says_so(tmp_path: Path, fixture_db: Path) -> None:
    """A constructed file: the fixture DB without the report's tables, as a build before issue 14 left it."""
    old = tmp_path / "old.duckdb"
    old.write_bytes(fixture_db.read_bytes())
    with duckdb.connect(str(old)) as writable:
        writable.execute("DROP TABLE quality_completeness")
        writable.execute("DROP TABLE quality_by_source")
    before = digest(old)
    result = run_etl("info", "--quality", "--db", old)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"error: {old}: no quality report (built before it existed); rebuild it with `python -m etl build`\n",
    )
    assert digest(old) == before


def test_cli_without_a_db_says_how_to_build(tmp_path: Path) -> None:
    result = run_etl("info", "--quality", "--db", tmp_path / "none.duckdb")
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {tmp_path / 'none.duckdb'}: no database; build it with `python -m etl build`\n",
    )
