"""Build the DuckDB file: load inputs into staging, apply the Method in SQL, check, swap in atomically."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from common import settings
from etl import decp2022, fetch, ocds, steps, ted
from etl.errors import DataQualityError, SourceError
from etl.inputs import InputFile, describe
from etl.progress import Progress, progress

log = logging.getLogger(__name__)

PROJECT_ROOT = settings.PROJECT_ROOT
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
CPV_FILE = SAMPLE_DIR / "cpv" / "cpv_2008_fr_en.csv"
# The procedure families of the competition indicators: a rule of ours, read by 035.
PROCEDURE_FAMILIES_FILE = Path(__file__).resolve().parent / "rules" / "procedure_families.csv"
# The files the table-creating steps (000-099) read, by their parameter names.
FIRST_STEPS_FILES = {"cpv_file": str(CPV_FILE), "families_file": str(PROCEDURE_FAMILIES_FILE)}
# The memory limit of this process's container: cgroup v2, then v1 ("max" or absent: no limit).
CGROUP_MEMORY_FILES = (
    Path("/sys/fs/cgroup/memory.max"),
    Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
)
BUILD_QUIET_S = 10.0
LICENCES = {
    "decp": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    # An OCDS package states its own (`license`); a file that does not is under its publisher's.
    "ocds": "as stated by the OCDS publisher",
    "sirene": "Licence Ouverte / Open Licence 2.0 (INSEE, base Sirene)",
    "ted": "TED (EU Publications Office): reuse authorised, source acknowledged (Decision 2011/833/EU)",
}
# TED notices are one file each: a run of them is parsed into one file of JSON lines and loaded by
# one pass of load/ted_xml.sql, not one pass per notice.
TED_NOTICE_FORMATS = ("ted-xml", "ted-eforms")


@dataclass(frozen=True)
class LoadSummary:
    """What a build published."""

    db_path: Path
    inputs: int
    records_read: int
    contracts: int
    awards: int
    rejected: int
    duplicates_dropped: int
    concessions_skipped: int

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"built {self.db_path}: {self.contracts:,} contracts, {self.awards:,} awards "
            f"from {self.inputs} file(s) ({self.records_read:,} records read); "
            f"{self.rejected:,} records rejected (see rejected_records), "
            f"{self.duplicates_dropped:,} duplicates dropped, "
            f"{self.concessions_skipped:,} concessions skipped"
        )


def memory_limit() -> str:
    """DuckDB's memory limit for a build: half the memory this process may use (the machine's, or
    its container's cgroup limit when lower), at most 5 GB; a 16 M-row build then peaks near 5.4 GB
    and spills the rest to disk. ETL_MEMORY_LIMIT overrides it."""
    try:
        available = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "3GB"
    for cgroup in CGROUP_MEMORY_FILES:
        try:
            text = cgroup.read_text(encoding="ascii").strip()
        except OSError:
            continue
        if text.isdigit():
            available = min(available, int(text))
    return f"{min(5_000_000_000, available // 2) // 1_000_000}MB"


def sample_sources() -> tuple[list[Path], list[Path]]:
    """(contract files, SIRENE files) of data/sample/, in name order."""
    contracts = sorted((SAMPLE_DIR / "decp-2019").glob("*.json")) + sorted(
        (SAMPLE_DIR / "decp-tabular").glob("*.csv")
    )
    sirene = [SAMPLE_DIR / "sirene" / "sirene_unites_legales_categorie.csv"]
    return contracts, sirene


def version() -> str:
    """This tool's version, as installed."""
    try:
        return metadata.version("observatoire-pme")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def build(
    sources: list[str], db_path: Path, sirene: list[str] | None = None, offline: bool = False
) -> LoadSummary:
    """Build `db_path` from the sources (URLs and source names through the download cache, only
    from it when `offline`); on any error the file at db_path is left as it was."""
    started = datetime.now(UTC).replace(tzinfo=None)
    if not sources:
        sample_contracts, sample_sirene = sample_sources()
        sources = [str(p) for p in sample_contracts]
        sirene = [str(p) for p in sample_sirene] if sirene is None else sirene
    db_path = db_path.resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(db_path)
    building = db_path.parent / f".{db_path.name}.{os.getpid()}.building"
    workdir = Path(tempfile.mkdtemp(prefix=f".{db_path.name}.{os.getpid()}.work", dir=db_path.parent))
    try:
        contract_inputs = _describe_all(sources, workdir, offline, expect_sirene=False)
        sirene_inputs = _describe_all(sirene or [], workdir, offline, expect_sirene=True)
        _remove_db(building)
        con = duckdb.connect(str(building))
        try:
            summary = _load(con, contract_inputs, sirene_inputs, db_path, started, workdir)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _fsync(building)
        building.replace(db_path)
        _fsync(db_path.parent)
        return summary
    finally:
        _remove_db(building)
        shutil.rmtree(workdir, ignore_errors=True)


