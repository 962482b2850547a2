"""Secteurs: PME share by CPV division (FR/EN labels, sorted), a drill-down into groups
(3 digits) and classes (4 digits), and a sector x year heat map."""

import streamlit as st

from dashboard import charts, queries, tables, ui
from dashboard.i18n import fmt_pct, t

SHARE_COLS: list[tables.Column] = [
    ("label", "sector", "text"),
    ("contracts", "contracts", "contracts"),
    ("amount_total", "tile_amount", "eur"),
    ("share_count", "tile_share_count", "pct"),
    ("share_amount", "tile_share_amount", "pct"),
    ("coverage", "coverage", "pct"),
]

FEW_CONTRACTS = 30  # a sector with fewer contracts is drawn pale: its share is fragile

f = ui.page_setup("page_sectors")
lang = f.lang
ui.page_header(f, t("page_sectors", lang), applies=("group",))


divisions = ui.query(queries.sme_share_by_cpv_division, f)
if divisions.empty:
    ui.empty_state(f)
    ui.footer(f)
    st.stop()

st.header(t("sectors_share", lang))
divisions = tables.cpv_labelled(divisions, "cpv_division", f.basis, lang)
divisions = divisions.sort_values(["share", "contracts"], ascending=False)
ui.chart_block(
    charts.share_bars(divisions, lang, t("sector", lang), few=FEW_CONTRACTS),
    tables.display(divisions, SHARE_COLS, lang),
    t("sectors_share_caption", lang) + " " + t("few_contracts_pale", lang, few=FEW_CONTRACTS),
    f,
)

st.header(t("drill", lang))
prefix, detail = ui.drill_down(f, divisions)
if detail.empty:
    ui.empty_state(f)
else:
    ui.chart_block(
        charts.share_bars(detail, lang, t("cpv_code", lang), few=FEW_CONTRACTS),
        tables.display(detail.sort_values("share", ascending=False), SHARE_COLS, lang),
        t("drill_caption", lang, code=prefix) + " " + t("few_contracts_pale", lang, few=FEW_CONTRACTS),
        f,
    )

st.header(t("heatmap", lang))
cells = ui.query(queries.sme_share_by_cpv_division_year, f)
cells = tables.cpv_labelled(cells, "cpv_division", f.basis, lang)
if cells.empty:
    ui.empty_state(f)
else:
    grid = cells.pivot(index=["code", "label"], columns="year", values="share")
    grid = grid.map(lambda v: fmt_pct(v, lang, 1)).reset_index(level="code", drop=True)
    grid.columns = [str(year) for year in grid.columns]
    grid = grid.rename_axis(index=t("sector", lang)).reset_index()
    ui.chart_block(charts.heatmap(cells, lang), grid, t("heatmap_caption", lang), f)

ui.footer(f)
