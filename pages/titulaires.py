"""Titulaires: the suppliers that win the most (by amount and by count) with their size, and one
supplier's profile (its buyers, sectors and years), found by name or SIREN (URL param `supplier`).
Its lists are short and in a set order: static tables (dashboard.ui.static_display)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, tables, ui
from dashboard.filters import Filters, parse_params
from dashboard.i18n import fmt_contracts, fmt_eur, fmt_int, size_label, t

TOP = 10
MATCHES = 20
INCUMBENCIES = 50
# A profile's tables: what the row is (a buyer, sector or year), then contracts and amount.
PROFILE_FIGURES: list[tables.Column] = [
    ("contracts", "contracts", "contracts"),
    ("amount_total", "amount", "eur"),
]
# The name, the figure the list is ranked by and the size fit on a phone; the rest scrolls.
AMOUNT: tables.Column = ("amount_total", "amount", "eur")
CONTRACTS: tables.Column = ("contracts", "contracts", "contracts")
TOP_COLS: dict[str, list[tables.Column]] = {
    order: [
        ("supplier_name", "supplier", "text"),
        ranked,
        ("size_class", "size_class", "size"),
        other,
        ("supplier_key", "siren_or_id", "text"),
    ]
    for order, ranked, other in (("amount", AMOUNT, CONTRACTS), ("count", CONTRACTS, AMOUNT))
}


def _pick() -> None:
    """Selectbox callback: the chosen supplier into the URL (the other filters kept)."""
    current, _ = parse_params(st.query_params.to_dict())
    ui.write_filters(current.replace(supplier=st.session_state["s_supplier"] or None))


def _profile_table(f: Filters, frame: pd.DataFrame, header: str, title: str) -> None:
    """One table of a profile under its subheader `title`: a row per `label` (a name that wraps,
    or a year), headed by the text key `header`."""
    st.subheader(title)
    spec: list[tables.Column] = [("label", header, "text"), *PROFILE_FIGURES]
    ui.static_display(frame, spec, f, title, wrap=("buyer", "sector"))


def _search(f: Filters) -> None:
    """The search box and the supplier picker (the chosen one stays in the list)."""
    text = st.text_input(
        t("supplier_search", f.lang), key="s_supplier_q", help=t("supplier_search_help", f.lang)
    )
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


def _profile(f: Filters, supplier: str) -> None:
    """The chosen supplier: size, contracts and amount, then its buyers, sectors and years."""
    lang = f.lang
    info = ui.query(queries.supplier_by_key, supplier).iloc[0]
    st.header(ui.plain(ui.supplier_name(supplier)))
    years = ui.query(queries.supplier_awards_by_year, f)
    if years.empty:
        ui.empty_state(f)
        return
    cols = st.columns([2, 1, 1])  # the size in words (« Grande entreprise ») needs the room
    cols[0].metric(t("size_class", lang), size_label(str(info["size_class"]), lang))
    cols[1].metric(t("contracts", lang), fmt_contracts(years["contracts"].sum(), lang))
    cols[2].metric(
        t("tile_amount", lang), fmt_eur(years["amount_total"].sum(min_count=1), lang, ui.currency(f))
    )
    st.caption(t("supplier_profile_caption", lang, supplier=supplier))
    buyers = ui.query(queries.supplier_awards_by_buyer, f, MATCHES)
    buyers["label"] = (
        buyers["buyer_name"].fillna(t("name_unpublished", lang)) + " (" + buyers["buyer_id"] + ")"
    )
    _profile_table(f, buyers, "buyer", t("supplier_buyers", lang))
    sectors = ui.query(queries.supplier_awards_by_cpv_division, f)
    sectors["label"] = tables.cpv_labels(sectors, "cpv_division", lang)
    _profile_table(f, sectors, "sector", t("supplier_sectors", lang))
    years["label"] = years["year"].map(lambda y: t("year_undated", lang) if pd.isna(y) else str(int(y)))
    _profile_table(f, years, "year", t("supplier_years", lang))
    _incumbencies(f)


def _incumbencies(f: Filters) -> None:
    """The buyers where the chosen supplier is an incumbent (« rente », issue 14)."""
    st.subheader(t("supplier_incumbencies", f.lang))
    spells = ui.query(queries.incumbents, f, INCUMBENCIES)
    if spells.empty:
        st.caption(t("supplier_incumbencies_none", f.lang))
        return
    ui.incumbents_table(f, spells)
    st.caption(t("incumbents_caption", f.lang))


def _top(f: Filters) -> None:
    """The suppliers that win the most, by amount then by count."""
    top_amount = ui.query(queries.totals_by_supplier, f, "amount", TOP)
    if top_amount.empty:
        ui.empty_state(f)
        return
    top_count = ui.query(queries.totals_by_supplier, f, "count", TOP)
    for title, caption, frame, order in (
        ("top_by_amount", "top_by_amount_caption", top_amount, "amount"),
        ("top_by_count", "top_by_count_caption", top_count, "count"),
    ):
        st.subheader(t(title, f.lang))
        ui.static_display(frame, TOP_COLS[order], f, t(title, f.lang), wrap=("supplier",))
        st.caption(t(caption, f.lang))


f = ui.filters()
_search(f)
if f.supplier is not None:
    _profile(f, f.supplier)
    st.divider()
_top(f)