def _describe_all(sources: list[str], workdir: Path, offline: bool, expect_sirene: bool) -> list[InputFile]:
    out: list[InputFile] = []
    for source in sources:
        path = Path(source)
        # A bare word that is not a file is a source name (etl/sources.toml). Both it and a URL go
        # through `etl fetch`'s cache: resumed, retried, skipped when unchanged, refused when not data.
        if not path.exists() and (fetch.is_url(source) or re.fullmatch(r"[\w-]+", source)):
            path = fetch.download(source, settings.raw_dir(), fetch.HttpSettings.from_env(), offline).path
        out.extend(describe(path, source, workdir, expect_sirene=expect_sirene))
    return out


def _load(
    con: duckdb.DuckDBPyConnection,
    inputs: list[InputFile],
    sirene_inputs: list[InputFile],
    db_path: Path,
    started: datetime,
    workdir: Path,
) -> LoadSummary:
    # Published tables are written with ORDER BY; elsewhere DuckDB may reorder, which saves memory.
    # Past the memory limit it spills to the work folder instead of growing.
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET memory_limit = $limit", {"limit": os.environ.get("ETL_MEMORY_LIMIT", memory_limit())})
    con.execute("SET temp_directory = $dir", {"dir": str(workdir / "spill")})
    first, method, tables = steps.numbered(0, 99), steps.numbered(100, 499), steps.numbered(500, 899)
    ocds_inputs = [i for i in inputs if i.format in ocds.FORMATS]
    total = len(first) + len(inputs) + bool(ocds_inputs) + len(sirene_inputs) + len(method) + len(tables) + 1
    # No log line in a build's first 10 s: a refused build of a small file stays one line on stderr.
    bar = progress("build", total, "step", quiet_s=BUILD_QUIET_S)
    try:
        for name in first:
            with _step(bar, name):
                steps.run(
                    con, name, {"cpv_file": str(CPV_FILE), "families_file": str(PROCEDURE_FAMILIES_FILE)}
                )
        for batch in _batches(inputs):
            if batch[0][1].format in TED_NOTICE_FORMATS:
                log.info("loading %d TED notices (%s ...)", len(batch), batch[0][1].origin)
                with _step(bar, f"loading {len(batch):,} TED notices", len(batch)):
                    _load_ted_notices(con, batch, workdir)
                continue
            input_no, item = batch[0]
            log.info("loading %s (%s)", item.origin, item.format)
            with _step(bar, f"loading {item.path.name}"):
                _load_input(con, input_no, item, workdir)
        if ocds_inputs:
            # An ocid's releases may come from several files: merged once all are read.
            with _step(bar, "merging OCDS releases"):
                ocds.merge(con, ocds_inputs)
        if sirene_inputs:
            steps.run(con, "load/sirene_wanted.sql")
        for file_no, item in enumerate(sirene_inputs, start=1):
            with _step(bar, f"loading {item.path.name}"):
                _load_sirene(con, file_no, item)
        for name in method:
            with _step(bar, name):
                steps.run(con, name)
        contracts = con.execute("SELECT count(*) FROM contracts").fetchone()[0]
        per_input = _per_input_counts(con, len(inputs))
        if contracts == 0:
            names = ", ".join(i.origin for i in inputs)
            read = sum(c["records_read"] for c in per_input.values())
            skipped = sum(c["concessions_skipped"] for c in per_input.values())
            rejected = sum(c["records_rejected"] for c in per_input.values())
            raise DataQualityError(
                f"{names}: no usable contract ({read} records read, {skipped} concessions skipped, "
                f"{rejected} rejected); the published DB is left as it was"
            )
        for name in tables:
            with _step(bar, name):
                steps.run(con, name)
        with _step(bar, steps.CHECKS):
            failures = steps.failed_checks(con)
    finally:
        bar.close()
    if failures:
        raise DataQualityError(f"{db_path}: publication checks failed: {'; '.join(failures)}")
    return _record_run(con, inputs, sirene_inputs, per_input, db_path, started, contracts)


