"""Extract writers: stream award rows, batch by batch, to CSV, XLSX or Parquet.

Pure (neither streamlit nor duckdb): the query side hands an iterator of pyarrow RecordBatches
(or pandas DataFrames) and a writer never holds more than one batch in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import BinaryIO, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from common import schema
from dashboard.filters import Filters, tokens

ExportFormat = Literal["csv", "xlsx", "parquet"]
# "id": a text that a spreadsheet must not read as a number (SIRET, SIREN, CPV code, contract uid).
ColumnKind = Literal["id", "text", "date", "int", "amount", "fraction", "number", "bool"]
Batch = pa.RecordBatch | pd.DataFrame

# Excel's sheet limit is 1,048,576 rows including the header row.
XLSX_MAX_ROWS = 1_048_575
# Above these row counts a download built in the browser session is refused and Parquet offered:
# the file is held in the server's memory until downloaded, and openpyxl writes ~30k rows/s.
BROWSER_MAX_ROWS: dict[ExportFormat, int] = {
    "csv": 500_000,
    "xlsx": 100_000,
    "parquet": 5_000_000,
}
MIME_TYPES: dict[ExportFormat, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}

_ARROW_TYPES: dict[ColumnKind, pa.DataType] = {
    "id": pa.string(),
    "text": pa.string(),
    "date": pa.date32(),
    "int": pa.int32(),
    "amount": pa.float64(),
    "fraction": pa.float64(),
    "number": pa.float64(),
    "bool": pa.bool_(),
}
# Dates need no cell style: openpyxl gives them the `yyyy-mm-dd` format itself.
_XLSX_FORMATS: dict[ColumnKind, str] = {"amount": "#,##0.00"}


@dataclass(frozen=True)
class ExportColumn:
    """One exported column: its name, kind and a one-line description in French and English."""

    name: str
    kind: ColumnKind
    fr: str
    en: str


@cache
def extract_columns() -> tuple[ExportColumn, ...]:
    """The extract's columns, one row per award (contract x distinct winner) as in `awards`, in
    order, with their descriptions: the [[extract]] entries of common/schema.toml."""
    return tuple(ExportColumn(c.name, c.kind, c.fr, c.en) for c in schema.columns("extract"))  # type: ignore[arg-type]


def extract_column_names() -> tuple[str, ...]:
    """The extract's column names, in order."""
    return tuple(c.name for c in extract_columns())


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV is spelled: separator, decimal mark, a UTF-8 BOM so that Excel reads UTF-8, and
    identifiers as Excel text formulas (="068501196"): opened with a double click, Excel reads a
    bare 068501196 as a number, dropping the leading zero, and a 30-digit contract uid as 1.3E+29."""

    delimiter: str = ","
    decimal: str = "."
    bom: bool = False
    ids_as_text: bool = False


CSV_STANDARD = CsvDialect()
# What a French Excel opens correctly with a double click.
CSV_EXCEL_FR = CsvDialect(delimiter=";", decimal=",", bom=True, ids_as_text=True)


def extract_schema(columns: Sequence[ExportColumn] | None = None) -> pa.Schema:
    """Arrow schema of an extract (of `columns`, else the extract's own), in column order."""
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.kind]) for c in columns or extract_columns()])


def column_dictionary(
    lang: Literal["fr", "en"] = "fr", columns: Sequence[ExportColumn] | None = None
) -> pd.DataFrame:
    """One row per exported column (of `columns`, else the extract's own): name, type and
    description in the given language."""
    type_labels = {
        "fr": {
            "id": "identifiant (texte)",
            "text": "texte",
            "date": "date",
            "int": "entier",
            "amount": "montant (devise : currency)",
            "fraction": "fraction 0-1",
            "number": "nombre",
            "bool": "vrai/faux",
        },
        "en": {
            "id": "identifier (text)",
            "text": "text",
            "date": "date",
            "int": "integer",
            "amount": "amount (currency: currency)",
            "fraction": "fraction 0-1",
            "number": "number",
            "bool": "true/false",
        },
    }[lang]
    headers = ("colonne", "type", "description") if lang == "fr" else ("column", "type", "meaning")
    return pd.DataFrame(
        [(c.name, type_labels[c.kind], c.fr if lang == "fr" else c.en) for c in columns or extract_columns()],
        columns=list(headers),
    )


def normalise_batches(
    batches: Iterable[Batch], columns: Sequence[ExportColumn] | None = None
) -> Iterator[pa.RecordBatch]:
    """Each batch as a RecordBatch with exactly the schema of `columns` (missing names raise)."""
    arrow_schema = extract_schema(columns)
    for batch in batches:
        rb = (
            pa.RecordBatch.from_pandas(batch, preserve_index=False)
            if isinstance(batch, pd.DataFrame)
            else batch
        )
        arrays = []
        for field in arrow_schema:
            array = rb.column(field.name)
            if pa.types.is_dictionary(array.type):
                array = array.dictionary_decode()
            arrays.append(array.cast(field.type))
        yield pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)


