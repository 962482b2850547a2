"""Altair chart builders: small frames in, Vega-Lite specs out; no Streamlit, no SQL.

Each size class keeps one Okabe-Ito colour in every chart (grey for unknown); the buyer-vs-all
comparison uses the two Okabe-Ito colours no size class uses (vermillion, black).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import altair as alt
import pandas as pd

from dashboard.filters import SIZE_CLASSES, Basis, Lang
from dashboard.i18n import currency_sign, size_label, t

# Okabe & Ito (2008), "Color Universal Design"; unknown in neutral grey.
SIZE_COLOURS: dict[str, str] = {
    "PME": "#009E73",
    "ETI": "#E69F00",
    "GE": "#0072B2",
    "large": "#56B4E9",
    "unknown": "#999999",
}
BUYER_COLOUR = "#D55E00"
ALL_COLOUR = "#000000"
LABEL_LIMIT = 150  # px: long buyer or sector names are cut with an ellipsis, not the chart
# Band charts set no height: with Streamlit's theme a fixed height squeezes the bands to nothing
# once the legend is drawn; Vega-Lite's default step (20 px per band) is used instead.

# A category or sector of fewer contracts is drawn pale: its share is fragile (Secteurs, overview).
FEW_CONTRACTS = 30


def _percent_axis(title: str) -> alt.Axis:
    return alt.Axis(format=".0%", title=title, tickCount=5)


def size_colour_scale(lang: Lang, shown: Iterable[str] | None = None) -> alt.Scale:
    """The fixed size-class colour scale, domain in display labels: every class, or the classes
    whose labels are in `shown` (each keeps its colour), so that the legend lists no class the
    chart does not draw (« Non-PME (sans détail) » never occurs in French data)."""
    labels = None if shown is None else set(shown)
    classes = [s for s in SIZE_CLASSES if labels is None or size_label(s, lang) in labels]
    return alt.Scale(
        domain=[size_label(s, lang) for s in classes],
        range=[SIZE_COLOURS[s] for s in classes],
    )


# A long name (a sector, a buyer) on two lines, cut at the last space before WRAP_AT characters,
# the second line cut at LABEL_LIMIT px: on a phone « 37 Instruments de musique, articles de sport »
# keeps its words instead of « 37 Instruments de musique… » (issue 17). The full name is in the
# tooltip and in the table.
WRAP_AT = 26
WRAP_LABEL = (
    f"length(datum.label) > {WRAP_AT} && lastindexof(substring(datum.label, 0, {WRAP_AT}), ' ') > 0"
    f" ? [substring(datum.label, 0, lastindexof(substring(datum.label, 0, {WRAP_AT}), ' ')),"
    f" substring(datum.label, lastindexof(substring(datum.label, 0, {WRAP_AT}), ' ') + 1)]"
    " : datum.label"
)


NAME_STEP = 30  # px per row of a chart of names: room for two lines


def _name_axis() -> alt.Axis:
    """The axis of a chart's names: each on up to two lines (WRAP_LABEL)."""
    return alt.Axis(labelLimit=LABEL_LIMIT, labelExpr=WRAP_LABEL, labelLineHeight=12, labelOverlap=False)


def size_split_frame(
    split: pd.DataFrame, category: str, labels: dict[str, str], basis: Basis, lang: Lang
) -> pd.DataFrame:
    """The long frame a size split chart draws: category label, size class and its label, value,
    share of the category (0-1), and the category's contracts (whatever the basis). `labels` maps
    category values to display labels, in display order."""
    value_col = "amount_sum" if basis == "amount" else "weight_sum"
    frame = split[split[category].notna()].copy()
    frame["category"] = frame[category].map(lambda v: labels.get(str(v), str(v)))
    frame["size"] = frame["size_class"].map(lambda s: size_label(s, lang))
    frame["size_rank"] = frame["size_class"].map(SIZE_CLASSES.index)
    frame["value"] = frame[value_col].fillna(0.0)
    totals = frame.groupby("category")["value"].transform("sum")
    frame["share"] = (frame["value"] / totals).where(totals > 0)
    frame["contracts"] = frame.groupby("category")["weight_sum"].transform("sum")
    columns = ["category", "size_class", "size", "size_rank", "value", "share", "contracts"]
    return frame[columns].reset_index(drop=True)