@contextlib.contextmanager
def _step(bar: Progress, note: str, steps_done: int = 1) -> Iterator[None]:
    """Show `note` as the step under way, then count it done (as `steps_done` steps)."""
    bar.update(0, note)
    yield
    bar.update(steps_done)


def _batches(inputs: list[InputFile]) -> Iterator[list[tuple[int, InputFile]]]:
    """The inputs numbered from 1, in order: each run of TED notices together, every other input alone."""
    batch: list[tuple[int, InputFile]] = []
    for input_no, item in enumerate(inputs, start=1):
        if batch and not (item.format in TED_NOTICE_FORMATS and batch[-1][1].format in TED_NOTICE_FORMATS):
            yield batch
            batch = []
        batch.append((input_no, item))
    if batch:
        yield batch


def _load_ted_notices(
    con: duckdb.DuckDBPyConnection, batch: list[tuple[int, InputFile]], workdir: Path
) -> None:
    """A run of TED XML and eForms notices (one input each) through one file of JSON lines."""
    lines = workdir / f"{batch[0][0]}.ted-notices.jsonl"
    ted.json_lines([(n, i.path, i.origin, i.format == "ted-eforms") for n, i in batch], lines)
    try:
        steps.run(con, "load/ted_xml.sql", {"input_nos": [n for n, _ in batch], "path": str(lines)})
    except duckdb.Error as exc:
        names = batch[0][1].origin if len(batch) == 1 else f"{batch[0][1].origin} and {len(batch) - 1} more"
        raise SourceError(f"{names}: unreadable TED notices ({_first_line(exc)})") from exc
    lines.unlink()


def _load_input(con: duckdb.DuckDBPyConnection, input_no: int, item: InputFile, workdir: Path) -> None:
    params = {"input_no": input_no, "source_name": item.source_name, "path": str(item.path)}
    try:
        if item.format == "decp-2019":
            params["max_object_size"] = max(item.path.stat().st_size + 1, 16 << 20)
            steps.run(con, "load/decp2019.sql", params)
            return
        if item.format in ocds.FORMATS:
            ocds.load(con, input_no, item, workdir)
            return
        if item.format in ("decp-2022", "decp-2022-xml"):
            # JSON or XML, the records as JSON lines: one loader for both.
            lines = workdir / f"{input_no}.{item.path.name}.jsonl"
            decp2022.json_lines(item.path, lines, item.origin, xml=item.format == "decp-2022-xml")
            steps.run(con, "load/decp2022.sql", params | {"path": str(lines)})
            lines.unlink()
            return
        if item.format == "ted-csv":
            steps.run(con, "load/ted_csv.sql", params | {"input_nos": [input_no]})
            return
        _expose_tabular(con, item)
        steps.run(con, "load/tabular.sql", params)
        con.execute("DROP VIEW tabular_raw")
        con.execute("DROP VIEW IF EXISTS tabular_file")
        con.execute("DROP TABLE IF EXISTS tabular_csv")
    except duckdb.Error as exc:
        raise SourceError(f"{item.origin}: unreadable {item.format} ({_first_line(exc)})") from exc


