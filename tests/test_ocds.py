"""OCDS 1.1 inputs (issue 16, part 2): release and record packages, bare arrays, JSON Lines, gzip and
zip of each, merged by ocid.

The data: the real UK Contracts Finder release package of tests/fixtures/ocds-uk-contracts-finder/
(PROVENANCE.md there): 100 releases, 94 ocids, 59 awards. Its other shapes are written here from
its releases, unchanged. The merge rules are checked on **constructed** copies of its releases:
each test names what it changed (a value, a date, a list) in a real release.
"""

from __future__ import annotations

import copy
import gzip
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from etl.inputs import detect_format
from tests.conftest import FIXTURES, assert_refused, run_etl
from tests.tools import recount_ocds

FIXTURE = FIXTURES / "ocds-uk-contracts-finder" / "contracts_finder_release_package_2025-01-23_page1.json"
TABLES = ("contracts", "awards", "quality_notes", "rejected_records")
OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Real ocids of the fixture, by the end of their ids.
PREFIX = "ocds-b5fd17-"


def _package() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _metadata() -> dict[str, Any]:
    """The package's own fields (uri, publisher, license...), without its releases."""
    return {k: v for k, v in _package().items() if k != "releases"}


def _releases() -> list[dict[str, Any]]:
    return _package()["releases"]


def _ocid(end: str) -> str:
    return next(r["ocid"] for r in _releases() if r["ocid"].endswith(end))


