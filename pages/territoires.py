"""Territoires, in three tabs: the PME share by the buyer's département or région on a map of
metropolitan France; a ranking of the territories, with the overseas territories and the contracts
of no known place; where the winners are (in the buyer's own département or not)."""

import pandas as pd
import streamlit as st

from dashboard import charts, exports, geo, queries, tables, ui
from dashboard.filters import Filters
from dashboard.i18n import country_label, fmt_int, t

# The map's figures, in the ranking and in the overseas table alike.
TERRITORY_COLS: list[tables.Column] = [
    ("name", "territory", "text"),
    ("contracts", "contracts", "contracts"),
    ("amount_total", "tile_amount", "eur"),
    ("share", "share_pme", "pct"),
    ("wilson_low", "wilson_low", "pct"),
    ("wilson_high", "wilson_high", "pct"),
    ("coverage", "coverage", "pct"),
]
CSV_COLUMNS = [
    "code",
    "name",
    "contracts",
    "amount_total",
    "share_count",
    "share_amount",
    "wilson_low",
    "wilson_high",
    "coverage",
]
# Sums of 1/n weights carry float noise (23.999999999999996): written to what they mean.
CSV_DIGITS = {"contracts": 4, "amount_total": 2} | dict.fromkeys(CSV_COLUMNS[4:], 6)
FEW_CONTRACTS = charts.FEW_CONTRACTS


def _map(f: Filters, level: geo.Level, mapped: pd.DataFrame) -> None:
    """The choropleth of the drawn territories, and what its colours say."""
    st.header(t("territories_map", f.lang))
    spec = charts.territory_map(mapped, geo.outlines(level), f.lang, few=FEW_CONTRACTS)
    ui.territory_chart(f, level, spec)
    basis = t(f"basis_words_{f.basis}", f.lang)
    st.caption(
        t("territories_map_caption", f.lang, basis=basis, few=FEW_CONTRACTS)
        + " "
        + t("territories_click", f.lang)
    )
    st.caption(t("territories_outlines", f.lang))


def _off_map(f: Filters, others: pd.DataFrame, table: bool) -> None:
    """The overseas territories and the contracts of no known place, with how many they are, and
    with `table` their figures."""
    st.subheader(t("territories_off_map", f.lang))
    if others.empty:
        st.caption(t("territories_all_on_map", f.lang))
        return
    unknown = float(others.loc[others["code"].isna(), "contracts"].sum())
    total = float(others["contracts"].sum())
    numbers = {"contracts": total, "overseas": total - unknown, "unknown": unknown}
    st.markdown(t("territories_off_map_text", f.lang, **{k: fmt_int(v, f.lang) for k, v in numbers.items()}))
    if table:
        ui.static_display(others, TERRITORY_COLS, f, t("territories_off_map", f.lang), wrap=("territory",))
    else:
        st.caption(t("territories_off_map_where", f.lang, tab=t("tab_classement", f.lang)))


def _ranking(f: Filters, level: geo.Level, mapped: pd.DataFrame) -> None:
    """The map's territories ranked by PME share, and the ranking as CSV."""
    st.header(t("territories_ranking", f.lang))
    title = t("territories_ranking", f.lang)
    ui.static_display(mapped, TERRITORY_COLS, f, title, wrap=("territory",), descending="share_pme")
    st.caption(t("territories_ranking_caption", f.lang))
    day = exports.data_date(ui.query(queries.provenance_by_source))
    name = exports.export_filename(["territoires", level, *exports.filter_tokens(f)], day, "csv")
    st.download_button(
        t("territories_download", f.lang),
        mapped[CSV_COLUMNS].round(CSV_DIGITS).to_csv(index=False),
        file_name=name,
        mime="text/csv",
        icon=":material/download:",
    )


def _place_name(f: Filters) -> str:
    """The chosen territory: « 75 Paris », else « 11 Île-de-France » (a département within a région
    is the narrower)."""
    return geo.label("dept", f.dept) if f.dept else geo.label("region", f.region)


def _local(f: Filters) -> None:
    """Winners in the buyer's own département or elsewhere, their PME shares and the distance."""
    scope = t("scope_place", f.lang, name=_place_name(f)) if f.dept or f.region else t("scope_all", f.lang)
    ui.local_suppliers(f, scope)


def _territories(f: Filters, level: geo.Level, rows: pd.DataFrame) -> None:
    """The open tab, from the query's rows: the map and what it leaves out; the ranking (and the
    table of what the map leaves out); the winners' places."""
    mapped, others = geo.split(rows, level, f.basis, t("place_unknown", f.lang))

    def on_map() -> None:
        _map(f, level, mapped)
        _off_map(f, others, table=False)

    def ranked() -> None:
        _ranking(f, level, mapped)
        _off_map(f, others, table=True)

    ui.page_tabs(f, {"carte": on_map, "classement": ranked, "localisation": lambda: _local(f)})


f = ui.filters()
if f.country not in (None, "FR"):
    # Départements and régions are France's (INSEE codes): another country's contracts have none.
    st.info(t("territories_france_only", f.lang, country=country_label(f.country, f.lang)))
else:
    level = ui.territory_input(f)
    rows = ui.query(queries.sme_share_by_territory, f, level)
    ui.place_picker(f, level)
    if rows.empty:
        ui.empty_state(f)
    else:
        _territories(f, level, rows)
