"""Secteurs: PME share by CPV division (FR/EN labels, sorted), a drill-down into groups
(3 digits) and classes (4 digits), and a sector x year heat map."""

import pandas as pd
import streamlit as st

from dashboard import charts, queries, tables, ui
from dashboard.filters import Filters
from dashboard.i18n import t

SHARE_COLS: list[tables.Column] = [
    ("label", "sector", "text"),
    ("contracts", "contracts", "contracts"),
    ("amount_total", "tile_amount", "eur"),
    ("share_count", "tile_share_count", "pct"),
    ("share_amount", "tile_share_amount", "pct"),
    ("coverage", "coverage", "pct"),
]

FEW_CONTRACTS = charts.FEW_CONTRACTS


def _divisions(f: Filters, divisions: pd.DataFrame) -> None:
    """PME share by CPV division, highest first."""
    st.header(t("sectors_share", f.lang))
    ui.chart_block(
        charts.share_bars(divisions, f.lang, t("sector", f.lang), few=FEW_CONTRACTS),
        tables.display(divisions, SHARE_COLS, f.lang, ui.currency(f)),
        t("sectors_share_caption", f.lang) + " " + t("few_contracts_pale", f.lang, few=FEW_CONTRACTS),
        f,
    )


def _drill(f: Filters, divisions: pd.DataFrame) -> None:
    """The drill-down into a division's groups (3 digits) and classes (4 digits)."""
    st.header(t("drill", f.lang))
    prefix, detail = ui.drill_down(f, divisions)
    if detail.empty:
        ui.empty_state(f)
        return
    ui.chart_block(
        charts.share_bars(detail, f.lang, t("cpv_code", f.lang), few=FEW_CONTRACTS),
        tables.display(detail.sort_values("share", ascending=False), SHARE_COLS, f.lang, ui.currency(f)),
        t("drill_caption", f.lang, code=prefix) + " " + t("few_contracts_pale", f.lang, few=FEW_CONTRACTS),
        f,
    )


def _heatmap(f: Filters) -> None:
    """The PME share of each division by year."""
    st.header(t("heatmap", f.lang))
    cells = ui.query(queries.sme_share_by_cpv_division_year, f)
    cells = tables.cpv_labelled(cells, "cpv_division", f.basis, f.lang)
    if cells.empty:
        ui.empty_state(f)
        return
    grid = cells.pivot(index=["code", "label"], columns="year", values="share")
    grid = grid.reset_index(level="code", drop=True).reset_index()
    table = tables.wide(grid, ("label", "sector", "text"), "pct", f.lang)
    ui.chart_block(charts.heatmap(cells, f.lang), table, t("heatmap_caption", f.lang), f)


f = ui.filters()
divisions = ui.query(queries.sme_share_by_cpv_division, f)
if divisions.empty:
    ui.empty_state(f)
else:
    divisions = tables.cpv_labelled(divisions, "cpv_division", f.basis, f.lang)
    divisions = divisions.sort_values(["share", "contracts"], ascending=False)
    _divisions(f, divisions)
    _drill(f, divisions)
    _heatmap(f)