def _expose_tabular(con: duckdb.DuckDBPyConnection, item: InputFile) -> None:
    """The view tabular_raw: the template's columns (NULL when the file lacks them) + file_row_number."""
    if item.format == "decp-tabular-parquet":
        # Read in place: a view over the file, no copy.
        con.read_parquet(str(item.path), file_row_number=True).create_view("tabular_file")
    else:
        # A CSV has no row number: a table read in file order gives it (rowid).
        con.execute("SET preserve_insertion_order = true")
        con.execute(
            "CREATE TEMP TABLE tabular_csv AS FROM read_csv($path, all_varchar = true, header = true)",
            {"path": str(item.path)},
        )
        con.execute("SET preserve_insertion_order = false")
        con.execute("CREATE TEMP VIEW tabular_file AS SELECT *, rowid AS file_row_number FROM tabular_csv")
    con.execute("CREATE TEMP VIEW tabular_raw AS FROM tabular_template UNION ALL BY NAME FROM tabular_file")


def _load_sirene(con: duckdb.DuckDBPyConnection, file_no: int, item: InputFile) -> None:
    """The units of one --sirene file that the build's winners and buyers need (load/sirene.sql)."""
    try:
        # Read in place through a view: the semi-join reads only the columns and units it keeps.
        if item.format == "sirene-parquet":
            con.read_parquet(str(item.path)).create_view("sirene_raw")
        else:
            con.read_csv(str(item.path), all_varchar=True, header=True).create_view("sirene_raw")
        steps.run(con, "load/sirene.sql", {"input_no": file_no})
        con.execute("DROP VIEW sirene_raw")
    except duckdb.Error as exc:
        raise SourceError(f"{item.origin}: unreadable {item.format} ({_first_line(exc)})") from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300]


def _per_input_counts(con: duckdb.DuckDBPyConnection, n_inputs: int) -> dict[int, dict[str, int]]:
    rows = con.execute(
        """
        SELECT
            i.input_no,
            i.records_read,
            i.concessions_skipped,
            (SELECT count(*) FROM kept AS k WHERE k.input_no = i.input_no) AS loaded,
            (SELECT count(*) FROM verdict AS v WHERE v.input_no = i.input_no AND v.reason IS NOT NULL)
                AS rejected,
            coalesce((SELECT d.duplicates_dropped FROM duplicates_by_input AS d
                WHERE d.input_no = i.input_no), 0) AS duplicates,
            i.versions_superseded
        FROM stg_input_counts AS i
        ORDER BY i.input_no
        """
    ).fetchall()
    out = {}
    for input_no, read, concessions, loaded, rejected, duplicates, superseded in rows:
        out[input_no] = {
            "records_read": read,
            "concessions_skipped": concessions,
            "records_loaded": loaded,
            "records_rejected": rejected,
            "duplicates_dropped": duplicates + superseded,
        }
    assert len(out) == n_inputs, "every input reports its counts"
    return out


