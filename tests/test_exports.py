"""Extract writers, byte for byte: CSV text, XLSX read back with openpyxl, Parquet read back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from dashboard import exports
from dashboard.exports import ExportColumn

COLUMNS = (
    ExportColumn("buyer_id", "id", "SIRET de l'acheteur", "Buyer SIRET"),
    ExportColumn("notification_date", "date", "Date", "Date"),
    ExportColumn("year", "int", "Année", "Year"),
    ExportColumn("amount", "amount", "Montant", "Amount"),
    ExportColumn("weight", "fraction", "Part", "Weight"),
    ExportColumn("is_framework", "bool", "Accord-cadre", "Framework"),
    ExportColumn("object", "text", "Objet", "Object"),
)


def _batches() -> list[pa.RecordBatch]:
    """Two batches as duckdb hands them: a dictionary column, int32 year, NULLs."""
    first = pa.record_batch(
        {
            "object": pa.array(["Travaux, lot 1", 'Dit "clos"']),
            "buyer_id": pa.array(["21750001600019", "20007204900014"]).dictionary_encode(),
            "notification_date": pa.array([dt.date(2019, 3, 1), None], pa.date32()),
            "year": pa.array([2019, None], pa.int32()),
            "amount": pa.array([2957063.0, 35150.3]),
            "weight": pa.array([1 / 3, 1.0]),
            "is_framework": pa.array([True, None]),
            "unused": pa.array([1, 2]),
        }
    )
    second = pd.DataFrame(
        {
            "buyer_id": ["69204158500583"],
            "notification_date": [dt.date(2024, 12, 26)],
            "year": [2024],
            "amount": [None],
            "weight": [0.5],
            "is_framework": [False],
            "object": ["Réfection\nde la toiture"],
        }
    )
    return [first, second]


def test_csv_standard_exact_text() -> None:
    out = io.BytesIO()
    rows = exports.write_csv(_batches(), out, columns=COLUMNS)
    assert rows == 3
    assert out.getvalue().decode("utf-8") == (
        "buyer_id,notification_date,year,amount,weight,is_framework,object\n"
        '21750001600019,2019-03-01,2019,2957063,0.333333333333333,true,"Travaux, lot 1"\n'
        '20007204900014,,,35150.3,1,,"Dit ""clos"""\n'
        '69204158500583,2024-12-26,2024,,0.5,false,"Réfection\nde la toiture"\n'
    )


def test_csv_excel_fr_has_bom_semicolons_decimal_commas_and_ids_as_text() -> None:
    """Identifiers as ="…" text formulas: a double click in Excel keeps 068501196 and 30-digit uids."""
    out = io.BytesIO()
    exports.write_csv(_batches()[:1], out, exports.CSV_EXCEL_FR, columns=COLUMNS)
    assert out.getvalue() == (
        b"\xef\xbb\xbf"
        + (
            b"buyer_id;notification_date;year;amount;weight;is_framework;object\n"
            b'"=""21750001600019""";2019-03-01;2019;2957063;0,333333333333333;true;Travaux, lot 1\n'
            b'"=""20007204900014""";;;35150,3;1;;"Dit ""clos"""\n'
        )
    )


def test_csv_excel_fr_id_with_a_leading_zero_a_quote_or_none() -> None:
    batch = pa.record_batch({"supplier_siren": pa.array(["068501196", 'a"b', None])})
    columns = (ExportColumn("supplier_siren", "id", "SIREN", "SIREN"),)
    out = io.BytesIO()
    exports.write_csv([batch], out, exports.CSV_EXCEL_FR, columns=columns)
    assert out.getvalue() == b'\xef\xbb\xbfsupplier_siren\n"=""068501196"""\n"=""a""""b"""\n""\n'
    out = io.BytesIO()
    exports.write_csv([batch], out, columns=columns)
    assert out.getvalue() == b'supplier_siren\n068501196\n"a""b"\n""\n'


def test_csv_with_no_rows_is_the_header_only() -> None:
    out = io.BytesIO()
    assert exports.write_csv([], out, columns=COLUMNS) == 0
    assert out.getvalue() == b"buyer_id,notification_date,year,amount,weight,is_framework,object\n"


