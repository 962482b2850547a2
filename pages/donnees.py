"""Données: the award rows under the current filters, a page at a time in the order chosen, and
downloads of exactly those rows (CSV, CSV for a French Excel, XLSX, Parquet) with a column dictionary."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import exports, queries, tables, ui
from dashboard.filters import ROW_ORDERS, Filters
from dashboard.i18n import fmt_eur, fmt_euros, fmt_int, t

PAGE_ROWS = 100
# The on-screen table: most telling columns first, short headers. The downloads keep every column
# under its dictionary name. A contract with several winners is on several rows: its amount is
# repeated, the share attributed to each winner adds up (issue 17).
SHOWN: list[tables.Column] = [
    ("notification_date", "col_notified", "date"),
    ("buyer_name", "buyer", "text"),
    ("supplier_name", "col_winner", "text"),
    ("size_class", "size_class", "size"),
    ("amount", "col_contract_amount", "euros"),
    ("amount_share", "col_amount_share", "euros"),
    ("amount_status", "col_amount_status", "status"),
    ("cpv_code", "col_cpv", "text"),
    ("cpv_label", "col_cpv_label", "text"),
    ("winners", "col_winners", "int"),
    ("procedure", "col_procedure", "text"),
    ("is_framework", "col_framework", "yesno"),
    ("object", "col_object", "text"),
    ("buyer_id", "col_buyer_siret", "text"),
    ("supplier_id", "col_winner_id", "text"),
    ("contract_uid", "col_contract", "text"),
]
# Long texts on up to three lines, the others on one: size and amounts show on a laptop.
WRAPPED = ("buyer", "col_winner", "col_cpv_label", "col_procedure", "col_object")
# The column an order other than the extract's follows, marked on its header.
SORTED_BY = {"share": "col_amount_share", "amount": "col_contract_amount"}
# The headers of the column dictionary's three columns (exports.column_dictionary), all texts.
DICTIONARY = ("dict_column", "dict_type", "dict_meaning")
DOWNLOADS = (
    ("csv", exports.CSV_STANDARD, "data_csv"),
    ("csv", exports.CSV_EXCEL_FR, "data_csv_excel"),
    ("xlsx", exports.CSV_STANDARD, "data_xlsx"),
    ("parquet", exports.CSV_STANDARD, "data_parquet"),
)


def _supplier_note(f: Filters) -> None:
    """The supplier chosen on Titulaires filters these rows: said, with a button to clear it."""
    name = ui.plain(ui.supplier_name(f.supplier or ""))
    st.info(t("data_supplier_filter", f.lang, name=name, supplier=f.supplier), icon=":material/filter_alt:")
    st.button(
        t("data_supplier_clear", f.lang), key="d_supplier_clear", on_click=ui.drop_filter, args=("supplier",)
    )


def _writer(fmt: exports.ExportFormat, dialect: exports.CsvDialect, filters: Filters) -> Callable[[], bytes]:
    """A callable for st.download_button: on click, streams the extract to a temporary file (one
    batch in memory at a time) and hands Streamlit its bytes."""

    def write() -> bytes:
        with tempfile.TemporaryFile() as out:
            rows = queries.award_rows_batches(queries.db_path(), filters)
            exports.write_extract(fmt, rows, out, csv_dialect=dialect)
            out.seek(0)
            return out.read()

    return write


def _downloads(f: Filters, rows: int) -> None:
    """The four download buttons (a format too large for the browser is a warning instead) and
    the column dictionary."""
    st.markdown(f"**{t('data_download', f.lang)}**")
    st.caption(t("data_download_caption", f.lang, rows=fmt_int(rows, f.lang)))
    day = exports.data_date(ui.query(queries.provenance_by_source))
    tokens = exports.filter_tokens(f)
    slots = iter(st.columns(len(DOWNLOADS)))
    for fmt, dialect, key in DOWNLOADS:
        file_name = exports.export_filename([*tokens, "excel"] if dialect.bom else tokens, day, fmt)
        if exports.too_large_for_browser(fmt, rows):
            limit = fmt_int(exports.BROWSER_MAX_ROWS[fmt], f.lang)
            st.warning(t("data_too_large", f.lang, label=t(key, f.lang), limit=limit), icon="⚠️")
            continue
        next(slots).download_button(
            t(key, f.lang),
            data=_writer(fmt, dialect, f),
            file_name=file_name,
            mime=exports.MIME_TYPES[fmt],
            key=f"d_{key}",
            on_click="ignore",
            help=file_name,
            icon=":material/download:",
        )
    # Drawn once asked for: sent hidden in an expander with every run, it made a filter change on
    # Données redraw in 0.68 s instead of 0.57 s at 1.6 M rows (issue 17, finding 10). Static, as
    # the rows: its descriptions wrap whole.
    dictionary = exports.column_dictionary(f.lang)
    spec: list[tables.Column] = [(col, key, "text") for col, key in zip(dictionary, DICTIONARY, strict=True)]
    markup = ui.static_markup(dictionary, spec, f, prose=("dict_meaning",))
    ui.table_on_demand(markup, t("data_dictionary", f.lang))


def _rows(f: Filters, rows: int) -> None:
    """One page of the rows in the order chosen (both in the URL), in the on-screen columns."""
    orders = {order: t(f"data_sort_{order}", f.lang) for order in ROW_ORDERS}
    ui.view_choice(f, "sort", orders, t("data_sort", f.lang), t("data_sort_help", f.lang), page=1)
    pages = (rows + PAGE_ROWS - 1) // PAGE_ROWS
    page = ui.page_input(f, pages, t("data_page", f.lang, pages=fmt_int(pages, f.lang)))
    offset = (int(page) - 1) * PAGE_ROWS
    shown = ui.query(queries.award_rows, f, PAGE_ROWS, offset, f.sort)
    last = fmt_int(offset + len(shown), f.lang)
    first = fmt_int(offset + 1, f.lang)
    showing = t("data_showing", f.lang, first=first, last=last, rows=fmt_int(rows, f.lang))
    st.caption(showing)
    ui.static_display(shown, SHOWN, f, showing, WRAPPED, SORTED_BY.get(f.sort, ""))


def _shares_total(f: Filters, counts: pd.DataFrame) -> None:
    """Under the table: the total of the winners' shares of the filtered rows, which is the
    overview's amount tile (and what the aberrant amounts add when the page counts them)."""
    total, counted = counts[["amount_share_total", "amount_counted_total"]].iloc[0].fillna(0.0)
    key = "data_shares_total" if round(total, 2) == round(counted, 2) else "data_shares_total_aberrant"
    currency = ui.currency(f)
    values = {"total": fmt_euros(total, f.lang, currency), "short": fmt_eur(total, f.lang, currency)}
    st.caption(t(key, f.lang, **values, counted=fmt_euros(counted, f.lang, currency)))


f = ui.filters()
st.write(t("data_intro", f.lang))
if f.supplier is not None:
    _supplier_note(f)
ui.merged_uid_input(f)
counts = ui.query(queries.award_rows_count, f)
rows, contracts = int(counts["award_rows"].iloc[0]), int(counts["contracts"].iloc[0])
if rows == 0:
    ui.empty_state(f)
else:
    st.subheader(t("data_count", f.lang, rows=fmt_int(rows, f.lang), contracts=fmt_int(contracts, f.lang)))
    ui.undated_note(f)
    _downloads(f, rows)
    _rows(f, rows)
    _shares_total(f, counts)
