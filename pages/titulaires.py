"""Titulaires: the suppliers that win the most (by amount and by count) with their size, and one
supplier's profile (its buyers, sectors and years), found by name or SIREN (URL param `supplier`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, ui
from dashboard.filters import parse_params
from dashboard.i18n import fmt_contracts, fmt_eur, fmt_int, size_label, t

TOP = 10
MATCHES = 20

f = ui.filters()


def _pick() -> None:
    """Selectbox callback: the chosen supplier into the URL (the other filters kept)."""
    current, _ = parse_params(st.query_params.to_dict())
    ui.write_filters(current.replace(supplier=st.session_state["s_supplier"] or None))


def _table(frame: pd.DataFrame, lang: str, first: str, first_label: str) -> pd.DataFrame:
    """A display table: the first column, contracts and amount formatted in `lang`."""
    return pd.DataFrame(
        {
            first_label: frame[first].fillna("–").astype(str),
            t("contracts", lang): frame["contracts"].map(lambda v: fmt_contracts(v, lang)),
            t("amount", lang): frame["amount_total"].map(lambda v: fmt_eur(v, lang)),
        }
    )


text = st.text_input(t("supplier_search", f.lang), key="s_supplier_q", help=t("supplier_search_help", f.lang))
names: dict[str, str] = {}
if f.supplier is not None:
    name = ui.supplier_name(f.supplier)  # its key when no name is published
    names[f.supplier] = "" if name == f.supplier else name
if len(text.strip()) >= 2:
    matches = ui.query(queries.suppliers_by_text, text.strip(), MATCHES)
    if matches.empty:
        st.caption(t("supplier_no_match", f.lang))
    elif f.supplier is None:
        key = "supplier_pick_many" if len(matches) == MATCHES else "supplier_pick"
        st.caption(t(key, f.lang, found=fmt_int(len(matches), f.lang)))
    for row in matches.itertuples():
        names[row.supplier_key] = row.supplier_name or ""
st.session_state["s_supplier"] = f.supplier or ""
st.selectbox(
    t("supplier", f.lang),
    ["", *names],
    key="s_supplier",
    on_change=_pick,
    format_func=lambda k: (
        t("supplier_none", f.lang) if not k else f"{names.get(k) or t('name_unpublished', f.lang)} ({k})"
    ),
)

if f.supplier is not None:
    info = ui.query(queries.supplier_by_key, f.supplier).iloc[0]
    st.header(ui.plain(ui.supplier_name(f.supplier)))
    years = ui.query(queries.supplier_awards_by_year, f)
    if years.empty:
        ui.empty_state(f)
    else:
        cols = st.columns([2, 1, 1])  # the size in words (« Grande entreprise ») needs the room
        cols[0].metric(t("size_class", f.lang), size_label(str(info["size_class"]), f.lang))
        cols[1].metric(t("contracts", f.lang), fmt_contracts(years["contracts"].sum(), f.lang))
        cols[2].metric(t("tile_amount", f.lang), fmt_eur(years["amount_total"].sum(min_count=1), f.lang))
        st.caption(t("supplier_profile_caption", f.lang, supplier=f.supplier))
        st.subheader(t("supplier_buyers", f.lang))
        buyers = ui.query(queries.supplier_awards_by_buyer, f, MATCHES)
        buyers["label"] = (
            buyers["buyer_name"].fillna(t("name_unpublished", f.lang)) + " (" + buyers["buyer_id"] + ")"
        )
        ui.data_table(_table(buyers, f.lang, "label", t("buyer", f.lang)))
        st.subheader(t("supplier_sectors", f.lang))
        sectors = ui.query(queries.supplier_awards_by_cpv_division, f)
        labels = sectors["label_en"] if f.lang == "en" else sectors["label_fr"]
        sectors["label"] = sectors["cpv_division"].fillna("–") + " " + labels.fillna("")
        ui.data_table(_table(sectors, f.lang, "label", t("sector", f.lang)))
        st.subheader(t("supplier_years", f.lang))
        years["label"] = years["year"].map(lambda y: t("year_undated", f.lang) if pd.isna(y) else str(int(y)))
        ui.data_table(_table(years, f.lang, "label", t("year", f.lang)))
    st.divider()

top_amount = ui.query(queries.totals_by_supplier, f, "amount", TOP)
if top_amount.empty:
    ui.empty_state(f)
else:
    top_count = ui.query(queries.totals_by_supplier, f, "count", TOP)
    for title, caption, frame, ranked_by in (
        ("top_by_amount", "top_by_amount_caption", top_amount, "amount"),
        ("top_by_count", "top_by_count_caption", top_count, "contracts"),
    ):
        st.subheader(t(title, f.lang))
        shown = _table(frame, f.lang, "supplier_name", t("supplier", f.lang))
        shown[t("size_class", f.lang)] = frame["size_class"].map(lambda s: size_label(str(s), f.lang))
        shown["SIREN / id"] = frame["supplier_key"]
        # The name, the figure the list is ranked by and the size fit on a phone; the rest scrolls.
        first = [t("supplier", f.lang), t(ranked_by, f.lang), t("size_class", f.lang)]
        shown = shown[first + [c for c in shown.columns if c not in first]]
        ui.data_table(shown)
        st.caption(t(caption, f.lang))
