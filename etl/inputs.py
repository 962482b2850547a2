"""Resolve build inputs: local files, URLs and named sources -> unwrapped files with a detected format.

The format is read from the content (magic bytes, JSON keys, CSV header), never from the file name.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import shutil
import tomllib
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import duckdb

from etl.errors import SchemaError, SourceError

Format = Literal[
    "decp-2019",
    "decp-2022",
    "decp-2022-xml",
    "ocds",
    "ocds-jsonl",
    "decp-tabular-csv",
    "decp-tabular-parquet",
    "sirene-csv",
    "sirene-parquet",
    "ted-xml",
    "ted-eforms",
    "ted-csv",
]

PEEK_BYTES = 65536
TABULAR_REQUIRED = {"titulaire_id", "montant"}
SIRENE_REQUIRED = {"siren", "categorieentreprise"}
# The TED award-notice CSV (TED CSV open data, contract award notices): one row per award.
TED_CSV_REQUIRED = {"id_notice_can", "id_award", "win_name"}
# eForms roots that are notices but no award notices (the eForms SDK's notice documents).
EFORMS_OTHER_ROOTS = {
    "PriorInformationNotice": "a prior information notice",
    "ContractNotice": "a contract notice",
}
# Files of a folder that are notes about its data, or the download cache's own records, not data.
FOLDER_NOTES = ("PROVENANCE.md", "README", "README.md", "README.txt", "sources.toml")
FOLDER_NOTE_SUFFIXES = (".fetch.json", ".part")


@dataclass(frozen=True)
class InputFile:
    """One readable input file, unwrapped from gzip/zip, with its provenance."""

    path: Path
    source_name: str
    origin: str
    format: Format
    sha256: str
    bytes: int
    file_date: date
    label: str
    licence: str | None
    label_en: str | None = None


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unwrap(path: Path, workdir: Path) -> list[Path]:
    """The plain files inside `path`: itself, its gunzipped copy, or its zip members (in name order)."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head[:2] == b"\x1f\x8b":
        target = workdir / (path.name.removesuffix(".gz") + ".unwrapped")
        try:
            with gzip.open(path, "rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except (OSError, EOFError) as exc:
            raise SourceError(f"{path}: damaged gzip file ({exc})") from exc
        return unwrap(target, workdir)
    if head == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as archive:
                names = sorted(n for n in archive.namelist() if not n.endswith("/"))
                if not names:
                    raise SourceError(f"{path}: empty zip archive")
                out = []
                for i, name in enumerate(names):
                    target = workdir / f"{path.stem}.{i}.{Path(name).name}"
                    with archive.open(name) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                    out.extend(unwrap(target, workdir))
                return out
        except zipfile.BadZipFile as exc:
            raise SourceError(f"{path}: damaged zip file ({exc})") from exc
    return [path]


def _csv_header(text: str) -> list[str]:
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [c.strip().lower() for c in next(csv.reader([first_line], delimiter=delimiter))]


def detect_format(path: Path, label: str) -> Format:
    """Recognise a plain (unwrapped) file from its first bytes; SourceError when it is none we load."""
    with path.open("rb") as fh:
        raw = fh.read(PEEK_BYTES)
    if not raw.strip():
        raise SourceError(f"{label}: empty file")
    if raw.startswith(b"PAR1"):
        return _parquet_format(path, label)
    if b"\x00" in raw:
        raise SourceError(f"{label}: binary content in no format this tool reads")
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    lowered = text[:512].lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:200]:
        raise SourceError(f"{label}: an HTML page, not data (a failed download?)")
    if text.startswith("<"):
        return _xml_format(text, label)
    if text.startswith(("{", "[")):
        return _json_format(text, label)
    header = _csv_header(text)
    columns = set(header)
    if columns >= TABULAR_REQUIRED and ({"uid"} <= columns or {"acheteur_id", "id"} <= columns):
        return "decp-tabular-csv"
    if columns >= SIRENE_REQUIRED:
        return "sirene-csv"
    if columns >= TED_CSV_REQUIRED:
        return "ted-csv"
    if len(header) > 1 and all(re.fullmatch(r"[a-z0-9_\"]+", c) for c in header):
        raise SchemaError(
            f"{label}: CSV with columns {', '.join(header[:8])}...: "
            "neither uid/titulaire_id/montant (tabular DECP), siren/categorieEntreprise (SIRENE) "
            "nor ID_NOTICE_CAN/ID_AWARD/WIN_NAME (TED award notices)"
        )
    raise SourceError(f"{label}: content is not a recognised format (not JSON, CSV, XML or Parquet)")


# What only a DECP 2022 record holds (arrêtés du 22 décembre 2022): a wrapped list item
# (`"titulaires": [{"titulaire": ...`) or a list of codes in an object (`"techniques": {`).
DECP_2022_KEYS = re.compile(
    r'"(titulaires|modifications|actesSousTraitance)":\[\{"(titulaire|modification|acteSousTraitance)":'
    r'|"(techniques|modalitesExecution|typesPrix|considerationsSociales|considerationsEnvironnementales)":\{'
)


# What every OCDS release and record holds (`ocid`), and a package's own metadata key: a release
# package's first releases, or a record package's first records, are in the file's first bytes.
OCDS_KEYS = re.compile(r'"(ocid|publishedDate)":')


