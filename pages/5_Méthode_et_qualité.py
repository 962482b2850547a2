"""Méthode et qualité: the Method in plain words, the sources (licence, file date, sha256), the
coverage of company size, duplicates dropped, rejected records and the aberrant amounts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, ui
from dashboard.i18n import fmt_eur, fmt_int, fmt_pct, size_label, t
from dashboard.method_text import method_markdown

ABERRANT_ROWS = 1000

f = ui.page_setup("page_method")
st.title(t("page_method", f.lang))
st.markdown(method_markdown(f.lang))

st.header(t("method_sources", f.lang))
inputs = ui.query(queries.inputs_by_source)
runs = ui.query(queries.runs_by_date)
if not runs.empty:
    run = runs.iloc[0]
    st.write(
        t(
            "method_run",
            f.lang,
            date=ui.fmt_date(run["finished_at"], f.lang),
            version=run["tool_version"],
            read=fmt_int(run["records_read"], f.lang),
            loaded=fmt_int(run["records_loaded"], f.lang),
            duplicates=fmt_int(run["duplicates_dropped"], f.lang),
            rejected=fmt_int(run["records_rejected"], f.lang),
            concessions=fmt_int(run["concessions_skipped"], f.lang),
        )
    )
sources = inputs.assign(path=inputs["path"].map(lambda p: str(p).rsplit("/", 1)[-1]))
st.dataframe(
    sources,
    hide_index=True,
    width="stretch",
    column_config={"file_date": st.column_config.DateColumn(format="YYYY-MM-DD")},
)
st.caption(t("method_sources_caption", f.lang))

st.header(t("method_coverage", f.lang))
basis = ui.query(queries.awards_by_size_basis)
total = basis["contracts"].sum()
known = basis.loc[basis["size_class"] != "unknown", "contracts"].sum()
st.metric(t("coverage", f.lang), fmt_pct(known / total if total else None, f.lang))
coverage = pd.DataFrame(
    {
        t("method_basis", f.lang): basis["size_basis"].map(lambda b: t(f"sizebasis_{b}", f.lang)),
        t("size_class", f.lang): basis["size_class"].map(lambda s: size_label(str(s), f.lang)),
        t("method_award_rows", f.lang): basis["award_rows"].map(lambda v: fmt_int(v, f.lang)),
        t("contracts", f.lang): basis["contracts"].map(lambda v: fmt_int(v, f.lang)),
        t("share", f.lang): (basis["contracts"] / total).map(lambda v: fmt_pct(v, f.lang, 1)),
    }
)
st.dataframe(coverage, hide_index=True, width="stretch")
st.caption(t("method_coverage_caption", f.lang))

st.header(t("method_rejected", f.lang))
rejected = ui.query(queries.rejected_by_reason)
if rejected.empty:
    st.write(t("method_none", f.lang))
else:
    st.dataframe(rejected, hide_index=True, width="stretch")
notes = ui.query(queries.quality_notes_by_note)
if not notes.empty:
    st.subheader(t("method_notes", f.lang))
    st.dataframe(notes, hide_index=True, width="stretch")

st.header(t("method_aberrant", f.lang))
aberrant = ui.query(queries.contracts_by_aberrant_amount, f, ABERRANT_ROWS)
st.write(
    t(
        "method_aberrant_count",
        f.lang,
        count=fmt_int(len(aberrant), f.lang),
        limit=fmt_int(ABERRANT_ROWS, f.lang),
    )
)
if not aberrant.empty:
    shown = aberrant.assign(amount_text=aberrant["amount"].map(lambda v: fmt_eur(v, f.lang)))
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "amount": st.column_config.NumberColumn(format="%.2f"),
            "year": st.column_config.NumberColumn(format="%d"),
        },
    )

ui.footer(f)
