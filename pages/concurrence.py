"""Concurrence: were markets open? Single-bid rate, contracts without a call for competition, the
PME share by number of bids and by procedure, « rente » (one supplier holding a buyer's division
year after year) and each buyer's concentration over its suppliers (issue 14)."""

import pandas as pd
import streamlit as st

from dashboard import charts, metrics, queries, tables, ui
from dashboard.filters import RANK_BY, RANKED_BY, Filters, Lang
from dashboard.i18n import fmt_int, fmt_pct, t

# An indicator resting on fewer published counts is never shown as a buyer's rate (issue 14).
RATE_FLOOR = 10
RANKING_ROWS = 50
INCUMBENTS_ROWS = 100
BIDS_ORDER = ["1", "2", "3-4", "5+", "unknown"]
FAMILY_ORDER = ["open", "restricted", "negotiated", "adapted", "no_competition", "other", "unknown"]
FEW_CONTRACTS = charts.FEW_CONTRACTS

YEAR_COLS: list[tables.Column] = [
    ("year", "year", "year"),
    ("contracts", "contracts", "contracts"),
    ("single_bid_rate", "single_bid_rate", "pct"),
    ("bids_coverage", "bids_published", "pct"),
    ("no_competition_rate", "no_competition_rate", "pct"),
    ("no_competition_amount_rate", "no_competition_amount_rate", "pct"),
]
SECTOR_COLS: list[tables.Column] = [("label", "sector", "text"), *YEAR_COLS[1:]]
SHARE_COLS: list[tables.Column] = [
    ("contracts", "contracts", "contracts"),
    ("share_count", "tile_share_count", "pct"),
    ("share_amount", "tile_share_amount", "pct"),
    ("coverage", "coverage", "pct"),
]
RANKING_COLS: list[tables.Column] = [
    ("name", "buyer", "text"),
    ("contracts", "contracts", "contracts"),
    ("hhi", "hhi", "index"),
    ("top1_share", "top1_share", "pct"),
    ("top3_share", "top3_share", "pct"),
    ("suppliers_per_10", "suppliers_per_10", "contracts"),
    ("single_bid_rate", "single_bid_rate", "pct"),
    ("single_bid_low", "single_bid_low", "pct"),
    ("single_bid_high", "single_bid_high", "pct"),
    ("no_competition_rate", "no_competition_rate", "pct"),
    ("buyer_id", "siret", "text"),
]


def _tiles(f: Filters, whole: pd.Series) -> None:
    """The selection's single-bid rate (with its coverage), median bids and the shares of
    contracts and amount awarded without a call for competition."""
    lang = f.lang
    cols = st.columns(4)
    published = whole["bids_published"] > 0
    rate = fmt_pct(whole["single_bid_rate"], lang, 1) if published else t("not_published", lang)
    cols[0].metric(t("single_bid_rate", lang), rate, help=t("single_bid_help", lang))
    cols[0].caption(t("bids_coverage_caption", lang, share=fmt_pct(whole["bids_coverage"], lang)))
    median = fmt_int(whole["median_bids"], lang) if published else t("not_published", lang)
    cols[1].metric(t("median_bids", lang), median, help=t("median_bids_help", lang))
    cols[2].metric(
        t("no_competition_rate", lang),
        fmt_pct(whole["no_competition_rate"], lang, 1),
        help=t("no_competition_help", lang),
    )
    cols[2].caption(t("procedure_coverage_caption", lang, share=fmt_pct(whole["procedure_coverage"], lang)))
    cols[3].metric(
        t("no_competition_amount_rate", lang), fmt_pct(whole["no_competition_amount_rate"], lang, 1)
    )
    ui.undated_note(f)


def _by_year(f: Filters, years: pd.DataFrame) -> None:
    """The single-bid and no-competition rates by year, line chart and table."""
    lang = f.lang
    st.header(t("competition_by_year", lang))
    if years.empty:
        st.info(t("no_dated_contracts", lang))
        return
    series = {
        "single_bid_rate": t("single_bid_rate", lang),
        "no_competition_rate": t("no_competition_rate", lang),
    }
    long = years.melt(
        id_vars=["year", "contracts"], value_vars=list(series), var_name="key", value_name="rate"
    )
    long = long.assign(series=long["key"].map(series))
    ui.chart_block(
        charts.rate_lines(long, lang, list(series.values())),
        tables.display(years, YEAR_COLS, lang),
        t("competition_by_year_caption", lang),
        f,
    )


def _by_sector(f: Filters, divisions: pd.DataFrame) -> None:
    """The rates by CPV division, largest first."""
    lang = f.lang
    st.header(t("competition_by_sector", lang))
    shown = divisions.assign(label=tables.cpv_labels(divisions, "cpv_division", lang))
    ordered = shown.sort_values("contracts", ascending=False)
    ui.table_on_demand(tables.display(ordered, SECTOR_COLS, lang), t("show_sector_table", lang))
    st.caption(t("competition_by_sector_caption", lang))


