"""Acheteurs: find a buyer (name or SIRET) and see its profile against all buyers; then every
buyer ranked by PME share with a 95 % Wilson interval, and volume against PME share."""

import pandas as pd
import streamlit as st

from dashboard import charts, metrics, queries, tables, ui
from dashboard.filters import DEFAULT_MIN_CONTRACTS, Filters, Lang
from dashboard.i18n import cpv_label, fmt_contracts, fmt_eur, fmt_int, fmt_pct, t

SECTOR_COLS: list[tables.Column] = [
    ("label", "sector", "text"),
    ("contracts", "contracts", "contracts"),
    ("amount_total", "tile_amount", "eur"),
    ("share", "share_pme", "pct"),
]
SUPPLIER_COLS: list[tables.Column] = [
    ("supplier_name", "supplier", "text"),
    ("size_class", "size_class", "size"),
    ("contracts", "contracts", "contracts"),
    ("amount_total", "tile_amount", "eur"),
]
# The name, then the share compared (both fit on a phone), then the rest.
PEER_COLS: list[tables.Column] = [
    ("name", "buyer", "text"),
    ("share_count", "share_pme", "pct"),
    ("contracts", "contracts", "int"),
    ("coverage", "coverage", "pct"),
    ("buyer_id", "siret", "text"),
]
TREND_COLS: list[tables.Column] = [
    ("year", "year", "year"),
    ("this_buyer", "this_buyer", "pct"),
    ("all_buyers", "all_buyers_short", "pct"),
    ("contracts", "trend_contracts", "contracts"),
]
SCATTER_TABLE_ROWS = 100
# The scatter's dots: the largest buyers, the 99th percentile by volume included at 1.6 M rows
# (2,000 dots took 0.2-0.5 s more to draw in chromium; issue 17, finding 10).
SCATTER_DOTS = 1000
# The switch under a buyer's profile that draws the ranking and scatter of every buyer.
ALL_BUYERS_SWITCH = "acheteurs_all_buyers"
ALL_BUYERS = 1_000_000  # no limit: every buyer's indicators, for the medians
PEERS_SHOWN = 10
PEERS_MINIMUM = 5  # fewer comparable buyers than this: no median, no position
PEERS_BAND = 2.0  # comparable: from half to twice the buyer's contracts (the texts say « deux fois »)
COMPETITION_COLS: list[tables.Column] = [
    ("label", "indicator", "text"),
    ("this_buyer", "this_buyer", "text"),
    ("peers", "peers_median_short", "text"),
    ("all", "all_buyers_median", "text"),
]
# The buyer's competition indicators (issue 14): (column, label key, how it reads).
COMPETITION_ROWS = (
    ("single_bid_rate", "single_bid_rate", "pct"),
    ("no_competition_rate", "no_competition_rate", "pct"),
    ("top1_share", "top1_share", "pct"),
    ("hhi", "hhi", "index"),
    ("suppliers_per_10", "suppliers_per_10", "decimal"),
)
RANKING_COLS: list[tables.Column] = [
    ("rank", "rank", "int"),
    ("name", "buyer", "text"),
    ("buyer_id", "siret", "text"),
    ("contracts", "contracts", "int"),
    ("share_count", "share_pme", "pct"),
    ("wilson_low", "wilson_low", "pct"),
    ("wilson_high", "wilson_high", "pct"),
]


def _peers(f: Filters, lang: Lang, division: object) -> None:
    """The buyer against buyers of the same main CPV division and a similar volume."""
    st.subheader(t("peers", lang))
    if not isinstance(division, str):
        st.info(t("peers_no_division", lang))
        return
    peers = ui.query(queries.similar_buyers, f, PEERS_BAND, PEERS_SHOWN)
    count = int(peers["peers"].iloc[0]) if len(peers) else 0
    if count < PEERS_MINIMUM:
        st.info(t("peers_too_few", lang, peers=fmt_int(count, lang), minimum=PEERS_MINIMUM))
        return
    me = peers.iloc[0]
    cols = st.columns(3)
    cols[0].metric(t("this_buyer", lang), fmt_pct(me["share_count"], lang))
    cols[1].metric(t("peers_median", lang), fmt_pct(me["peers_median"], lang))
    cols[2].metric(t("peers_below", lang), fmt_pct(me["peers_below"], lang), help=t("peers_below_help", lang))
    names = peers["buyer_name"].fillna(peers["buyer_id"])
    names = names.where(~peers["is_self"], t("this_buyer_row", lang, name=names.iloc[0]))
    shown = peers.assign(name=names).sort_values(["share_count", "buyer_id"], ascending=[False, True])
    # Every row in view: this buyer and its closest peers (35 px a row, the header included).
    height = 35 * (len(shown) + 1) + 3
    ui.data_table(tables.display(shown, PEER_COLS, lang, ui.currency(f)), height=height)
    division = cpv_label(me["main_cpv_division"], me["label_fr"], me["label_en"], lang)
    st.caption(
        t(
            "peers_caption",
            lang,
            peers=fmt_int(count, lang),
            division=division,
            low=fmt_contracts(me["contracts"] / PEERS_BAND, lang),
            high=fmt_contracts(me["contracts"] * PEERS_BAND, lang),
            shown=fmt_int(len(peers) - 1, lang),
        )
    )


