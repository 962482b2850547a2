"""OCDS (Open Contracting Data Standard 1.1) inputs: release packages, record packages, bare arrays
and JSON Lines, each read into narrow tables (load/ocds.sql), then every ocid's releases of the
build merged into one contract per award (load/ocds_merge.sql).

A package or an array is streamed by ijson into JSON lines, one release or record a line; JSON Lines
are read by DuckDB as they are. Neither is ever held whole in Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb
import ijson

from etl import steps
from etl.errors import DataQualityError, SourceError
from etl.inputs import InputFile

# The formats etl/inputs.py gives OCDS: a package or array (streamed here), JSON Lines (read by DuckDB).
FORMATS = ("ocds", "ocds-jsonl")
RULES = Path(__file__).resolve().parent / "rules"
COUNTRY_NAMES_FILE = RULES / "country_names.csv"
BOM = b"\xef\xbb\xbf"
# ijson's path of the items of each root: a release package's, a record package's, a bare array's;
# "" reads each root value whole (a release or a record per value).
ITEM_PATHS = {"releases": "releases.item", "records": "records.item", "array": "item", "value": ""}
# ijson's values are plain dicts and lists, never circular: the check would cost a sixth of the writing.
ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))


@dataclass(frozen=True)
class Package:
    """What a package says of all its releases: its publisher's identifier scheme (`GB-GOR`) and
    its licence (a URL), None when it does not say (or for JSON Lines, whose lines may)."""

    publisher_scheme: str | None = None
    licence: str | None = None


def load(con: duckdb.DuckDBPyConnection, input_no: int, item: InputFile, workdir: Path) -> None:
    """Read one OCDS input's releases into the build's OCDS tables; SourceError names the file when
    it is not well-formed JSON, or when a release has no ocid (the file is refused whole)."""
    package = Package()
    path = item.path
    if item.format == "ocds":
        path = workdir / f"{input_no}.{item.path.name}.jsonl"
        package = json_lines(item.path, path, item.origin)
    steps.run(
        con,
        "load/ocds.sql",
        {
            "input_no": input_no,
            "source_name": item.source_name,
            "path": str(path),
            "publisher_scheme": package.publisher_scheme,
            "licence": package.licence,
        },
    )
    if path != item.path:
        path.unlink()
    missing = con.execute(
        "SELECT rel_no, release_id FROM ocds_unnamed WHERE input_no = $n ORDER BY rel_no LIMIT 1",
        {"n": input_no},
    ).fetchone()
    if missing is not None:
        rel_no, release_id = missing
        which = f"release {rel_no}" + (f" (id {release_id})" if release_id else "")
        raise SourceError(
            f"{item.origin}: {which} has no ocid: an OCDS release must name its contracting process; "
            "the file is refused"
        )


def merge(con: duckdb.DuckDBPyConnection, inputs: list[InputFile]) -> None:
    """Merge the releases of every OCDS input of the build by ocid into stg_contracts and
    stg_winners; DataQualityError when none of them holds an award (nothing to load)."""
    releases, awards = con.execute("SELECT count(*), sum(award_count) FROM ocds_releases").fetchone()
    if not awards:
        names = ", ".join(i.origin for i in inputs)
        raise DataQualityError(
            f"{names}: OCDS without any award ({releases:,} releases read, none with awards[]): "
            "nothing to load; the published DB is left as it was"
        )
    steps.run(con, "load/ocds_merge.sql", {"country_names_file": str(COUNTRY_NAMES_FILE)})


def licences(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """The licence each OCDS input's package states (its `license`), by input number."""
    return dict(con.execute("SELECT input_no, licence FROM ocds_licences").fetchall())


def json_lines(path: Path, target: Path, label: str) -> Package:
    """Write the releases (or records) of the OCDS file `path` to `target`, one a line, in file
    order; SourceError names the file when it is not well-formed JSON."""
    try:
        root, package = _root(path)
        with _open(path) as fh, target.open("w", encoding="utf-8") as out:
            for value in ijson.items(fh, ITEM_PATHS[root], use_float=True, multiple_values=True):
                out.write(ENCODER.encode(value) + "\n")
        # Package metadata may follow the list (the schema lists `publisher` and `license` after
        # `releases`): then each is found by a pass of its own.
        if root in ("releases", "records"):
            package = Package(
                package.publisher_scheme or _first(path, "publisher.scheme"),
                package.licence or _first(path, "license"),
            )
    except ijson.JSONError as exc:
        # yajl points at the error on two more lines: the first one says it.
        raise SourceError(f"{label}: unreadable OCDS JSON ({str(exc).strip().splitlines()[0]})") from exc
    return package


def _open(path: Path) -> IO[bytes]:
    fh = path.open("rb")
    if fh.read(3) != BOM:
        fh.seek(0)
    return fh


def _root(path: Path) -> tuple[str, Package]:
    """What the first root value is (a release package, a record package, an array, or a release or
    record), and the package's publisher scheme and licence when they come before its list."""
    scheme = licence = None
    with _open(path) as fh:
        events = ijson.parse(fh, multiple_values=True)
        for prefix, event, value in events:
            if prefix == "" and event == "start_array":
                return "array", Package()
            if prefix == "" and event == "map_key" and value in ("releases", "records"):
                return value, Package(scheme, licence)
            if prefix == "" and event == "map_key" and value == "ocid":
                return "value", Package()
            if prefix == "" and event in ("end_map", "end_array"):
                break
            if event == "string" and prefix == "publisher.scheme":
                scheme = value
            elif event == "string" and prefix == "license":
                licence = value
    return "value", Package()


def _first(path: Path, prefix: str) -> str | None:
    """The first string at `prefix` in the file (a pass at yajl's speed: no object is built for what
    it skips), None when there is none."""
    with _open(path) as fh:
        value = next(ijson.items(fh, prefix, multiple_values=True), None)
    return value if isinstance(value, str) else None