def _sme_and_competition(f: Filters) -> None:
    """The PME share by number of bids and by procedure family."""
    lang = f.lang
    st.header(t("sme_and_competition", lang))
    shares = ui.query(queries.sme_share_by_competition, f)
    share_col = "share_amount" if f.basis == "amount" else "share_count"
    groups = {
        "bids": (
            "sme_by_bids",
            "bids_group",
            BIDS_ORDER,
            lambda v: t("bids_unknown", lang) if v == "unknown" else v,
        ),
        "family": ("sme_by_family", "procedure_family", FAMILY_ORDER, lambda v: t(f"family_{v}", lang)),
    }
    for dimension, (title, header, order, label) in groups.items():
        part = shares[shares["dimension"] == dimension].set_index("value")
        part = part.loc[[v for v in order if v in part.index]]
        part = part.assign(label=part.index.map(label), share=part[share_col])
        st.subheader(t(title, lang))
        ui.chart_block(
            charts.share_bars(part, lang, t(header, lang), order=list(part["label"]), few=FEW_CONTRACTS),
            tables.display(part, [("label", header, "text"), *SHARE_COLS], lang),
            t("sme_and_competition_caption", lang) + " " + t("few_contracts_pale", lang, few=FEW_CONTRACTS),
            f,
        )


def _incumbents(f: Filters) -> None:
    """The « rente » list: runs of three or more years in which one supplier held a third of a
    buyer's amount in a division, each with a link to its rows in Données."""
    lang = f.lang
    st.header(t("incumbents", lang))
    spells = ui.query(queries.incumbents, f, INCUMBENTS_ROWS)
    if spells.empty:
        st.info(t("incumbents_none", lang))
        return
    ui.incumbents_table(f, spells)
    st.caption(t("incumbents_caption", lang))


def _ranking(f: Filters) -> None:
    """Buyers with at least the minimum of contracts, ranked by the indicator chosen."""
    lang = f.lang
    st.header(t("concentration", lang))
    labels = {key: t(f"rank_by_{key}", lang) for key in RANK_BY}
    order = ui.view_choice(f, "rank_by", labels, t("rank_by", lang))
    minimum = ui.min_contracts_input(f)
    ranked = ui.query(
        queries.competition_by_buyer,
        f.replace(buyer=None),
        order,
        float(minimum),
        RANKING_ROWS,
        rate_floor=RATE_FLOOR,
    )
    if ranked.empty:
        ui.empty_state(f)
        return
    # A rate over fewer than RATE_FLOOR published counts is not shown (the counts are in the CSV).
    thin = ranked["bids_published"] < RATE_FLOOR
    ranked.loc[thin, ["single_bid_rate", "single_bid_low", "single_bid_high"]] = float("nan")
    shown = ranked.assign(name=ranked["buyer_name"].fillna(ranked["buyer_id"]))
    title = t("concentration", lang)
    ui.static_display(shown, RANKING_COLS, f, title, wrap=("buyer",), descending=RANKED_BY[order])
    st.caption(t("concentration_caption", lang, minimum=fmt_int(minimum, lang), floor=RATE_FLOOR))
    ui.csv_download(ranked, "concurrence-acheteurs", "competition_ranking_csv", lang)


def _local(f: Filters) -> None:
    """Awards won in the buyer's own département, elsewhere, or where it is unknown (Territoires'
    block, under the same filters)."""
    ui.local_suppliers(f, t("scope_all", f.lang))


def _clauses(f: Filters) -> None:
    """The PME share in reserved and innovative contracts and where subcontracting is declared,
    when the data publish them."""
    lang = f.lang
    st.header(t("clauses", lang))
    if not metrics.clauses_published(ui.query(queries.published_by_column)):
        st.info(t("clauses_not_published", lang))
        return
    shares = ui.query(queries.sme_share_by_clause, f)
    shares = shares.assign(
        label=[
            t(f"clause_{d}_{_yes_no(v)}", lang)
            for d, v in zip(shares["dimension"], shares["value"], strict=True)
        ]
    )
    spec: list[tables.Column] = [("label", "indicator", "text"), *SHARE_COLS]
    ui.static_display(shares, spec, f, t("clauses", lang), wrap=("indicator",))


def _evolution(f: Filters, levels: pd.DataFrame) -> None:
    """The first tab: the rates by year, then by sector."""
    _by_year(f, levels[levels["level"] == "year"])
    _by_sector(f, levels[levels["level"] == "division"])


def _smes(f: Filters) -> None:
    """The PME share by bids, procedure and clause, and where the winners are."""
    _sme_and_competition(f)
    _clauses(f)
    _local(f)


def _yes_no(value: object) -> str:
    return "unknown" if pd.isna(value) else ("yes" if value else "no")


def main(f: Filters, lang: Lang) -> None:
    """The page: tiles, then one tab of years and sectors; SMEs and competition (bids,
    procedures, clauses, local winners); incumbents; the buyers' ranking."""
    st.caption(t("competition_intro", lang))
    levels = ui.query(queries.competition_by_year_and_division, f)
    whole = levels[levels["level"] == "all"]
    if whole.empty or not whole.iloc[0]["contracts"]:
        ui.empty_state(f)
        return
    _tiles(f, whole.iloc[0])
    ui.page_tabs(
        f,
        {
            "evolution": lambda: _evolution(f, levels),
            "pme": lambda: _smes(f),
            "rentes": lambda: _incumbents(f),
            "concentration": lambda: _ranking(f),
        },
    )


f = ui.filters()
main(f, f.lang)