def _competition(f: Filters, lang: Lang, division: object) -> None:
    """The buyer's competition indicators against the median buyer of its main CPV division and
    the median of all buyers (each with at least the minimum of contracts)."""
    st.subheader(t("buyer_competition", lang))
    mine = ui.query(queries.competition_by_buyer, f)
    everyone = f.replace(buyer=None)
    every = ui.query(queries.competition_by_buyer, everyone, "contracts", DEFAULT_MIN_CONTRACTS, ALL_BUYERS)
    peers = every.iloc[0:0]
    if isinstance(division, str):
        peers = ui.query(
            queries.competition_by_buyer, everyone, "contracts", DEFAULT_MIN_CONTRACTS, ALL_BUYERS, division
        )
    rows = metrics.competition_against(mine, peers, every, COMPETITION_ROWS, DEFAULT_MIN_CONTRACTS, lang)
    rows["label"] = [t(key, lang) for key in rows["key"]]
    ui.data_table(tables.display(rows, COMPETITION_COLS, lang))
    st.caption(
        t("buyer_competition_caption", lang, minimum=DEFAULT_MIN_CONTRACTS, peers=fmt_int(len(peers), lang))
    )


def _tiles(f: Filters, mine: pd.DataFrame, all_years: pd.DataFrame) -> None:
    """The buyer's shares, coverage and contracts, each against all buyers' (sme_share_by_year
    frames)."""
    lang = f.lang
    ours, theirs = metrics.summarise(mine), metrics.summarise(all_years)
    cols = st.columns(4)
    shares = [
        ("tile_share_count", ours.share_count, theirs.share_count, ours.share_count_classified),
        ("tile_share_amount", ours.share_amount, theirs.share_amount, ours.share_amount_classified),
    ]
    for col, (key, ours_v, theirs_v, classified) in zip(cols, shares, strict=False):
        col.metric(
            t(key, lang),
            fmt_pct(ours_v, lang),
            help=t("tile_classified", lang, share=fmt_pct(classified, lang)),
        )
        col.caption(t("vs_all", lang, value=fmt_pct(theirs_v, lang)))
    cols[2].metric(t("tile_coverage", lang), fmt_pct(ours.coverage, lang), help=t("tile_coverage_help", lang))
    cols[2].caption(t("vs_all", lang, value=fmt_pct(theirs.coverage, lang)))
    cols[3].metric(t("tile_contracts", lang), fmt_int(ours.contracts, lang))
    cols[3].caption(t("amount_is", lang, value=fmt_eur(ours.amount, lang, ui.currency(f))))
    ui.undated_note(f)
    if ours.contracts < DEFAULT_MIN_CONTRACTS:
        # A share of a handful of contracts swings by tens of points with one more contract.
        few = fmt_contracts(ours.contracts, lang)
        st.info(t("buyer_few_contracts", lang, contracts=few, minimum=DEFAULT_MIN_CONTRACTS))


def _trend(f: Filters, mine: pd.DataFrame, all_years: pd.DataFrame) -> None:
    """The buyer's PME share by year against all buyers', with each year's contracts."""
    lang = f.lang
    st.subheader(t("buyer_trend", lang))
    if metrics.shares_by_year(mine).empty:
        # Every contract of this buyer (under the filters) is undated: no year to draw.
        st.info(t("buyer_trend_undated", lang))
        return
    share_col = "share_amount" if f.basis == "amount" else "share_count"
    scopes = {t("this_buyer", lang): mine, t("all_buyers_short", lang): all_years}
    trend = pd.concat(
        metrics.shares_by_year(split).assign(scope=scope, share=lambda d: d[share_col])
        for scope, split in scopes.items()
    )
    table = trend.pivot(index="year", columns="scope", values="share")[list(scopes)]
    table.columns = ["this_buyer", "all_buyers"]
    # Each year's share rests on that year's contracts: a year of 3 can read 67 %.
    counts = trend[trend["scope"] == t("this_buyer", lang)].set_index("year")["contracts"]
    table["contracts"] = counts.reindex(table.index)
    undated = metrics.undated(mine)
    caption = t("buyer_trend_caption", lang)
    if undated is not None and undated.contracts > 0:
        caption += " " + t("buyer_trend_undated_part", lang, contracts=fmt_contracts(undated.contracts, lang))
    ui.chart_block(
        charts.trend_chart(trend, lang),
        tables.display(table.reset_index(), TREND_COLS, lang),
        caption,
        f,
    )


