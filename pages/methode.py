"""Méthode et qualité: the Method in plain words, the sources (licence, file date, sha256), the
coverage of company size, duplicates dropped, rejected records, the quality report and the aberrant
amounts, in static tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, tables, ui
from dashboard.filters import Filters
from dashboard.i18n import etl_note, fmt_date, fmt_int, fmt_pct, sirene_years_text, t
from dashboard.method_text import method_markdown

ABERRANT_ROWS = 200  # the largest ones; 1,000 rows were 220 kB on the websocket at 1.6 M rows
# The tables are static (dashboard.ui.static_display): reference lists in a set order, and the tab
# loads no data grid. Their long texts (by header text key) wrap on up to three lines.
WRAPPED = (
    "col_reason",
    "col_example",
    "col_example_value",
    "method_flag",
    "buyer",
    "col_object",
    "procedure",
    "vocabulary",
)
SOURCES_COLS: list[tables.Column] = [
    ("source_name", "col_source", "text"),
    ("label", "col_description", "text"),
    ("path", "col_file", "text"),
    ("format", "col_format", "text"),
    ("licence", "col_licence", "text"),
    ("file_date", "col_file_date", "date"),
    ("records_read", "col_read", "int"),
    ("records_loaded", "col_loaded", "int"),
    ("records_rejected", "col_rejected", "int"),
    ("duplicates_dropped", "col_duplicates", "int"),
    ("concessions_skipped", "col_concessions", "int"),
    ("bytes", "col_bytes", "int"),
    ("sha256", "col_sha256", "text"),
]
# The basis and the share first: at 390 px the figures a reader compares stay in view.
COVERAGE_COLS: list[tables.Column] = [
    ("basis", "method_basis", "text"),
    ("share", "share", "pct"),
    ("size_class", "size_class", "size"),
    ("contracts", "contracts", "contracts"),
    ("award_rows", "method_award_rows", "int"),
]
REJECTED_COLS: list[tables.Column] = [
    ("reason", "col_reason", "text"),
    ("records", "col_records", "int"),
    ("source_name", "col_source", "text"),
    ("example_ref", "col_example", "text"),
]
NOTES_COLS: list[tables.Column] = [
    ("note", "col_reason", "text"),
    ("records", "col_records", "int"),
    ("field", "col_field", "text"),
    ("example_value", "col_example_value", "text"),
]
FLAG_COLS: list[tables.Column] = [("flag", "method_flag", "text"), ("contracts", "contracts", "int")]
AMOUNT_FLAG_COLS: list[tables.Column] = [
    ("amount_status", "method_amount_status", "status"),
    *[
        (flag, f"method_{flag}", "int")
        for flag in ("flag_none", "flag_suspect", "flag_aberrant", "flag_other")
    ],
]
PUBLISHED_COLS: list[tables.Column] = [
    ("column_name", "method_column", "text"),
    ("share", "share", "pct"),
    ("published", "method_published_count", "int"),
    ("out_of", "method_out_of", "int"),
]
FAMILY_COLS: list[tables.Column] = [
    ("procedure", "procedure", "text"),
    ("family_label", "procedure_family", "text"),
    ("vocabulary_label", "vocabulary", "text"),
    ("contracts", "contracts", "contracts"),
]
COMPLETENESS_COLS: list[tables.Column] = [
    ("source_name", "col_source", "text"),
    ("year_label", "year", "text"),
    ("contracts", "contracts", "int"),
    ("amount_share", "quality_amount", "pct"),
    ("cpv_share", "col_cpv", "pct"),
    ("date_share", "quality_date", "pct"),
    ("siret_share", "quality_siret", "pct"),
    ("bids_share", "quality_bids", "pct"),
    ("procedure_share", "col_procedure", "pct"),
    ("coverage", "coverage", "pct"),
]
COVERAGE_BY_YEAR_COLS: list[tables.Column] = [
    ("year_label", "year", "text"),
    ("coverage", "coverage", "pct"),
    ("contracts", "contracts", "int"),
    ("classified_weight", "quality_classified", "contracts"),
]
BY_SOURCE_COLS: list[tables.Column] = [
    ("source_name", "col_source", "text"),
    ("contracts", "contracts", "int"),
    ("records_rejected", "col_rejected", "int"),
    ("duplicates_dropped", "col_duplicates", "int"),
    ("first_notification", "quality_first", "date"),
    ("latest_notification", "quality_latest", "date"),
]
ABERRANT_COLS: list[tables.Column] = [
    ("amount", "col_published_amount", "euros"),
    ("buyer_name", "buyer", "text"),
    ("year", "year", "year"),
    ("object", "col_object", "text"),
    ("buyer_id", "col_buyer_siret", "text"),
    ("contract_uid", "col_contract", "text"),
]


def _sources(f: Filters) -> None:
    """The latest run (records read, loaded, dropped) and its input files."""
    st.header(t("method_sources", f.lang))
    runs = ui.query(queries.runs_by_date)
    if not runs.empty:
        run = runs.iloc[0]
        counts = ("read", "loaded", "duplicates", "rejected", "concessions")
        columns = (
            "records_read",
            "records_loaded",
            "duplicates_dropped",
            "records_rejected",
            "concessions_skipped",
        )
        values = {k: fmt_int(run[c], f.lang) for k, c in zip(counts, columns, strict=True)}
        when = fmt_date(run["finished_at"], f.lang)
        st.write(t("method_run", f.lang, date=when, version=run["tool_version"], **values))
    inputs = ui.query(queries.inputs_by_source)
    sources = inputs.assign(
        path=inputs["path"].map(lambda p: str(p).rsplit("/", 1)[-1]),
        label=inputs["label_en" if f.lang == "en" else "label"],
    )
    ui.static_display(sources, SOURCES_COLS, f, t("method_sources", f.lang), wrap=("col_description",))
    st.caption(t("method_sources_caption", f.lang))


def _coverage(f: Filters) -> None:
    """Where the company sizes come from, and how many are known."""
    st.header(t("method_coverage", f.lang))
    basis = ui.query(queries.awards_by_size_basis)
    total = basis["contracts"].sum()
    known = basis.loc[basis["size_class"] != "unknown", "contracts"].sum()
    st.metric(t("coverage", f.lang), fmt_pct(known / total if total else None, f.lang))
    shown = basis.assign(
        basis=basis["size_basis"].map(lambda b: t(f"sizebasis_{b}", f.lang)),
        share=basis["contracts"] / total if total else None,
    )
    ui.static_display(shown, COVERAGE_COLS, f, t("method_coverage", f.lang), wrap=("method_basis",))
    st.caption(t("method_coverage_caption", f.lang))
    years = ui.query(queries.sirene_units_by_category_year)
    if not years.empty:
        rows = [(None if pd.isna(y) else int(y), s, a) for y, s, a in years.itertuples(index=False)]
        st.caption(sirene_years_text(rows, f.lang))


def _rejected(f: Filters) -> None:
    """Records refused (with their reason) and values set aside or filled (quality notes)."""
    st.header(t("method_rejected", f.lang))
    rejected = ui.query(queries.rejected_by_reason)
    if rejected.empty:
        st.write(t("method_none", f.lang))
    else:
        rejected["reason"] = rejected["reason"].map(lambda r: etl_note(str(r), f.lang))
        ui.static_display(rejected, REJECTED_COLS, f, t("method_rejected", f.lang), wrap=WRAPPED)
    notes = ui.query(queries.quality_notes_by_note)
    if not notes.empty:
        st.subheader(t("method_notes", f.lang))
        notes["note"] = notes["note"].map(lambda n: etl_note(str(n), f.lang))
        ui.static_display(notes, NOTES_COLS, f, t("method_notes", f.lang), wrap=WRAPPED)


def _flags(f: Filters) -> None:
    """The publisher's quality flags, its amount flags against our statuses, and the columns a
    source may leave out."""
    st.header(t("method_flags", f.lang))
    flags = ui.query(queries.contracts_by_quality_flag)
    flags["flag"] = flags["quality_flag"].map(lambda q: t(f"flag_{q}", f.lang))
    ui.static_display(flags, FLAG_COLS, f, t("method_flags", f.lang), wrap=WRAPPED)
    st.caption(t("method_flags_caption", f.lang))
    st.subheader(t("method_amount_flags", f.lang))
    amount_flags = ui.query(queries.contracts_by_amount_flag)
    ui.static_display(amount_flags, AMOUNT_FLAG_COLS, f, t("method_amount_flags", f.lang))
    st.caption(t("method_amount_flags_caption", f.lang))
    st.subheader(t("method_published", f.lang))
    published = ui.query(queries.published_by_column)
    published["share"] = published["published"] / published["out_of"]
    ui.static_display(published, PUBLISHED_COLS, f, t("method_published", f.lang))
    st.caption(t("method_published_caption", f.lang))


def _quality_report(f: Filters) -> None:
    """The quality report of the whole DB: fields published by source and year, the size coverage
    by year, rejections, duplicates and latest notification by source; each table downloadable."""
    st.header(t("quality_report", f.lang))
    st.caption(t("quality_intro", f.lang))
    parts = (
        ("quality_completeness", queries.completeness_by_source_year, COMPLETENESS_COLS, "qualite-champs"),
        ("quality_coverage", queries.coverage_by_year, COVERAGE_BY_YEAR_COLS, "qualite-taille-par-annee"),
        ("quality_sources", queries.records_by_source, BY_SOURCE_COLS, "qualite-par-source"),
    )
    for key, query, columns, file_name in parts:
        st.subheader(t(key, f.lang))
        frame = ui.query(query)
        # A year's label, « Sans date » for the undated contracts (a NULL would show as « None »).
        shown = (
            frame.assign(year_label=tables.year_labels(frame["year"], f.lang)) if "year" in frame else frame
        )
        markup = ui.static_markup(shown, columns, f, wrap=("col_source",))
        ui.table_on_demand(markup, t("show_table_plain", f.lang), name=t(key, f.lang))
        st.caption(t(f"{key}_caption", f.lang))
        ui.csv_download(frame, file_name, f"q_{key}", f.lang)


def _aberrant(f: Filters) -> None:
    """The contracts whose published amount is aberrant (the buyer's, when one is chosen)."""
    st.header(t("method_aberrant", f.lang))
    # One row more than shown: its presence says the list is cut (its length is then not the count).
    aberrant = ui.query(queries.contracts_by_aberrant_amount, f, ABERRANT_ROWS + 1)
    limit = fmt_int(ABERRANT_ROWS, f.lang)
    if len(aberrant) > ABERRANT_ROWS:
        aberrant = aberrant.head(ABERRANT_ROWS)
        st.write(t("method_aberrant_many", f.lang, limit=limit))
    else:
        st.write(t("method_aberrant_count", f.lang, count=fmt_int(len(aberrant), f.lang), limit=limit))
    if not aberrant.empty:
        markup = ui.static_markup(aberrant, ABERRANT_COLS, f, WRAPPED)
        ui.table_on_demand(markup, t("show_table_plain", f.lang), name=t("method_aberrant", f.lang))


def _procedure_families(f: Filters) -> None:
    """The table of procedure families behind the Concurrence page (Method §17)."""
    st.header(t("method_families", f.lang))
    families = ui.query(queries.procedure_families_by_label)
    shown = families.assign(
        family_label=[t(f"family_{family}", f.lang) for family in families["family"]],
        vocabulary_label=families["vocabulary"].fillna(t("vocabulary_seen", f.lang)),
    )
    markup = ui.static_markup(shown, FAMILY_COLS, f, WRAPPED)
    ui.table_on_demand(markup, t("show_table_plain", f.lang), name=t("method_families", f.lang))
    st.caption(t("method_families_caption", f.lang))


def _method(f: Filters) -> None:
    """The Method in plain words, after where the tables it cites are."""
    st.caption(t("method_tables_tab", f.lang, tab=t("tab_qualite", f.lang)))
    st.markdown(method_markdown(f.lang))


def _quality(f: Filters) -> None:
    """Sources, coverage, rejections, flags, the quality report, aberrant amounts, families."""
    for part in (_sources, _coverage, _rejected, _flags, _quality_report, _aberrant, _procedure_families):
        part(f)


f = ui.filters()
ui.page_tabs(f, {"methode": lambda: _method(f), "qualite": lambda: _quality(f)})