def value_label(basis: Basis, lang: Lang, currency: str) -> str:
    """What a chart's values are: « Montant (€) », « Amount (£) », or « Contrats »."""
    return t("amount_in", lang, sign=currency_sign(currency)) if basis == "amount" else t("contracts", lang)


def size_split_chart(
    frame: pd.DataFrame, order: list[str], basis: Basis, lang: Lang, category_title: str, currency: str
) -> alt.Chart:
    """Horizontal 100 % stacked bars, one per category in `order`, coloured by size class;
    `category_title` names the category in the tooltip. A category of fewer than FEW_CONTRACTS
    contracts is pale: its split is fragile."""
    value_title = value_label(basis, lang, currency)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            opacity=alt.condition(f"datum.contracts < {FEW_CONTRACTS}", alt.value(0.35), alt.value(1.0)),
            y=alt.Y("category:N", sort=order, title=None, axis=_name_axis()),
            x=alt.X("value:Q", stack="normalize", axis=_percent_axis(t("share", lang))),
            color=alt.Color(
                "size:N",
                scale=size_colour_scale(lang, frame["size"]),
                title=t("size_class", lang),
                # One column: two overflow a 390 px phone (« Non-PME (sans détail) » was cut).
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            order=alt.Order("size_rank:Q"),
            tooltip=[
                alt.Tooltip("category:N", title=category_title),
                alt.Tooltip("size:N", title=t("size_class", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("share", lang)),
                alt.Tooltip("value:Q", format=",.0f", title=value_title),
                alt.Tooltip("contracts:Q", format=",.1~f", title=t("contracts", lang)),
            ],
        )
    )


def share_bars(
    frame: pd.DataFrame,
    lang: Lang,
    label_title: str,
    order: list[str] | Literal["-x"] = "-x",
    few: float | None = None,
) -> alt.Chart:
    """Horizontal bars of the PME share (column `share`, 0-1) per `label`, in PME colour; sorted
    by share, highest first ("-x"), or in the given label order. `label_title` names the label
    in the tooltip. With `few`, bars of fewer contracts than that are pale (a fragile share)."""
    opacity = alt.value(1.0)
    if few is not None:
        opacity = alt.condition(f"datum.contracts < {float(few)}", alt.value(0.35), alt.value(1.0))
    return (
        alt.Chart(frame[["label", "share", "contracts"]])
        .mark_bar(color=SIZE_COLOURS["PME"])
        .encode(
            opacity=opacity,
            y=alt.Y("label:N", sort=order, title=None, axis=_name_axis()),
            x=alt.X("share:Q", axis=_percent_axis(t("share_pme", lang)), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("label:N", title=label_title),
                alt.Tooltip("share:Q", format=".1%", title=t("share_pme", lang)),
                alt.Tooltip("contracts:Q", format=",.0f", title=t("contracts", lang)),
            ],
        )
        .properties(height=alt.Step(NAME_STEP))
    )


def _year_axis(frame: pd.DataFrame, lang: Lang) -> alt.X:
    """Years on x, every year from the first to the last: a year with no contract keeps its
    place (an empty slot), so that 2019 and 2024 are not drawn side by side."""
    years = frame["year"].dropna().astype(int)
    domain = list(range(years.min(), years.max() + 1)) if len(years) else []
    return alt.X("year:O", title=t("year", lang), axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=domain))