def _sectors(f: Filters) -> None:
    """The buyer's sectors (CPV divisions) by contracts or amount, with their PME share."""
    lang = f.lang
    st.subheader(t("buyer_sectors", lang))
    sectors = ui.query(queries.sme_share_by_cpv_division, f)
    value_col = "amount_total" if f.basis == "amount" else "contracts"
    mix = tables.cpv_labelled(sectors, "cpv_division", f.basis, lang)
    mix = mix.assign(value=mix[value_col].fillna(0.0))
    value_title = charts.value_label(f.basis, lang, ui.currency(f))
    ui.chart_block(
        charts.volume_bars(mix, lang, value_title),
        tables.display(mix, SECTOR_COLS, lang, ui.currency(f)),
        t("buyer_sectors_caption", lang),
        f,
    )


def _suppliers(f: Filters) -> None:
    """The buyer's ten largest suppliers on the basis chosen."""
    lang = f.lang
    st.subheader(t("top_suppliers", lang))
    order = "amount" if f.basis == "amount" else "count"
    top = ui.query(queries.totals_by_supplier, f, order, 10)
    top = top.assign(supplier_name=top["supplier_name"].fillna(top["supplier_key"]))
    ui.static_display(top, SUPPLIER_COLS, f, t("top_suppliers", lang), wrap=("supplier",))
    st.caption(t("top_suppliers_caption", lang))


def _profile(f: Filters) -> None:
    """One buyer (f.buyer) against all buyers and comparable ones: tiles, trend, peers, sectors
    and suppliers."""
    buyer = ui.query(queries.buyer_by_id, f.buyer).iloc[0]
    st.subheader(f"{ui.plain(ui.buyer_name(f.buyer) or f.buyer)} · {f.buyer}")
    mine = ui.query(queries.sme_share_by_year, f)
    if metrics.summarise(mine).contracts == 0:
        ui.empty_state(f)
        return
    all_years = ui.query(queries.sme_share_by_year, f.replace(buyer=None))
    _tiles(f, mine, all_years)
    division = buyer["main_cpv_division"]

    def profile() -> None:
        _trend(f, mine, all_years)
        _sectors(f)

    def comparison() -> None:
        _peers(f, f.lang, division)
        _competition(f, f.lang, division)

    ui.page_tabs(f, {"profil": profile, "comparaison": comparison, "fournisseurs": lambda: _suppliers(f)})


def _ranking(f: Filters) -> None:
    """Every buyer with at least the minimum of contracts, ranked by PME share (Wilson lower
    bound), then volume against PME share."""
    lang = f.lang
    everyone = f.replace(buyer=None)
    st.header(t("ranking", lang))
    minimum = ui.min_contracts_input(f)
    ranked = ui.query(queries.sme_share_by_buyer, everyone, float(minimum), "wilson", 20)
    if ranked.empty and not ui.query(queries.size_split_by_year, everyone).empty:
        st.info(
            t("ranking_below_minimum", lang, minimum=fmt_int(minimum, lang)), icon=":material/search_off:"
        )
        return
    if ranked.empty:
        ui.empty_state(f)
        return
    names = ranked["buyer_name"].fillna(ranked["buyer_id"])
    ranked = ranked.assign(
        rank=range(1, len(ranked) + 1),
        name=names,
        label=[f"{i}. {n}" for i, n in enumerate(names, 1)],
        share=ranked["share_count"],
    )
    ui.chart_block(
        charts.ranking_chart(ranked, lang),
        tables.display(ranked, RANKING_COLS, lang, ui.currency(f)),
        t("ranking_caption", lang),
        f,
    )
    st.subheader(t("scatter", lang))
    dots = ui.query(queries.sme_share_by_buyer, everyone, float(minimum), "volume", SCATTER_DOTS)
    dots = dots.assign(name=dots["buyer_name"].fillna(dots["buyer_id"]), share=dots["share_count"])
    dots = dots.assign(label=dots["name"], rank=range(1, len(dots) + 1))
    # The table under the chart: its largest buyers, the few rows a reader reads.
    ui.chart_block(
        charts.volume_scatter(dots, lang, highlight=f.buyer),
        tables.display(dots.head(SCATTER_TABLE_ROWS), RANKING_COLS[1:5], lang, ui.currency(f)),
        " ".join(
            [t("scatter_caption", lang, dots=fmt_int(SCATTER_DOTS, lang))]
            + (
                [t("scatter_table_cut", lang, rows=fmt_int(SCATTER_TABLE_ROWS, lang))]
                if len(dots) > SCATTER_TABLE_ROWS
                else []
            )
            + ([t("scatter_caption_buyer", lang)] if f.buyer in set(dots["buyer_id"]) else [])
        ),
        f,
    )


f = ui.filters()
ui.buyer_picker(f, st.container())
if f.buyer is None:
    st.info(t("buyers_intro", f.lang))
    _ranking(f)
else:
    _profile(f)
    # Under a buyer's profile, the ranking and scatter of every buyer are drawn once asked: two
    # charts of all buyers below the fold made a typical buyer's page usable in chromium 0.35 s
    # later at 1.6 M rows, 3.04 s instead of 2.69 s (issue 17, finding 10).
    st.divider()
    if st.toggle(t("show_all_buyers", f.lang), key=ALL_BUYERS_SWITCH):
        _ranking(f)