def test_xlsx_reads_back_with_numbers_and_dates() -> None:
    out = io.BytesIO()
    assert exports.write_xlsx(_batches(), out, columns=COLUMNS) == 3
    ws = load_workbook(io.BytesIO(out.getvalue()))["donnees"]
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert values == [
        ["buyer_id", "notification_date", "year", "amount", "weight", "is_framework", "object"],
        [
            "21750001600019",
            dt.datetime(2019, 3, 1),  # noqa: DTZ001 - Excel dates are naive
            2019,
            2957063.0,
            1 / 3,
            True,
            "Travaux, lot 1",
        ],
        ["20007204900014", None, None, 35150.3, 1.0, None, 'Dit "clos"'],
        [
            "69204158500583",
            dt.datetime(2024, 12, 26),  # noqa: DTZ001 - Excel dates are naive
            2024,
            None,
            0.5,
            False,
            "Réfection\nde la toiture",
        ],
    ]
    assert ws["B2"].data_type == "d"
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["D2"].data_type == "n"
    assert ws["D2"].number_format == "#,##0.00"
    assert ws["A2"].data_type == "s"


def test_xlsx_refuses_more_rows_than_excel_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ValueError, match="3 rows exceed the XLSX limit of 2: export Parquet or CSV"):
        exports.write_xlsx(_batches(), io.BytesIO(), columns=COLUMNS)


def test_parquet_reads_back_typed() -> None:
    out = io.BytesIO()
    assert exports.write_parquet(_batches(), out, columns=COLUMNS) == 3
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.schema == pa.schema(
        [
            ("buyer_id", pa.string()),
            ("notification_date", pa.date32()),
            ("year", pa.int32()),
            ("amount", pa.float64()),
            ("weight", pa.float64()),
            ("is_framework", pa.bool_()),
            ("object", pa.string()),
        ]
    )
    assert table.to_pylist() == [
        {
            "buyer_id": "21750001600019",
            "notification_date": dt.date(2019, 3, 1),
            "year": 2019,
            "amount": 2957063.0,
            "weight": 1 / 3,
            "is_framework": True,
            "object": "Travaux, lot 1",
        },
        {
            "buyer_id": "20007204900014",
            "notification_date": None,
            "year": None,
            "amount": 35150.3,
            "weight": 1.0,
            "is_framework": None,
            "object": 'Dit "clos"',
        },
        {
            "buyer_id": "69204158500583",
            "notification_date": dt.date(2024, 12, 26),
            "year": 2024,
            "amount": None,
            "weight": 0.5,
            "is_framework": False,
            "object": "Réfection\nde la toiture",
        },
    ]


def test_write_extract_dispatches_on_format() -> None:
    out = io.BytesIO()
    assert exports.write_extract("parquet", _batches(), out, columns=COLUMNS) == 3
    assert out.getvalue()[:4] == b"PAR1"


def test_missing_column_raises_keyerror() -> None:
    with pytest.raises(KeyError, match="notification_date"):
        exports.write_csv([pa.record_batch({"buyer_id": ["1"]})], io.BytesIO(), columns=COLUMNS)


@pytest.mark.parametrize(
    ("tokens", "data_date", "fmt", "expected"),
    [
        (
            ["2019", "acheteur-21750001600019"],
            dt.date(2025, 1, 1),
            "csv",
            "observatoire-pme_2019_acheteur-21750001600019_donnees-au-2025-01-01.csv",
        ),
        (
            ["2018-2019", "CPV 45", "Procédure adaptée"],
            dt.date(2024, 12, 31),
            "xlsx",
            "observatoire-pme_2018-2019_cpv-45_procedure-adaptee_donnees-au-2024-12-31.xlsx",
        ),
        (
            ["<script>alert(1)</script>", "../../etc/passwd", "", "'; DROP TABLE x;--"],
            None,
            "parquet",
            "observatoire-pme_script-alert-1-script_etc-passwd_drop-table-x.parquet",
        ),
        ([], None, "csv", "observatoire-pme.csv"),
        (
            ["depuis-2018"],
            dt.date(2025, 1, 1),
            "csv",
            "observatoire-pme_depuis-2018_donnees-au-2025-01-01.csv",
        ),
        (["jusqu-a-2020"], None, "csv", "observatoire-pme_jusqu-a-2020.csv"),
    ],
)
def test_export_filename(tokens: list[str], data_date: dt.date | None, fmt: str, expected: str) -> None:
    assert exports.export_filename(tokens, data_date, fmt) == expected


def test_export_filename_is_bounded() -> None:
    name = exports.export_filename(["x" * 300] * 10, dt.date(2025, 1, 1), "csv")
    assert len(name) <= 204
    assert name.endswith(".csv")