def _write(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _write_lines(path: Path, values: list[Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values), encoding="utf-8")
    return path


def _build(db: Path, *sources: Path) -> duckdb.DuckDBPyConnection:
    result = run_etl("build", *sources, "--db", db)
    assert result.returncode == 0, result.stderr
    return duckdb.connect(str(db), read_only=True)


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The real release package built alone."""
    folder = tmp_path_factory.mktemp("ocds")
    result = run_etl("build", FIXTURE, "--db", folder / "cf.duckdb")
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(folder / "cf.duckdb"), read_only=True)
    yield result.stdout, con
    con.close()


# Format detection.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"uri": "x", "publishedDate": "2025-01-23T22:10:19Z", "releases": []}', "ocds"),
        ('{\n "releases": [\n  {"ocid": "ocds-1", "id": "1"}\n ]\n}', "ocds"),
        ('{"records": [{"ocid": "ocds-1", "compiledRelease": {}}]}', "ocds"),
        ('[{"ocid": "ocds-1", "id": "1"}, {"ocid": "ocds-2", "id": "1"}]', "ocds"),
        ('{\n  "ocid": "ocds-1",\n  "id": "1"\n}', "ocds"),
        ('{"ocid": "ocds-1", "id": "1"}\n{"ocid": "ocds-2", "id": "1"}\n', "ocds-jsonl"),
        ('{"releases": [{"ocid": "ocds-1"}]}\n{"releases": [{"ocid": "ocds-2"}]}\n', "ocds-jsonl"),
        # A single line is a package or a release, read as JSON.
        ('{"releases": [{"ocid": "ocds-1"}]}\n', "ocds"),
        # A {"marches": ...} root is never OCDS, whatever its records hold.
        ('{"marches": [{"id": "1", "ocid": "x"}]}', "decp-2019"),
        ('{"marches": {"marche": [{"ocid": "x"}]}}', "decp-2022"),
    ],
)
def test_format_is_read_from_the_content(tmp_path, text, expected):
    path = tmp_path / "input.txt"
    path.write_text(text, encoding="utf-8")
    assert detect_format(path, "input.txt") == expected


def test_the_fixture_is_a_release_package():
    assert detect_format(FIXTURE, "x") == "ocds"


# The real package, built alone: exact tables, recounted independently.


def test_the_package_builds_and_passes_the_checks(built):
    stdout, con = built
    assert stdout.endswith(
        ": 57 contracts, 70 awards from 1 file(s) (100 records read); 0 records rejected "
        "(see rejected_records), 0 duplicates dropped, 0 concessions skipped\n"
    )
    assert con.execute(
        "SELECT format, records_read, records_loaded, records_rejected, duplicates_dropped, licence, file_date "
        "FROM etl_inputs"
    ).fetchall() == [("ocds", 100, 57, 0, 0, "Open Government Licence v3.0", date(2025, 1, 23))]


def test_the_package_figures(built):
    """59 awards, two of them published twice (award, then awardUpdate): 57 contracts; 72 supplier
    links, two repeated by those updates: 70 awards. Every amount is in pounds; two awards of 0 are
    aberrant (Method §6). Contracts Finder publishes no bid count."""
    _, con = built
    assert con.execute(
        "SELECT count(*), list(DISTINCT source_format), list(DISTINCT country), list(DISTINCT currency), "
        "count(bids_received), sum(modifications), round(sum(amount), 2), round(sum(amount_initial), 2), "
        "count(*) FILTER (WHERE amount_status = 'aberrant'), count(cpv_code), count(notification_date) "
        "FROM contracts"
    ).fetchone() == (57, ["ocds"], ["GB"], ["GBP"], 0, 0, 121869256.4, 121869256.4, 2, 57, 57)
    assert con.execute("SELECT year, count(*) FROM contracts GROUP BY 1 ORDER BY 1").fetchall() == [
        (2019, 1),
        (2021, 2),
        (2022, 3),
        (2024, 27),
        (2025, 24),
    ]
    assert con.execute(
        "SELECT size_class, size_basis, count(*), round(sum(weight), 6), round(sum(amount_share), 2) "
        "FROM awards GROUP BY ALL ORDER BY 1"
    ).fetchall() == [
        ("PME", "source", 30, 19.0, 63029137.65),
        ("large", "source", 26, 26.0, 53663861.81),
        ("unknown", "none", 14, 12.0, 5176256.94),
    ]
    assert con.execute(
        "SELECT supplier_id_scheme, count(*) FROM awards GROUP BY 1 ORDER BY 1"
    ).fetchall() == [
        ("GB-COH", 22),
        ("OCDS-PARTY-ID", 48),
    ]
    assert con.execute(
        "SELECT procedure_family, count(DISTINCT contract_row) FROM fact_awards GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("open", 14), ("restricted", 12), ("no_competition", 19), ("other", 12)]


def test_the_recount_gives_the_pinned_figures_and_agrees_with_the_build(built):
    """tests/tools/recount_ocds.py compiles each ocid's releases with its own merge, in plain Python."""
    _, con = built
    figures = recount_ocds.recount(FIXTURE)
    assert figures == {
        "releases": 100,
        "contracts": 57,
        "awards": 70,
        "countries": ["GB"],
        "currencies": ["GBP"],
        "amount_total": 121869256.4,
        "amount_initial_total": 121869256.4,
        "shares": {
            "PME": (0.333333, 0.517187),
            "large": (0.45614, 0.44034),
            "unknown": (0.210526, 0.042474),
        },
        "years": {"2019": 1, "2021": 2, "2022": 3, "2024": 27, "2025": 24},
        "groupings": 2,
    }
    shares = con.execute(
        "SELECT size_class, round(sum(weight) / (SELECT sum(weight) FROM awards), 6), "
        "round(sum(amount_share) / (SELECT sum(amount_share) FROM awards), 6) FROM awards GROUP BY ALL"
    ).fetchall()
    assert {size: (count, amount) for size, count, amount in shares} == figures["shares"]
    assert con.execute(
        "SELECT count(*), round(sum(amount), 2), count(*) FILTER (WHERE winners > 1) FROM contracts"
    ).fetchone() == (figures["contracts"], figures["amount_total"], figures["groupings"])


def test_the_package_rows(built):
    """An award published, then republished by an awardUpdate read first (ocid ...e5d9ef5a7b72):
    one contract. A framework award to 12 taxi firms (...88fcdad59f37): 12 awards of 1/12, the
    firms with a Companies House number under GB-COH, the others under their Contracts Finder id."""
    _, con = built
    assert con.execute(
        "SELECT contract_uid, contract_id, buyer_id, buyer_name, procedure, object, cpv_code, notification_date, "
        "amount, amount_initial, currency, winners, modifications FROM contracts "
        "WHERE contract_uid LIKE '%e5d9ef5a7b72/%' OR contract_uid LIKE '%88fcdad59f37/%' ORDER BY 1"
    ).fetchall() == [
        (f"{PREFIX}55a5319a-5ceb-44da-8d2d-e5d9ef5a7b72/{PREFIX}55a5319a-5ceb-44da-8d2d-e5d9ef5a7b72-1",
         f"{PREFIX}55a5319a-5ceb-44da-8d2d-e5d9ef5a7b72-1", "GB-CFS-226794", "Oxford City Council", "selective",
         "Provision of Non-traditional construction archetype identification and retrofit consultancy - AWARD",
         "71315200", date(2025, 1, 17), 98700.0, 98700.0, "GBP", 1, 0),
        (f"{PREFIX}d1441223-b3e7-45a9-9ff6-88fcdad59f37/{PREFIX}d1441223-b3e7-45a9-9ff6-88fcdad59f37-1",
         f"{PREFIX}d1441223-b3e7-45a9-9ff6-88fcdad59f37-1", "GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a",
         "Welland Procurement Unit", "selective", "RCC-1118-S-DPS Home to School DPS", "60120000",
         date(2024, 9, 1), 776888.48, 776888.48, "GBP", 12, 0),
    ]  # fmt: skip
    assert con.execute(
        "SELECT supplier_id, supplier_id_scheme, supplier_name, size_class, round(weight, 6) FROM awards "
        "WHERE contract_uid LIKE '%88fcdad59f37/%' ORDER BY supplier_id"
    ).fetchall() == [
        ("08309475", "GB-COH", "Ace Cabs of Stamford", "PME", 0.083333),
        ("11506778", "GB-COH", "Star Cars Of Corby Ltd", "PME", 0.083333),
        ("12308679", "GB-COH", "NMI Taxis", "PME", 0.083333),
        ("13800271", "GB-COH", "TDST (Taxi Direct School Transport Ltd)", "PME", 0.083333),
        ("14362651", "GB-COH", "Swift Transport", "PME", 0.083333),
        ("14783275", "GB-COH", "A1 Taxis", "PME", 0.083333),
        ("15277395", "GB-COH", "TLC Cabs", "PME", 0.083333),
        ("4142000", "GB-COH", "24x7", "PME", 0.083333),
        ("GB-CFS-307558", "OCDS-PARTY-ID", "BA Taxis Ltd", "PME", 0.083333),
        ("GB-CFS-307559", "OCDS-PARTY-ID", "Corby Jet Carz", "PME", 0.083333),
        ("GB-CFS-307560", "OCDS-PARTY-ID", "Starline", "PME", 0.083333),
        ("GB-CFS-307561", "OCDS-PARTY-ID", "Take Me", "PME", 0.083333),
    ]


# The same releases in every shape give the same tables.


def _record_package(folder: Path) -> Path:
    """Records listing their releases (no compiledRelease): the loader merges them."""
    by_ocid: dict[str, list[dict]] = {}
    for release in _releases():
        by_ocid.setdefault(release["ocid"], []).append(release)
    records = [{"ocid": ocid, "releases": releases} for ocid, releases in by_ocid.items()]
    return _write(folder / "cf.json", _metadata() | {"records": records})


def _compiled_record_package(folder: Path) -> Path:
    """Records with a compiledRelease (compiled by tests/tools/recount_ocds.py) and linked releases."""
    by_ocid: dict[str, list[dict]] = {}
    for release in _releases():
        by_ocid.setdefault(release["ocid"], []).append(release)
    records = [
        {
            "ocid": ocid,
            "releases": [
                {"url": f"{FIXTURE.name}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in releases
            ],
            "compiledRelease": recount_ocds.compiled(releases)[ocid][0],
        }
        for ocid, releases in by_ocid.items()
    ]
    return _write(folder / "cf.json", _metadata() | {"records": records})


def _release_lines(folder: Path) -> Path:
    return _write_lines(folder / "cf.jsonl", _releases())


def _package_lines(folder: Path) -> Path:
    """Four packages of 25 releases, one a line (each line longer than the format sniffer reads)."""
    releases = _releases()
    return _write_lines(
        folder / "cf.jsonl", [_metadata() | {"releases": releases[i : i + 25]} for i in range(0, 100, 25)]
    )


def _small_package_lines(folder: Path) -> Path:
    """Fifty packages of 2 releases, one a line: short lines, read by DuckDB as they are."""
    releases = _releases()
    return _write_lines(
        folder / "cf.jsonl", [_metadata() | {"releases": releases[i : i + 2]} for i in range(0, 100, 2)]
    )


def _record_lines(folder: Path) -> Path:
    """One record (its ocid and releases) a line."""
    records = json.loads(_record_package(folder / "package").read_text(encoding="utf-8"))["records"]
    return _write_lines(folder / "cf.jsonl", records)


def _gzip(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "cf.json.gz").write_bytes(gzip.compress(FIXTURE.read_bytes()))
    return folder / "cf.json.gz"


def _zipped(folder: Path, inner: Path) -> Path:
    """`inner` (a file under folder/inner) as the one member of folder/cf.zip."""
    with zipfile.ZipFile(folder / "cf.zip", "w") as archive:
        archive.write(inner, "cf" + inner.suffix)
    return folder / "cf.zip"


def _zipped_lines(folder: Path) -> Path:
    return _zipped(folder, _release_lines(folder / "inner"))


def _gzipped_lines(folder: Path) -> Path:
    lines = _release_lines(folder / "inner")
    (folder / "cf.jsonl.gz").write_bytes(gzip.compress(lines.read_bytes()))
    return folder / "cf.jsonl.gz"


def _zipped_record_package(folder: Path) -> Path:
    return _zipped(folder, _record_package(folder / "inner"))


def _bare_array(folder: Path) -> Path:
    """No package, so no publisher: the country comes from each buyer's address (England, UK...)."""
    return _write(folder / "cf.json", _releases())


# Each shape, the format detected and the licence recorded (the package's `license`, where one says).
UNSTATED = "as stated by the OCDS publisher"
SHAPES = {
    "record package": (_record_package, "ocds", OGL),
    "record package with compiled releases": (_compiled_record_package, "ocds", OGL),
    "JSON Lines of releases": (_release_lines, "ocds-jsonl", UNSTATED),
    "JSON Lines of packages": (_package_lines, "ocds", OGL),
    "JSON Lines of small packages": (_small_package_lines, "ocds-jsonl", OGL),
    "JSON Lines of records": (_record_lines, "ocds-jsonl", UNSTATED),
    "gzipped package": (_gzip, "ocds", OGL),
    "zipped JSON Lines": (_zipped_lines, "ocds-jsonl", UNSTATED),
    "gzipped JSON Lines": (_gzipped_lines, "ocds-jsonl", UNSTATED),
    "zipped record package": (_zipped_record_package, "ocds", OGL),
    "bare array": (_bare_array, "ocds", UNSTATED),
}


@pytest.fixture(scope="module")
def package_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The package's tables, built from a copy named cf.json (the shapes' source name)."""
    folder = tmp_path_factory.mktemp("package")
    (folder / "in").mkdir()
    (folder / "in" / "cf.json").write_bytes(FIXTURE.read_bytes())
    con = _build(folder / "cf.duckdb", folder / "in" / "cf.json")
    tables = _tables(con)
    con.close()
    return tables


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_gives_the_package_tables(tmp_path, package_tables, shape):
    write, fmt, licence = SHAPES[shape]
    con = _build(tmp_path / "x.duckdb", write(tmp_path / "in"))
    assert con.execute("SELECT format, licence FROM etl_inputs").fetchall() == [(fmt, licence)]
    tables = _tables(con)
    for table in TABLES:
        assert tables[table] == package_tables[table], table


def test_an_ocid_split_across_files_is_merged(tmp_path, package_tables):
    """The three awardUpdate releases in one file, every other release in another, given in either
    order: the same contracts, each from the file of its latest release (two updates republish an
    award of the other file, one stands alone)."""
    updates = [r for r in _releases() if "awardUpdate" in r["tag"]]
    others = [r for r in _releases() if "awardUpdate" not in r["tag"]]
    first = _write(tmp_path / "a" / "cf.json", _metadata() | {"releases": others})
    second = _write(tmp_path / "b" / "updates.json", _metadata() | {"releases": updates})
    # contracts' third column is source_name.
    expected = {row[0]: row[:2] + row[3:] for row in package_tables["contracts"]}
    for order, sources in (("ab", (first, second)), ("ba", (second, first))):
        con = _build(tmp_path / f"{order}.duckdb", *sources)
        rows = con.execute("SELECT * EXCLUDE (source_name) FROM contracts").fetchall()
        assert {row[0]: row for row in rows} == expected
        assert con.execute(
            "SELECT source_name, count(*) FROM contracts GROUP BY 1 ORDER BY 1"
        ).fetchall() == [("cf", 54), ("updates", 3)]
        assert con.execute("SELECT sum(records_read), sum(records_loaded) FROM etl_inputs").fetchone() == (
            100,
            57,
        )


# The merge rules, on constructed copies of real releases.


def _edit(releases: list[dict], end: str, tag: str, change: Any) -> None:
    """Apply `change` to the release of the ocid ending in `end` whose tags hold `tag`."""
    for release in releases:
        if release["ocid"].endswith(end) and tag in release["tag"]:
            change(release)
            return
    raise AssertionError(f"no {tag} release for ...{end}")


def _party(release: dict, party_id: str) -> dict:
    return next(p for p in release["parties"] if p["id"] == party_id)


@pytest.fixture(scope="module")
def constructed(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """**Constructed**: the real package with these changes, one rule each.

    - ...e5d9ef5a7b72 (award, then an awardUpdate read first but dated 9 s later): the update's
      value is 105,000 and it lists one amendment; the award release says numberOfTenderers 3.
    - ...2eb477826ef3 (award, awardUpdate): the update's value is null (the award's stays); bid
      statistics bids 5 and validBids 4 in the award, bids 6 (same id) in the update.
    - ...01c247fc9c30: the award is for lot 2; statistics: bids 7 for lot 1, validBids 2 for lot
      2, bids 9 for the tender; numberOfTenderers 11.
    - ...88fcdad59f37: its 12 suppliers' scales are micro, sme, small, medium, selfEmployed, large,
      SME, Large, unknownScale, "", null and no details.
    - ...bbd0e5933625: no tender.classification; its item is classified CPV 72000000-5.
    - ...f224ef386551: its classification's scheme is CPVS (not CPV).
    - ...2c8551e9912d: the award is cancelled; ...0dd552b773a9: the award lists no supplier;
      ...9793ae1553a7: the award has no id.
    - ...659c24326c15: no release.buyer (the party with the role buyer is read); ...f869785ad71a:
      no release.buyer and no party with the role buyer.
    - ...19c1859f6f62: no award date; two contracts of the award signed 2025-01-22 and
      2025-01-21, the first with two amendments.
    """
    releases = _releases()

    def update_value(r: dict) -> None:
        r["awards"][0]["value"] = {"amount": 105000, "currency": "GBP"}
        r["awards"][0]["amendments"] = [{"id": "1", "description": "value revised"}]

    _edit(releases, "e5d9ef5a7b72", "awardUpdate", update_value)
    _edit(releases, "e5d9ef5a7b72", "award", lambda r: r["tender"].update(numberOfTenderers=3))
    _edit(releases, "2eb477826ef3", "awardUpdate", lambda r: r["awards"][0].update(value=None))
    _edit(releases, "2eb477826ef3", "award", lambda r: r.update(bids={"statistics": [
        {"id": "1", "measure": "bids", "value": 5}, {"id": "2", "measure": "validBids", "value": 4}]}))  # fmt: skip
    _edit(releases, "2eb477826ef3", "awardUpdate", lambda r: r.update(bids={"statistics": [
        {"id": "1", "measure": "bids", "value": 6}]}))  # fmt: skip

    def lots(r: dict) -> None:
        r["awards"][0]["relatedLots"] = ["2"]
        r["tender"]["numberOfTenderers"] = 11
        r["bids"] = {"statistics": [
            {"id": "1", "measure": "bids", "value": 7, "relatedLot": "1"},
            {"id": "2", "measure": "validBids", "value": 2, "relatedLot": "2"},
            {"id": "3", "measure": "bids", "value": 9},
        ]}  # fmt: skip

    _edit(releases, "01c247fc9c30", "award", lots)

    def scales(r: dict) -> None:
        values = [
            "micro",
            "sme",
            "small",
            "medium",
            "selfEmployed",
            "large",
            "SME",
            "Large",
            "unknownScale",
            "",
        ]
        for supplier, scale in zip(r["awards"][0]["suppliers"], [*values, None, "no details"], strict=True):
            party = _party(r, supplier["id"])
            if scale == "no details":
                party.pop("details", None)
            else:
                party.setdefault("details", {})["scale"] = scale

    _edit(releases, "88fcdad59f37", "award", scales)

    def cpv_from_items(r: dict) -> None:
        del r["tender"]["classification"]
        r["tender"]["items"][0]["classification"] = {"scheme": "CPV", "id": "72000000-5"}

    _edit(releases, "bbd0e5933625", "award", cpv_from_items)
    _edit(releases, "f224ef386551", "award", lambda r: r["tender"]["classification"].update(scheme="CPVS"))
    _edit(releases, "2c8551e9912d", "award", lambda r: r["awards"][0].update(status="cancelled"))
    _edit(releases, "0dd552b773a9", "award", lambda r: r["awards"][0].update(suppliers=[]))
    _edit(releases, "9793ae1553a7", "award", lambda r: r["awards"][0].pop("id"))
    _edit(releases, "659c24326c15", "award", lambda r: r.pop("buyer"))

    def no_buyer(r: dict) -> None:
        r.pop("buyer")
        _party(r, "GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a")["roles"] = ["payer"]

    _edit(releases, "f869785ad71a", "award", no_buyer)

    def signed(r: dict) -> None:
        award = r["awards"][0]
        del award["date"]
        r["contracts"] = [
            {"id": "c1", "awardID": award["id"], "dateSigned": "2025-01-22T00:00:00Z",
             "amendments": [{"id": "a1"}, {"id": "a2"}]},
            {"id": "c2", "awardID": award["id"], "dateSigned": "2025-01-21T09:00:00+01:00"},
        ]  # fmt: skip

    _edit(releases, "19c1859f6f62", "award", signed)
    folder = tmp_path_factory.mktemp("constructed")
    path = _write(folder / "constructed.json", _metadata() | {"releases": releases})
    con = _build(folder / "constructed.duckdb", path)
    yield con
    con.close()


def _contract(con: duckdb.DuckDBPyConnection, end: str, columns: str) -> tuple:
    return con.execute(f"SELECT {columns} FROM contracts WHERE contract_uid LIKE '%{end}/%'").fetchone()


def test_the_latest_value_wins_and_the_first_is_the_initial_amount(constructed):
    assert _contract(constructed, "e5d9ef5a7b72", "amount, amount_initial, modifications, bids_received") == (
        105000.0,
        98700.0,
        1,
        3,
    )
    # A null value in the later release leaves the earlier one.
    assert _contract(constructed, "2eb477826ef3", "amount, amount_initial") == (34737.0, 34737.0)


@pytest.mark.parametrize(
    ("end", "bids"),
    [
        ("e5d9ef5a7b72", 3),  # numberOfTenderers only
        ("2eb477826ef3", 6),  # statistic id 1 merged: the update's bids
        ("01c247fc9c30", 2),  # the award's lot, validBids, before the tender's bids and numberOfTenderers
        ("bbd0e5933625", None),  # none published
    ],
)
def test_bids_received(constructed, end, bids):
    assert _contract(constructed, end, "bids_received") == (bids,)


def test_sizes_from_the_declared_scale(constructed):
    assert constructed.execute(
        "SELECT size_class, size_basis, count(*) FROM awards WHERE contract_uid LIKE '%88fcdad59f37/%' "
        "GROUP BY ALL ORDER BY 1"
    ).fetchall() == [("PME", "source", 6), ("large", "source", 2), ("unknown", "none", 4)]


def test_cpv_from_the_items_and_only_under_the_cpv_scheme(constructed):
    assert _contract(constructed, "bbd0e5933625", "cpv_code, contract_type") == ("72000000", "services")
    assert _contract(constructed, "f224ef386551", "cpv_code") == (None,)


def test_buyer_from_the_party_with_the_buyer_role(constructed):
    assert _contract(constructed, "659c24326c15", "buyer_id, buyer_name") == (
        "GB-SRS-sid4gov.cabinetoffice.gov.uk/SjTw969a",
        "Welland Procurement Unit",
    )


def test_the_contract_signature_dates_an_award_without_date(constructed):
    assert _contract(constructed, "19c1859f6f62", "notification_date, modifications") == (
        date(2025, 1, 21),
        2,
    )


def test_unusable_awards_are_rejected_with_their_reason(constructed):
    assert constructed.execute(
        "SELECT record_ref, reason, starts_with(raw_excerpt, '{\"id\":') FROM rejected_records ORDER BY 1"
    ).fetchall() == [
        (f"{PREFIX}6b5d499c-3804-4496-9f22-2c8551e9912d/{PREFIX}6b5d499c-3804-4496-9f22-2c8551e9912d-1",
         "award cancelled", True),
        (f"{PREFIX}71b2b17c-1e8c-4a47-a886-0dd552b773a9/{PREFIX}71b2b17c-1e8c-4a47-a886-0dd552b773a9-1",
         "award without suppliers", True),
        (f"{PREFIX}75fdf74e-7aa6-42fe-8132-9793ae1553a7", "award id missing", True),
        (f"{PREFIX}c526ac26-3628-456a-ad7a-f869785ad71a/{PREFIX}c526ac26-3628-456a-ad7a-f869785ad71a-1",
         "buyer missing", True),
    ]  # fmt: skip
    assert constructed.execute(
        "SELECT records_read, records_loaded, records_rejected, duplicates_dropped FROM etl_inputs"
    ).fetchone() == (100, 53, 4, 0)


def test_country_and_currency_when_no_package_says_them(tmp_path):
    """**Constructed**: a bare array (no publisher) of three real award releases, their buyer's
    address changed to « France », to « Atlantis » under a GB-SRS identifier, and to « Atlantis »
    with no identifier; the last award's value and the tender's lose their currency."""
    releases = {r["ocid"][-12:]: r for r in _releases() if r.get("awards")}
    chosen = [copy.deepcopy(releases[end]) for end in ("da2999a52a60", "659c24326c15", "01c247fc9c30")]
    for release, country in zip(chosen, ("France", "Atlantis", "Atlantis"), strict=True):
        _party(release, release["buyer"]["id"])["address"]["countryName"] = country
    del chosen[2]["awards"][0]["value"]["currency"]
    chosen[2]["tender"]["value"].pop("currency")
    con = _build(tmp_path / "x.duckdb", _write(tmp_path / "array.json", chosen))
    assert con.execute(
        "SELECT right(contract_uid, 14), country, currency FROM contracts ORDER BY 1"
    ).fetchall() == [
        ("01c247fc9c30-1", "ZZ", "XXX"),
        ("659c24326c15-1", "GB", "GBP"),
        ("da2999a52a60-1", "FR", "GBP"),
    ]


# Bad inputs: one line naming the file and the reason, exit 1, the published DB unchanged.


def _without_ocid() -> bytes:
    """**Constructed**: the package, its 5th release without an ocid."""
    package = _package()
    del package["releases"][4]["ocid"]
    return json.dumps(package).encode()


def _without_awards() -> bytes:
    """**Constructed**: the package's 41 releases that hold no award (tenders, plans, amendments)."""
    package = _package()
    package["releases"] = [r for r in package["releases"] if not r.get("awards")]
    return json.dumps(package).encode()