def _with_empty_years(frame: pd.DataFrame, by: str = "scope") -> pd.DataFrame:
    """`frame` (year, <by>, value, ...) with a row of no value for each year of its span that a
    line (`by`) has no value in: the line breaks there instead of running straight across."""
    years = frame["year"].dropna().astype(int)
    if years.empty:
        return frame
    span = range(years.min(), years.max() + 1)
    missing = [
        {"year": year, by: line}
        for line, rows in frame.groupby(by, sort=False)
        for year in span
        if year not in set(rows["year"].astype(int))
    ]
    return pd.concat([frame, pd.DataFrame(missing, columns=["year", by])], ignore_index=True)


def _year_lines(
    frame: pd.DataFrame, lang: Lang, value: tuple[str, str], line: tuple[str, str], lines: list[str]
) -> alt.Chart:
    """A 0-1 `value` (column, title) by year, one line per `line` (column, title) in the order of
    `lines` (vermillion, then black: colours no size class uses), broken over the years a line has
    no value in."""
    (column, title), (by, by_title) = value, line
    return (
        alt.Chart(_with_empty_years(frame, by=by))
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=_year_axis(frame, lang),
            y=alt.Y(f"{column}:Q", axis=_percent_axis(title), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                f"{by}:N",
                scale=alt.Scale(domain=lines, range=[BUYER_COLOUR, ALL_COLOUR][: len(lines)]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=by_title),
                alt.Tooltip("year:O", title=t("year", lang)),
                alt.Tooltip(f"{column}:Q", format=".1%", title=title),
                alt.Tooltip("contracts:Q", format=",.1~f", title=t("contracts", lang)),
            ],
        )
        .properties(height=260)
    )


def trend_chart(frame: pd.DataFrame, lang: Lang) -> alt.Chart:
    """PME share by year, one line per `scope` (this buyer in vermillion, all buyers in black),
    broken over the years a scope has no contract in."""
    scopes = [t("this_buyer", lang), t("all_buyers_short", lang)]
    return _year_lines(frame, lang, ("share", t("share_pme", lang)), ("scope", t("scope", lang)), scopes)


def rate_lines(frame: pd.DataFrame, lang: Lang, series: list[str]) -> alt.Chart:
    """Rates (column `rate`, 0-1) by year, one line per `series` in that order, broken over the
    years a series has no value in (Concurrence)."""
    rates = frame.dropna(subset=["rate"])
    return _year_lines(rates, lang, ("rate", t("rate", lang)), ("series", t("indicator", lang)), series)