def test_column_dictionary_covers_every_extract_column() -> None:
    fr = exports.column_dictionary("fr")
    en = exports.column_dictionary("en")
    assert list(fr.columns) == ["colonne", "type", "description"]
    assert list(en.columns) == ["column", "type", "meaning"]
    assert tuple(fr["colonne"]) == exports.extract_column_names()
    assert fr.iloc[15].tolist() == [
        "amount",
        "montant (devise : currency)",
        "Montant actuel du marché dans sa devise (currency ; modifications appliquées), tous titulaires",
    ]
    assert en.iloc[15].tolist() == [
        "amount",
        "amount (currency: currency)",
        "Current contract amount in its currency (currency; modifications applied), all winners",
    ]


@pytest.mark.parametrize(
    ("fmt", "rows", "expected"),
    [
        ("csv", 500_000, False),
        ("csv", 500_001, True),
        ("xlsx", 100_000, False),
        ("xlsx", 100_001, True),
        ("parquet", 1_600_000, False),
    ],
)
def test_too_large_for_browser(fmt: exports.ExportFormat, rows: int, expected: bool) -> None:
    assert exports.too_large_for_browser(fmt, rows) is expected


def test_row_ranges_cut_every_n_award_rows(fixture_db: Path) -> None:
    """Cuts at the first buyer-year group with n, 2n, ... award rows before it, at the group's first
    contract row: 100 award rows come before row 89 (buyer 21440132500011, 2019) and 200 before row
    177 (80128543800017, 2018). A buyer's year is never split."""
    from dashboard.filters import Filters
    from dashboard.queries import _row_ranges

    con = duckdb.connect(str(fixture_db), read_only=True)
    assert _row_ranges(con, Filters(), 100) == [(None, 89), (89, 177), (177, None)]
    assert _row_ranges(con, Filters(), 1_000) == [(None, None)]
    assert _row_ranges(con, Filters(), 40, first_range=10) == [
        (None, 10),
        (10, 47),
        (47, 84),
        (84, 117),
        (117, 151),
        (151, 185),
        (185, None),
    ]
    assert _row_ranges(con, Filters(year_from=2019, year_to=2019), 20) == [(None, 38), (38, None)]
    con.close()


def test_streamed_extract_in_row_ranges_equals_one_query(fixture_db: Path) -> None:
    """The extract cut into row ranges (to bound memory) gives the same bytes as one query."""
    from dashboard import queries
    from dashboard.filters import Filters

    whole = io.BytesIO()
    assert exports.write_csv([queries.award_rows(fixture_db, Filters(), None, 0)], whole) == 212
    cut = io.BytesIO()
    batches = queries.award_rows_batches(fixture_db, Filters(), rows_per_batch=7, rows_per_range=20)
    assert exports.write_csv(batches, cut) == 212
    assert cut.getvalue() == whole.getvalue()
    one_buyer = io.BytesIO()
    f = Filters(buyer="20002715900017")
    assert exports.write_parquet(queries.award_rows_batches(fixture_db, f, rows_per_range=5), one_buyer) == 24


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, []),
        (
            {"year_from": 2019, "year_to": 2019, "buyer": "21750001600019"},
            ["2019", "acheteur-21750001600019"],
        ),
        # Issue 17, finding 4: « 2018- » was slugged to « 2018 », which reads as 2018 only.
        ({"year_from": 2018, "lang": "en"}, ["depuis-2018"]),
        ({"year_from": 2018, "year_to": 2019}, ["2018-2019"]),
        (
            {
                "supplier": "502777188",
                "cpv": "45",
                "contract_type": "works",
                "framework": False,
                "lang": "en",
            },
            ["cpv-45", "Travaux", "hors-accords-cadres", "titulaire-502777188"],
        ),
        ({"year_to": 2020, "procedure": "Procédure adaptée"}, ["jusqu-a-2020", "Procédure adaptée"]),
    ],
)
def test_filter_tokens(params: dict[str, object], expected: list[str]) -> None:
    from dashboard.filters import Filters

    assert exports.filter_tokens(Filters(**params)) == expected  # type: ignore[arg-type]


def test_page_queries_run_while_an_extract_streams(fixture_db: Path) -> None:
    """Streamlit serves every session from one process: a download in progress must not lock the
    DB file for the other queries (DuckDB refuses a second connection with another config)."""
    from dashboard import queries
    from dashboard.filters import Filters

    batches = queries.award_rows_batches(fixture_db, Filters(), rows_per_batch=7, rows_per_range=20)
    first = next(batches)
    assert first.num_rows == 7
    assert queries.contracts_by_year(fixture_db).to_dict("records") == [
        {"year": 2018, "contracts": 62},
        {"year": 2019, "contracts": 29},
        {"year": 2024, "contracts": 53},
    ]
    assert sum(batch.num_rows for batch in batches) == 212 - 7
