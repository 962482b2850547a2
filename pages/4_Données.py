"""Données: the award rows under the current filters, a page at a time, and downloads of exactly
those rows (CSV, CSV for a French Excel, XLSX, Parquet) with a column dictionary."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

import streamlit as st

from dashboard import exports, queries, ui
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, t

PAGE_ROWS = 100

f = ui.page_setup("page_data")
st.title(t("page_data", f.lang))
st.write(t("data_intro", f.lang))

counts = ui.query(queries.award_rows_count, f)
rows, contracts = int(counts["award_rows"].iloc[0]), int(counts["contracts"].iloc[0])
if rows == 0:
    ui.empty_state(f)
    ui.footer(f)
    st.stop()

st.subheader(t("data_count", f.lang, rows=fmt_int(rows, f.lang), contracts=fmt_int(contracts, f.lang)))
pages = (rows + PAGE_ROWS - 1) // PAGE_ROWS
page = st.number_input(t("data_page", f.lang, pages=fmt_int(pages, f.lang)), 1, pages, 1, key="d_page")
offset = (int(page) - 1) * PAGE_ROWS
shown = ui.query(queries.award_rows, f, PAGE_ROWS, offset)
st.caption(
    t(
        "data_showing",
        f.lang,
        first=fmt_int(offset + 1, f.lang),
        last=fmt_int(offset + len(shown), f.lang),
        rows=fmt_int(rows, f.lang),
    )
)
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={
        "amount": st.column_config.NumberColumn(format="%.2f"),
        "amount_share": st.column_config.NumberColumn(format="%.2f"),
        "weight": st.column_config.NumberColumn(format="%.4f"),
        "year": st.column_config.NumberColumn(format="%d"),
        "notification_date": st.column_config.DateColumn(format="YYYY-MM-DD"),
    },
)

st.subheader(t("data_download", f.lang))
st.caption(t("data_download_caption", f.lang, rows=fmt_int(rows, f.lang)))
day = exports.data_date(ui.query(queries.provenance_by_source))
tokens = exports.filter_tokens(f)
db = queries.db_path()


def _writer(fmt: exports.ExportFormat, dialect: exports.CsvDialect, filters: Filters) -> Callable[[], bytes]:
    """A callable for st.download_button: on click, streams the extract to a temporary file (one
    batch in memory at a time) and hands Streamlit its bytes."""

    def write() -> bytes:
        with tempfile.TemporaryFile() as out:
            exports.write_extract(fmt, queries.award_rows_batches(db, filters), out, csv_dialect=dialect)
            out.seek(0)
            return out.read()

    return write


downloads = (
    ("csv", exports.CSV_STANDARD, "csv", "data_csv"),
    ("csv", exports.CSV_EXCEL_FR, "csv", "data_csv_excel"),
    ("xlsx", exports.CSV_STANDARD, "xlsx", "data_xlsx"),
    ("parquet", exports.CSV_STANDARD, "parquet", "data_parquet"),
)
for fmt, dialect, ext, key in downloads:
    name_tokens = [*tokens, "excel"] if dialect.bom else tokens
    file_name = exports.export_filename(name_tokens, day, ext)
    if exports.too_large_for_browser(fmt, rows):
        limit = fmt_int(exports.BROWSER_MAX_ROWS[fmt], f.lang)
        st.warning(t("data_too_large", f.lang, label=t(key, f.lang), limit=limit), icon="⚠️")
        continue
    st.download_button(
        t(key, f.lang),
        data=_writer(fmt, dialect, f),
        file_name=file_name,
        mime=exports.MIME_TYPES[fmt],
        key=f"d_{key}",
        on_click="ignore",
        help=file_name,
    )

with st.expander(t("data_dictionary", f.lang)):
    st.dataframe(exports.column_dictionary(f.lang), hide_index=True, width="stretch")

ui.footer(f)