def _record_run(
    con: duckdb.DuckDBPyConnection,
    inputs: list[InputFile],
    sirene_inputs: list[InputFile],
    per_input: dict[int, dict[str, int]],
    db_path: Path,
    started: datetime,
    contracts: int,
) -> LoadSummary:
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + sha256_of_inputs(inputs + sirene_inputs)[:8]
    package_licences = ocds.licences(con) if any(i.format in ocds.FORMATS for i in inputs) else {}
    # One transaction for the inputs' rows: a folder of notices is thousands of inputs, and each
    # INSERT committed on its own costs milliseconds.
    con.begin()
    for input_no, item in enumerate(inputs, start=1):
        if item.format in ocds.FORMATS:
            licence = package_licences.get(input_no, LICENCES["ocds"])
        else:
            licence = LICENCES["ted" if item.format.startswith("ted") else "decp"]
        _record_input(con, run_id, item, licence, per_input[input_no])
    # A SIRENE file's units read, and those loaded: the units of the build's winners and buyers.
    sirene_rows = dict(con.execute("SELECT file_no, count(*) FROM stg_sirene GROUP BY file_no").fetchall())
    sirene_read = dict(con.execute("SELECT file_no, units_read FROM stg_sirene_counts").fetchall())
    for file_no, item in enumerate(sirene_inputs, start=1):
        counts = dict.fromkeys(("records_rejected", "duplicates_dropped", "concessions_skipped"), 0)
        counts.update(records_read=sirene_read.get(file_no, 0), records_loaded=sirene_rows.get(file_no, 0))
        _record_input(con, run_id, item, LICENCES["sirene"], counts)
    con.commit()
    totals = {k: sum(c[k] for c in per_input.values()) for k in next(iter(per_input.values()))}
    # The awards view's rows (fact_awards' own: the view joins each to its contract, checked).
    awards = con.execute("SELECT count(*) FROM fact_awards").fetchone()[0]
    inputs_json = json.dumps(
        [
            {"path": i.origin, "source_name": i.source_name, "format": i.format, "sha256": i.sha256,
             "bytes": i.bytes}
            for i in inputs + sirene_inputs
        ],
        ensure_ascii=False,
    )  # fmt: skip
    con.execute(
        "INSERT INTO etl_runs VALUES ($run, $started, $finished, $version, $inputs, $read, $loaded, "
        "$rejected, $dups, $conc, (SELECT max(notification_date) FROM contracts))",
        {
            "run": run_id, "started": started,
            "finished": datetime.now(UTC).replace(tzinfo=None), "version": version(),
            "inputs": inputs_json, "read": totals["records_read"], "loaded": contracts,
            "rejected": totals["records_rejected"], "dups": totals["duplicates_dropped"],
            "conc": totals["concessions_skipped"],
        },
    )  # fmt: skip
    for table in (
        "stg_sirene",
        "stg_input_counts",
        "tabular_template",
    ):
        con.execute("DROP TABLE " + table)
    return LoadSummary(
        db_path=db_path,
        inputs=len(inputs),
        records_read=totals["records_read"],
        contracts=contracts,
        awards=awards,
        rejected=totals["records_rejected"],
        duplicates_dropped=totals["duplicates_dropped"],
        concessions_skipped=totals["concessions_skipped"],
    )


def _record_input(
    con: duckdb.DuckDBPyConnection, run_id: str, item: InputFile, licence: str, counts: dict[str, int]
) -> None:
    """One etl_inputs row: the file, its provenance and what the build made of it."""
    con.execute(
        "INSERT INTO etl_inputs VALUES ($run, $name, $label, $path, $fmt, $sha, $bytes, $date, $lic, "
        "$read, $loaded, $rejected, $dups, $conc, $label_en)",
        {
            "run": run_id, "name": item.source_name, "path": item.origin, "fmt": item.format,
            "sha": item.sha256, "bytes": item.bytes, "date": item.file_date,
            "lic": item.licence or licence, "label": item.label,
            "read": counts["records_read"], "loaded": counts["records_loaded"],
            "rejected": counts["records_rejected"], "dups": counts["duplicates_dropped"],
            "conc": counts["concessions_skipped"], "label_en": item.label_en,
        },
    )  # fmt: skip


def sha256_of_inputs(inputs: list[InputFile]) -> str:
    """A digest of the inputs' digests: the same inputs give the same run suffix."""
    return hashlib.sha256("".join(i.sha256 for i in inputs).encode()).hexdigest()


def _remove_leftovers(db_path: Path) -> None:
    """Delete what killed builds left beside the target (their process is gone)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.*"):
        match = re.match(rf"\.{re.escape(db_path.name)}\.(\d+)\.(building|work)", leftover.name)
        if match is None or _alive(int(match.group(1))):
            continue
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_db(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