def _lines_without_ocid() -> bytes:
    releases = _releases()
    del releases[1]["ocid"]
    return "".join(json.dumps(r) + "\n" for r in releases).encode()


BAD_INPUTS = [
    ("truncated.json", FIXTURE.read_bytes()[:200_000], "unreadable OCDS JSON (parse error: premature EOF)"),
    (
        "truncated.jsonl",
        "".join(json.dumps(r) + "\n" for r in _releases()).encode()[:100_000],
        "unreadable ocds-jsonl (Invalid Input Error: Malformed JSON",
    ),
    (
        "no_ocid.json",
        _without_ocid(),
        "release 5 (id 261bb701-17a2-40a7-ae8c-6e1594139f2d-819603) has no ocid: an OCDS release must name "
        "its contracting process; the file is refused",
    ),
    ("no_ocid.jsonl", _lines_without_ocid(), "release 2 (id ca6397dc-31b2-4494-b226-bd6ed3b3c645-819949)"),
    (
        "no_awards.json",
        _without_awards(),
        "OCDS without any award (41 releases read, none with awards[]): nothing to load; "
        "the published DB is left as it was",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_1_with_one_line_and_keeps_db(tmp_path, published, name, content, message):
    assert_refused(tmp_path, name, content, published, message)


# Mixed inputs.


def test_mixed_build_with_decp(tmp_path):
    """A DECP 2019 file, a DECP 2022 file and the OCDS package in one build: France in euros, the
    United Kingdom in pounds, side by side."""
    db = tmp_path / "mixed.duckdb"
    con = _build(db, FIXTURES / "fixture_decp2019_138.json", FIXTURES / "constructed_decp2022.json", FIXTURE)
    assert con.execute(
        "SELECT source_format, country, currency, count(*) FROM contracts GROUP BY ALL ORDER BY 1"
    ).fetchall() == [
        ("decp-2019", "FR", "EUR", 133),
        ("decp-2022", "FR", "EUR", 5),
        ("ocds", "GB", "GBP", 57),
    ]
    assert con.execute(
        "SELECT format, records_read, records_loaded FROM etl_inputs ORDER BY 1"
    ).fetchall() == [
        ("decp-2019", 138, 133),
        ("decp-2022", 8, 5),
        ("ocds", 100, 57),
    ]


# The bench generator (bench/generate_ocds.py).


def test_generated_package_and_lines_give_identical_tables(tmp_path):
    """Same seed, same bytes; 300 synthetic releases (135 processes awarded, 5 awards revised by an
    awardUpdate, 76 with a bid count) as a package and as JSON Lines build the same tables."""
    from bench.generate_ocds import main

    for run in ("a", "b"):
        assert main(["--releases", "300", "--seed", "7", "--out", str(tmp_path / run / "g.json"),
                     "--jsonl", str(tmp_path / run / "g.jsonl")]) == 0  # fmt: skip
    for name in ("g.json", "g.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    cons = [_build(tmp_path / f"{name}.duckdb", tmp_path / "a" / name) for name in ("g.json", "g.jsonl")]
    assert _tables(cons[0]) == _tables(cons[1])
    for con in cons:
        assert con.execute(
            "SELECT records_read, records_loaded, records_rejected FROM etl_runs"
        ).fetchone() == (300, 135, 0)
        assert con.execute(
            "SELECT count(*), round(sum(amount), 2), count(bids_received), count(*) FILTER (WHERE amount > amount_initial), "
            "list(DISTINCT country), list(DISTINCT currency) FROM contracts"
        ).fetchone() == (135, 24659783.71, 76, 5, ["GB"], ["GBP"])
        assert con.execute("SELECT size_class, count(*) FROM awards GROUP BY 1 ORDER BY 1").fetchall() == [
            ("PME", 57),
            ("large", 68),
            ("unknown", 23),
        ]