def ranking_chart(frame: pd.DataFrame, lang: Lang) -> alt.Chart:
    """PME share of each buyer as a dot with its 95 % Wilson interval, in the frame's row order."""
    order = frame["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=_name_axis())
    x_scale = alt.Scale(domain=[0, 1])
    interval = (
        alt.Chart(frame)
        .mark_rule(color=ALL_COLOUR)
        .encode(
            y=y,
            x=alt.X("wilson_low:Q", axis=_percent_axis(t("share_pme", lang)), scale=x_scale),
            x2="wilson_high:Q",
        )
    )
    dots = (
        alt.Chart(frame)
        .mark_point(filled=True, size=60, color=SIZE_COLOURS["PME"], opacity=1)
        .encode(
            y=y,
            x=alt.X("share:Q", scale=x_scale),
            tooltip=[
                alt.Tooltip("label:N", title=t("buyer", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("share_pme", lang)),
                alt.Tooltip("wilson_low:Q", format=".1%", title=t("wilson_low", lang)),
                alt.Tooltip("wilson_high:Q", format=".1%", title=t("wilson_high", lang)),
                alt.Tooltip("contracts:Q", format=",.0f", title=t("contracts", lang)),
            ],
        )
    )
    return (interval + dots).properties(height=alt.Step(NAME_STEP))


def _log_ticks(values: pd.Series) -> list[float]:
    """The 1-2-5 steps (1, 2, 5, 10, 20, ...) from the last at or below the smallest value to the
    first at or above the largest: a log axis labelled to its end, whatever its range."""
    low, high = max(float(values.min()), 1.0), max(float(values.max()), 1.0)
    steps = [m * 10.0**k for k in range(0, 10) for m in (1, 2, 5)]
    first = max(s for s in steps if s <= low)
    last = min(s for s in steps if s >= high)
    return [s for s in steps if first <= s <= last]


def volume_scatter(frame: pd.DataFrame, lang: Lang, highlight: str | None = None) -> alt.Chart:
    """Contracts (log x) against PME share (y), one dot per buyer; `highlight` (a buyer_id) in
    vermillion, the others in black."""
    # Only the fields drawn: 2,000 buyers with every share column were 420 kB on the websocket.
    # Shares to 1e-4 (the tooltip shows 0.1 %), not 17 digits each.
    data = frame[["label", "contracts", "share"]].round({"share": 4, "contracts": 2})
    data = data.assign(chosen=frame["buyer_id"] == highlight)
    ticks = _log_ticks(frame["contracts"]) if len(frame) else [1.0, 10.0]
    return (
        alt.Chart(data)
        .mark_circle(size=40, opacity=0.6)
        .encode(
            # A log axis from one 1-2-5 step to the next around the dots, labelled at each step
            # (issue 17: labels stopped at 100 while the dots went to 140); 12 px of padding keep
            # the end dots whole.
            x=alt.X(
                "contracts:Q",
                scale=alt.Scale(type="log", domain=[ticks[0], ticks[-1]], nice=False, padding=12),
                axis=alt.Axis(values=ticks, format="~s"),
                title=t("contracts", lang),
            ),
            y=alt.Y("share:Q", axis=_percent_axis(t("share_pme", lang)), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "chosen:N",
                scale=alt.Scale(domain=[False, True], range=[ALL_COLOUR, BUYER_COLOUR]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("buyer", lang)),
                alt.Tooltip("contracts:Q", format=",.0f", title=t("contracts", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("share_pme", lang)),
            ],
        )
        .properties(height=300)
    )


def heatmap(frame: pd.DataFrame, lang: Lang) -> alt.Chart:
    """Sector (`label`, sorted by code) x year cells coloured by the PME `share` (viridis, 0-1)."""
    order = frame.sort_values("code")["label"].drop_duplicates().tolist()
    # Only the fields drawn, shares to 1e-4: every column of the query was 130 kB on the websocket.
    data = frame[["label", "year", "share", "contracts"]].round({"share": 4, "contracts": 2})
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=_year_axis(frame, lang),
            y=alt.Y("label:N", sort=order, title=None, axis=_name_axis()),
            color=alt.Color(
                "share:Q",
                scale=alt.Scale(scheme="viridis", domain=[0, 1]),
                title=t("share_pme", lang),
                # 160 px: the default 200 px gradient cut « 100 % » off on a 390 px phone.
                legend=alt.Legend(format=".0%", orient="bottom", gradientLength=160),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("sector", lang)),
                alt.Tooltip("year:O", title=t("year", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("share_pme", lang)),
                alt.Tooltip("contracts:Q", format=",.0f", title=t("contracts", lang)),
            ],
        )
        .properties(height=alt.Step(NAME_STEP))
    )


MAP_PICK = "pick"  # the map's click selection: the territory's code (ui.territory_chart)
FEW_COLOUR = "#d9d9d9"  # a territory of too few contracts, or none: no colour of the scale


def territory_features(frame: pd.DataFrame, outlines: dict) -> list[dict]:
    """The features of `outlines` (GeoJSON, properties code and nom), each with its row of `frame`
    (by code: name, contracts, share, wilson_low, wilson_high, coverage; shares to 1e-4) among its
    properties, and its code at the top (the field a click selects); a territory without a row
    keeps its code and name only."""
    fields = ["name", "contracts", "share", "wilson_low", "wilson_high", "coverage"]
    data = frame.set_index("code")[fields].round(
        {"share": 4, "wilson_low": 4, "wilson_high": 4, "coverage": 4}
    )
    figures = data.astype(object).where(data.notna(), None).to_dict("index")
    return [
        {
            **feature,
            "code": feature["properties"]["code"],
            "properties": {**feature["properties"], **figures.get(feature["properties"]["code"], {})},
        }
        for feature in outlines["features"]
    ]


def territory_map(frame: pd.DataFrame, outlines: dict, lang: Lang, few: float = FEW_CONTRACTS) -> dict:
    """The Vega-Lite spec (localised, for st.vega_lite_chart) of every territory of `outlines` in
    grey (the layer named "outlines"), and over it (the layer "shares", clickable: MAP_PICK) those
    with a share coloured by the PME `share` (viridis, 0-1) of their row of `frame`
    (territory_features, the dataset "territories"), grey again where fewer than `few` contracts.
    Unknown size has no colour: it is in the share's denominator, and the tooltip gives the
    coverage. The features join the spec after Altair: given to Altair they cost a second of
    validation and copying on every run."""
    colour = alt.Color(
        "properties.share:Q",
        scale=alt.Scale(scheme="viridis", domain=[0, 1]),
        title=t("share_pme", lang),
        legend=alt.Legend(format=".0%", orient="bottom", gradientLength=160),
    )
    name = alt.Tooltip("properties.nom:N", title=t("territory", lang))
    outlines_layer = alt.Chart(name="outlines").mark_geoshape(
        fill=FEW_COLOUR, stroke="white", strokeWidth=0.5
    )
    # A territory without a share (no contract, or no counted amount) is left out of this layer.
    shares_layer = (
        alt.Chart(name="shares")
        .mark_geoshape(stroke="white", strokeWidth=0.5, cursor="pointer")
        .add_params(alt.selection_point(name=MAP_PICK, fields=["code"]))
        .encode(
            color=alt.condition(f"datum.properties.contracts >= {float(few)}", colour, alt.value(FEW_COLOUR)),
            tooltip=[
                name,
                alt.Tooltip("properties.contracts:Q", format=",.0f", title=t("contracts", lang)),
                alt.Tooltip("properties.share:Q", format=".1%", title=t("share_pme", lang)),
                alt.Tooltip("properties.wilson_low:Q", format=".1%", title=t("wilson_low", lang)),
                alt.Tooltip("properties.wilson_high:Q", format=".1%", title=t("wilson_high", lang)),
                alt.Tooltip("properties.coverage:Q", format=".1%", title=t("coverage", lang)),
            ],
        )
    )
    chart = (
        alt.layer(outlines_layer.encode(tooltip=[name]), shares_layer, data=alt.NamedData(name="territories"))
        .project(type="mercator")
        .properties(height=460)
    )
    return {
        **localised(chart, lang).to_dict(),
        "datasets": {"territories": territory_features(frame, outlines)},
    }


def volume_bars(frame: pd.DataFrame, lang: Lang, value_title: str) -> alt.Chart:
    """Horizontal bars of `value` per `label`, largest first, in neutral grey (a mix, not a size)."""
    return (
        alt.Chart(frame[["label", "value", "share"]])
        .mark_bar(color="#555555")
        .encode(
            y=alt.Y("label:N", sort="-x", title=None, axis=_name_axis()),
            x=alt.X("value:Q", title=value_title),
            tooltip=[
                alt.Tooltip("label:N", title=t("sector", lang)),
                alt.Tooltip("value:Q", format=",.0f", title=value_title),
                alt.Tooltip("share:Q", format=".1%", title=t("share_pme", lang)),
            ],
        )
        .properties(height=alt.Step(NAME_STEP))
    )


# d3-format locale: « 1 000 », « 40 % », « 12,5 » in French charts (no chart has a time axis).
FR_LOCALE: dict[str, dict[str, object]] = {
    "number": {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "percent": "\u00a0%",
    },
}


def localised(chart: alt.TopLevelMixin, lang: Lang) -> alt.TopLevelMixin:
    """`chart` with its axis, legend and tooltip numbers in `lang`'s format (Vega-Lite config.locale:
    « 1 000 » and « 40 % » in French; English keeps the default "1,000" and "40%")."""
    if lang != "fr":
        return chart
    return chart.configure(locale=FR_LOCALE)
