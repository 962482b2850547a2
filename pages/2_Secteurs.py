"""Secteurs: PME share by CPV division (FR/EN labels, sorted), a drill-down into groups
(3 digits) and classes (4 digits), and a sector x year heat map."""

import pandas as pd
import streamlit as st

from dashboard import charts, queries, tables, ui
from dashboard.i18n import cpv_label, fmt_pct, t

SHARE_COLS: list[tables.Column] = [
    ("label", "sector", "text"),
    ("contracts", "contracts", "int"),
    ("amount_total", "tile_amount", "eur"),
    ("share_count", "tile_share_count", "pct"),
    ("share_amount", "tile_share_amount", "pct"),
    ("coverage", "coverage", "pct"),
]

f = ui.page_setup("page_sectors")
lang = f.lang
share_col = "share_amount" if f.basis == "amount" else "share_count"
st.title(t("page_sectors", lang))


def labelled(frame: pd.DataFrame, code_col: str) -> pd.DataFrame:
    """`frame` with `label` (« 45 Travaux de construction ») and `share` (per basis) columns."""
    codes = frame[[code_col, "label_fr", "label_en"]].itertuples(index=False)
    labels = [cpv_label(*row, lang) for row in codes]
    return frame.assign(label=labels, share=frame[share_col], code=frame[code_col])


divisions = ui.query(queries.sme_share_by_cpv_division, f)
if divisions.empty:
    ui.empty_state(f)
    ui.footer(f)
    st.stop()

st.header(t("sectors_share", lang))
divisions = labelled(divisions, "cpv_division").sort_values(["share", "contracts"], ascending=False)
ui.chart_block(
    charts.share_bars(divisions, lang),
    tables.display(divisions, SHARE_COLS, lang),
    t("sectors_share_caption", lang),
    f,
)

st.header(t("drill", lang))
coded = divisions[divisions["code"].notna()]
codes = coded.sort_values("code")["code"].tolist()
names = dict(zip(coded["code"], coded["label"], strict=True))
largest = coded.sort_values("contracts", ascending=False)["code"].iloc[0]
st.session_state.setdefault("drill_division", f.cpv if f.cpv in codes else largest)
division = st.selectbox(
    t("drill_division", lang),
    codes,
    key="drill_division",
    format_func=lambda c: names[c],
    on_change=lambda: st.session_state.pop("drill_group", None),
)
groups = labelled(ui.query(queries.sme_share_by_cpv_code, f, division), "code")
group_codes = ["", *groups["code"]]
group_names = dict(zip(groups["code"], groups["label"], strict=True))
if f.group and f.group[:3] in group_codes:
    st.session_state.setdefault("drill_group", f.group[:3])
group = st.selectbox(
    t("drill_group", lang),
    group_codes,
    key="drill_group",
    format_func=lambda c: group_names.get(c, t("drill_none", lang)),
)
detail = groups if not group else labelled(ui.query(queries.sme_share_by_cpv_code, f, group), "code")
if detail.empty:
    ui.empty_state(f)
else:
    ui.chart_block(
        charts.share_bars(detail, lang),
        tables.display(detail.sort_values("share", ascending=False), SHARE_COLS, lang),
        t("drill_caption", lang, code=group or division),
        f,
    )

st.header(t("heatmap", lang))
cells = labelled(ui.query(queries.sme_share_by_cpv_division_year, f), "cpv_division")
if cells.empty:
    ui.empty_state(f)
else:
    grid = cells.pivot(index=["code", "label"], columns="year", values="share")
    grid = grid.map(lambda v: fmt_pct(v, lang, 1)).reset_index(level="code", drop=True)
    grid.columns = [str(year) for year in grid.columns]
    grid = grid.rename_axis(index=t("sector", lang)).reset_index()
    ui.chart_block(charts.heatmap(cells, lang), grid, t("heatmap_caption", lang), f)

ui.footer(f)