def write_csv(
    batches: Iterable[Batch],
    out: BinaryIO,
    dialect: CsvDialect = CSV_STANDARD,
    columns: Sequence[ExportColumn] | None = None,
) -> int:
    """Stream rows to `out` as UTF-8 CSV (header first, `\\n` line ends); returns the row count.

    Numbers use up to 15 significant digits, no exponent below 1e15; dates are ISO 8601;
    booleans `true`/`false`; NULL is an empty field; identifiers ="…" when the dialect says so.
    """
    columns = columns or extract_columns()
    if dialect.bom:
        out.write(b"\xef\xbb\xbf")
    header = pd.DataFrame(columns=[c.name for c in columns])
    out.write(_frame_to_csv(header, dialect, header=True))
    rows = 0
    ids = [c.kind == "id" and dialect.ids_as_text for c in columns]
    for rb in normalise_batches(batches, columns):
        out.write(_frame_to_csv(_csv_frame(rb, ids), dialect, header=False))
        rows += rb.num_rows
    return rows


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A small table (a quality report's) as UTF-8 CSV in the standard dialect: header, its column
    names as they are, NULL as an empty field, numbers to 15 significant digits."""
    return _frame_to_csv(frame, CSV_STANDARD, header=True)


def _csv_frame(rb: pa.RecordBatch, ids: list[bool]) -> pd.DataFrame:
    arrays = []
    for array, as_text in zip(rb.columns, ids, strict=True):
        if pa.types.is_boolean(array.type):
            array = pc.if_else(array, "true", "false")
        elif as_text:
            quoted = pc.replace_substring(array, '"', '""')
            array = pc.binary_join_element_wise('="', quoted, '"', "")
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, names=rb.schema.names).to_pandas()


def _frame_to_csv(frame: pd.DataFrame, dialect: CsvDialect, *, header: bool) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(
        buffer,
        index=False,
        header=header,
        sep=dialect.delimiter,
        decimal=dialect.decimal,
        float_format="%.15g",
        lineterminator="\n",
    )
    return buffer.getvalue().encode("utf-8")


def write_xlsx(
    batches: Iterable[Batch],
    out: BinaryIO,
    columns: Sequence[ExportColumn] | None = None,
    sheet_title: str = "donnees",
) -> int:
    """Stream rows to `out` as one XLSX sheet: amounts as numbers, dates as dates; returns rows.

    Raises ValueError past XLSX_MAX_ROWS rows (Excel's limit): use Parquet or CSV for those.
    """
    columns = columns or extract_columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    formats = [_XLSX_FORMATS.get(c.kind) for c in columns]
    rows = 0
    for rb in normalise_batches(batches, columns):
        rows += rb.num_rows
        if rows > XLSX_MAX_ROWS:
            ws.close()
            raise ValueError(f"{rows} rows exceed the XLSX limit of {XLSX_MAX_ROWS}: export Parquet or CSV")
        values = [array.to_pylist() for array in rb.columns]
        for row in zip(*values, strict=True):
            ws.append([_xlsx_cell(ws, value, fmt) for value, fmt in zip(row, formats, strict=True)])
    wb.save(out)
    return rows


def _xlsx_cell(ws: object, value: object, number_format: str | None) -> object:
    if value is None or number_format is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def write_parquet(
    batches: Iterable[Batch],
    out: BinaryIO,
    columns: Sequence[ExportColumn] | None = None,
) -> int:
    """Stream rows to `out` as one Parquet file (zstd), typed like the DB; returns the row count."""
    rows = 0
    with pq.ParquetWriter(out, extract_schema(columns), compression="zstd") as writer:
        for rb in normalise_batches(batches, columns):
            writer.write_batch(rb)
            rows += rb.num_rows
    return rows


def write_extract(
    fmt: ExportFormat,
    batches: Iterable[Batch],
    out: BinaryIO,
    columns: Sequence[ExportColumn] | None = None,
    csv_dialect: CsvDialect = CSV_STANDARD,
) -> int:
    """Write `batches` to `out` in `fmt`; returns the number of rows written."""
    if fmt == "csv":
        return write_csv(batches, out, csv_dialect, columns)
    if fmt == "xlsx":
        return write_xlsx(batches, out, columns)
    return write_parquet(batches, out, columns)


def too_large_for_browser(fmt: ExportFormat, rows: int) -> bool:
    """True when `rows` rows in `fmt` are past the in-browser download limit (BROWSER_MAX_ROWS)."""
    return rows > BROWSER_MAX_ROWS[fmt]


def slug(text: str, max_length: int = 40) -> str:
    """`text` in lowercase ASCII letters, digits and single hyphens, at most `max_length` long."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:max_length].rstrip("-")


def export_filename(tokens: Sequence[str], data_date: dt.date | None, fmt: ExportFormat | str) -> str:
    """`observatoire-pme_<token>_..._donnees-au-<date>.<fmt>`, tokens slugged, empty ones dropped.

    Example: `observatoire-pme_2019_acheteur-21750001600019_donnees-au-2025-01-01.csv`.
    """
    parts = ["observatoire-pme", *(s for s in (slug(t) for t in tokens) if s)]
    if data_date is not None:
        parts.append(f"donnees-au-{data_date.isoformat()}")
    return "_".join(parts)[:200] + "." + slug(str(fmt), 10)


def filter_tokens(f: Filters) -> list[str]:
    """The parts of an extract's file name that say which filters made it (each filter's token,
    dashboard.filters). French whatever f.lang, like the rest of the name, so that one link gives
    one file name in both languages."""
    return tokens(f)


def data_date(provenance: pd.DataFrame) -> dt.date | None:
    """The « données au » date of a provenance frame: the data's latest notification date, else the
    build date, or None."""
    for column in ("data_date", "built_on"):
        if column in provenance and provenance[column].notna().any():
            return pd.Timestamp(provenance[column].dropna().max()).date()
    return None