def _json_format(text: str, label: str) -> Format:
    compact = re.sub(r"\s+", "", text)
    if compact.startswith('{"marches":{'):
        return "decp-2022"
    if compact.startswith('{"marches":['):
        # A list root is the 2019 format's, unless its records are 2022 records.
        return "decp-2022" if DECP_2022_KEYS.search(compact) else "decp-2019"
    if OCDS_KEYS.search(compact):
        return "ocds-jsonl" if _json_lines(text) else "ocds"
    raise SchemaError(
        f'{label}: JSON of another shape (expected {{"marches": ...}}, a DECP 2019 or 2022 file, '
        "or OCDS releases, records or packages)"
    )


def _json_lines(text: str) -> bool:
    """Whether the file's first line is a whole JSON object and another line follows (JSON Lines:
    one release, record or package a line). A first line longer than the peek is read as JSON."""
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _xml_format(text: str, label: str) -> Format:
    """The format of an XML file from its root element (after the declaration, comments, DTD)."""
    root = re.search(r"<([A-Za-z_][\w.:-]*)", re.sub(r"<[?!][^>]*>", "", text))
    name = root.group(1).rsplit(":", 1)[-1] if root else None
    if name == "marches":
        return "decp-2022-xml"
    if name == "TED_EXPORT":
        return "ted-xml"
    if name == "ContractAwardNotice":
        return "ted-eforms"
    if name in EFORMS_OTHER_ROOTS:
        raise SourceError(
            f"{label}: an eForms <{name}>, {EFORMS_OTHER_ROOTS[name]}: not a contract award notice, "
            "nothing to load"
        )
    raise SourceError(
        f"{label}: XML whose root is <{name}>: not a format this build reads "
        "(it reads DECP 2022 XML <marches>, TED notices <TED_EXPORT> and eForms <ContractAwardNotice>, "
        "DECP JSON, decp.info tabular CSV/Parquet, TED award CSV, SIRENE)"
    )


def _parquet_format(path: Path, label: str) -> Format:
    try:
        con = duckdb.connect()
        rows = con.execute("SELECT name FROM parquet_schema($p)", {"p": str(path)}).fetchall()
        con.close()
    except duckdb.Error as exc:
        raise SourceError(f"{label}: unreadable Parquet ({str(exc).splitlines()[0]})") from exc
    columns = {r[0].lower() for r in rows}
    if columns >= TABULAR_REQUIRED and ("uid" in columns or {"acheteur_id", "id"} <= columns):
        return "decp-tabular-parquet"
    if columns >= SIRENE_REQUIRED:
        return "sirene-parquet"
    raise SchemaError(
        f"{label}: Parquet with neither uid/titulaire_id/montant (tabular DECP) "
        "nor siren/categorieEntreprise (SIRENE)"
    )


def file_date_of(path: Path) -> date:
    """The file's modification date (UTC): the 'données au' date of what it holds."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()


def known_source(path: Path) -> dict[str, object]:
    """The entry of `path` in a sources.toml of its folder or the folder above (label, published
    date, licence, origin), or {} for a file no such note describes."""
    for folder in (path.parent, path.parent.parent):
        note = folder / "sources.toml"
        if note.is_file():
            key = path.resolve().relative_to(folder.resolve()).as_posix()
            entry = tomllib.loads(note.read_text(encoding="utf-8")).get(key)
            if entry is not None:
                return entry
    return {}


def folder_files(folder: Path, origin: str) -> list[tuple[Path, str]]:
    """The files a folder stands for, with their origins: every file under it, in path order,
    except hidden ones (and hidden folders), notes about the data (PROVENANCE.md, README,
    sources.toml) and the download cache's records (*.fetch.json, *.part); SourceError when none."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.name in FOLDER_NOTES or path.name.endswith(FOLDER_NOTE_SUFFIXES):
            continue
        found.append((path, str(Path(origin) / relative)))
    if not found:
        raise SourceError(f"{origin}: a folder with no data file in it")
    return found


def describe(
    path: Path, origin: str, workdir: Path, expect_sirene: bool = False, folder: str | None = None
) -> list[InputFile]:
    """Unwrap and recognise one input (a folder: each of its files, folder_files, named as one
    source by the folder's name, so that 20,000 notices are one line of provenance); SourceError or
    SchemaError name the file when it cannot be used."""
    if path.is_dir():
        return [
            item
            for file, file_origin in folder_files(path, origin)
            for item in describe(file, file_origin, workdir, expect_sirene, folder or path.name)
        ]
    if not path.is_file():
        raise SourceError(f"{origin}: no such file")
    note = known_source(path)
    name = folder or _source_name(path)
    out = []
    for plain in unwrap(path, workdir):
        label = origin if plain == path else f"{origin} ({plain.name})"
        fmt = detect_format(plain, label)
        if expect_sirene != fmt.startswith("sirene"):
            kind = "a SIRENE file" if expect_sirene else "contract data"
            raise SchemaError(f"{label}: expected {kind}, found {fmt}")
        out.append(
            InputFile(
                path=plain,
                source_name=name,
                origin=origin,
                format=fmt,
                sha256=sha256_of(path),
                bytes=path.stat().st_size,
                file_date=note.get("published") or file_date_of(path),  # type: ignore[arg-type]
                label=str(note.get("label") or name),
                licence=note.get("licence"),  # type: ignore[arg-type]
                label_en=note.get("label_en"),  # type: ignore[arg-type]
            )
        )
    return out


def _source_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".zip", ".jsonl", ".ndjson", ".json", ".xml", ".csv", ".parquet"):
        name = name.removesuffix(suffix)
    return name
