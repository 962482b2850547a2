"""Vue d'ensemble: the headline, the tiles and how awards split between company sizes
by year, by contract type and by amount bracket."""

import pandas as pd
import streamlit as st

from dashboard import charts, metrics, queries, tables, ui
from dashboard.filters import CONTRACT_TYPES, Filters
from dashboard.i18n import bracket_label, country_label, fmt_eur, fmt_int, fmt_pct, t, type_label

BRACKET_COLS: list[tables.Column] = [
    ("label", "bracket", "text"),
    ("contracts", "contracts", "int"),
    ("share_count", "tile_share_count", "pct"),
    ("share_amount", "tile_share_amount", "pct"),
    ("coverage", "coverage", "pct"),
]


def _tiles(f: Filters) -> None:
    """The headline of the latest year, then the five tiles of the whole selection."""
    lang = f.lang
    shares = ui.query(queries.sme_share_by_year, f)
    summary = metrics.summarise(shares)
    line = metrics.headline(shares, lang)
    if line:
        st.subheader(line)
        st.caption(metrics.headline_note(shares, lang))
    tiles = st.columns(5)
    tiles[0].metric(t("tile_contracts", lang), fmt_int(summary.contracts, lang))
    tiles[1].metric(
        t("tile_amount", lang),
        fmt_eur(summary.amount, lang, ui.currency(f)),
        help=t("tile_amount_help", lang),
    )
    tiles[2].metric(
        t("tile_share_count", lang),
        fmt_pct(summary.share_count, lang),
        help=t("tile_classified", lang, share=fmt_pct(summary.share_count_classified, lang)),
    )
    tiles[3].metric(
        t("tile_share_amount", lang),
        fmt_pct(summary.share_amount, lang),
        help=t("tile_classified", lang, share=fmt_pct(summary.share_amount_classified, lang)),
    )
    tiles[4].metric(
        t("tile_coverage", lang), fmt_pct(summary.coverage, lang), help=t("tile_coverage_help", lang)
    )
    dated = metrics.shares_by_year(shares)["year"].tolist()
    # The tiles cover the whole selection, the headline its latest year: say which years.
    if dated:
        period = "tiles_period_undated" if metrics.undated(shares) else "tiles_period"
        st.caption(t(period, lang, first=dated[0], last=dated[-1]))
    ui.undated_note(f)


COUNTRY_COLS: list[tables.Column] = [
    ("label", "country", "text"),
    ("share_count", "tile_share_count", "pct"),
    ("share_amount", "tile_share_amount", "pct"),
    ("basis_label", "col_size_vocabulary", "text"),
    ("contracts", "contracts", "contracts"),
    ("coverage", "tile_coverage", "pct"),
    ("currency", "col_currency", "text"),
]


def _by_country(f: Filters) -> None:
    """Issue 16: each country's PME shares with the basis of its sizes, when the database holds
    several (the rest of the page shows the one chosen)."""
    lang = f.lang
    listed = ui.query(queries.countries_by_contracts)
    mixed = listed["size_vocabularies"].fillna("").str.contains(",")
    if len(listed) < 2 and not mixed.any():
        return
    countries = ui.query(queries.sme_share_by_country, f)
    if countries.empty:
        return
    st.header(t("by_country", lang))
    shown = countries.assign(
        label=countries["code"].map(lambda code: country_label(code, lang)),
        basis_label=countries["size_vocabulary"].map(
            lambda words: ", ".join(t(f"vocabulary_{w}", lang) for w in (words or "none").split(", "))
        ),
    )
    ui.static_display(shown, COUNTRY_COLS, f, t("by_country", lang), wrap=("col_size_vocabulary",))
    st.caption(t("by_country_caption", lang))


def _size_split(f: Filters, split: pd.DataFrame, category: str, labels: dict[str, str], caption: str) -> None:
    """A size split chart of `split` by `category` (its values shown as `labels`, in that order),
    its table and its caption; categories of few contracts are pale, and the caption says why."""
    lang = f.lang
    frame = charts.size_split_frame(split, category, labels, f.basis, lang)
    order = [label for value, label in labels.items() if value in set(split[category].astype(str))]
    pale = t("few_contracts_pale_split", lang, few=charts.FEW_CONTRACTS)
    ui.chart_block(
        charts.size_split_chart(frame, order, f.basis, lang, t(category, lang), ui.currency(f)),
        tables.size_split(frame, order, category, lang),
        f"{t(caption, lang)} {pale}",
        f,
    )


def _split_by_year(f: Filters, by_year: pd.DataFrame) -> None:
    """The size split by year; undated contracts are a bar of their own, after the years."""
    st.header(t("split_by_year", f.lang))
    labels = {str(y): str(y) for y in sorted(by_year["year"].dropna().astype(int).unique())}
    if by_year["year"].isna().any():
        labels["undated"] = t("year_undated", f.lang)
    year_split = by_year.assign(year=by_year["year"].map(lambda y: "undated" if pd.isna(y) else str(int(y))))
    _size_split(f, year_split, "year", labels, "split_by_year_caption")


def _split_by_type(f: Filters) -> None:
    """The size split by contract type (works, supplies, services, unknown)."""
    st.header(t("split_by_type", f.lang))
    by_type = ui.query(queries.size_split_by_contract_type, f)
    labels = {c: type_label(c, f.lang) for c in (*CONTRACT_TYPES, "unknown")}
    _size_split(f, by_type, "contract_type", labels, "split_by_type_caption")


def _share_by_bracket(f: Filters) -> None:
    """The PME share by amount bracket, on the basis chosen."""
    lang = f.lang
    st.header(t("share_by_bracket", lang))
    brackets = ui.query(queries.sme_share_by_amount_bracket, f)
    share_col = "share_amount" if f.basis == "amount" else "share_count"
    bars = brackets.assign(
        label=brackets["amount_bracket"].map(lambda b: bracket_label(b, lang)),
        share=brackets[share_col],
    )
    ui.chart_block(
        charts.share_bars(bars, lang, t("bracket", lang), order=bars["label"].tolist()),
        tables.display(bars, BRACKET_COLS, lang),
        t("share_by_bracket_caption", lang),
        f,
    )


f = ui.filters()
st.caption(t("tagline", f.lang))
with st.expander(t("glossary", f.lang)):
    st.markdown(t("glossary_text", f.lang))
by_year = ui.query(queries.size_split_by_year, f)
if by_year.empty:
    ui.empty_state(f)
else:
    _tiles(f)
    _by_country(f)
    _split_by_year(f, by_year)
    _split_by_type(f)
    # French procurement thresholds, in euros (Method §18): no brackets for another currency.
    if ui.currency(f) == "EUR":
        _share_by_bracket(f)
