"""Chart builders through their Vega-Lite specs: encodings, the fixed size colours, sort order."""

import pandas as pd
import pytest

from dashboard import charts, tables
from dashboard.charts import SIZE_COLOURS

SPLIT = pd.DataFrame(
    {
        "year": ["2018", "2018", "2018", "2019", "2019", None],
        "size_class": ["PME", "GE", "unknown", "PME", "ETI", "PME"],
        "weight_sum": [3.0, 1.0, 0.0, 1.5, 0.5, 9.0],
        "amount_sum": [300.0, 700.0, None, 10.0, 30.0, 5.0],
    }
)
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_size_colours_are_okabe_ito_and_distinct() -> None:
    assert list(SIZE_COLOURS) == ["PME", "ETI", "GE", "large", "unknown"]
    assert set(SIZE_COLOURS.values()) - {"#999999"} <= OKABE_ITO
    assert len(set(SIZE_COLOURS.values())) == 5


def test_size_split_frame_shares_within_each_category() -> None:
    frame = charts.size_split_frame(SPLIT, "year", {"2018": "2018", "2019": "2019"}, "count", "fr")
    assert frame.to_dict("list") == {
        "category": ["2018", "2018", "2018", "2019", "2019"],
        "size_class": ["PME", "GE", "unknown", "PME", "ETI"],
        "size": ["PME", "Grande entreprise", "Taille inconnue", "PME", "ETI"],
        "size_rank": [0, 2, 4, 0, 1],
        "value": [3.0, 1.0, 0.0, 1.5, 0.5],
        "share": [0.75, 0.25, 0.0, 0.75, 0.25],
        "contracts": [4.0, 4.0, 4.0, 2.0, 2.0],
    }
    by_amount = charts.size_split_frame(SPLIT, "year", {}, "amount", "en")
    assert by_amount["share"].tolist() == [0.3, 0.7, 0.0, 0.25, 0.75]
    assert by_amount["size"].tolist() == ["SME", "Large company", "Size unknown", "SME", "Mid-cap"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_size_split_chart_is_a_normalised_stack_with_fixed_colours(lang: str) -> None:
    frame = charts.size_split_frame(SPLIT, "year", {}, "count", lang)
    spec = charts.size_split_chart(frame, ["2019", "2018"], "count", lang, "Année", "EUR").to_dict()
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "bar"
    assert enc["x"]["field"] == "value"
    assert enc["x"]["stack"] == "normalize"
    assert enc["x"]["axis"]["format"] == ".0%"
    assert enc["y"]["sort"] == ["2019", "2018"]
    assert enc["order"] == {"field": "size_rank", "type": "quantitative"}
    # The classes the frame holds, each in its fixed colour: no « Non-PME (sans détail) » here.
    assert enc["color"]["scale"]["range"] == ["#009E73", "#E69F00", "#0072B2", "#999999"]
    domain = {
        "fr": ["PME", "ETI", "Grande entreprise", "Taille inconnue"],
        "en": ["SME", "Mid-cap", "Large company", "Size unknown"],
    }[lang]
    assert enc["color"]["scale"]["domain"] == domain
    assert charts.size_colour_scale(lang).to_dict()["range"] == [
        "#009E73",
        "#E69F00",
        "#0072B2",
        "#56B4E9",
        "#999999",
    ]
    assert enc["x"]["axis"]["title"] == {"fr": "Part", "en": "Share"}[lang]
    assert enc["tooltip"][0] == {"field": "category", "type": "nominal", "title": "Année"}


def _texts(table) -> list[list[str]]:
    """A Styler's header and rows as a reader sees them (its index left out)."""
    return [line.split("\t")[1:] for line in table.to_string(delimiter="\t").splitlines()]


def test_split_table_one_row_per_category_in_order() -> None:
    frame = charts.size_split_frame(SPLIT, "year", {}, "count", "fr")
    table = tables.size_split(frame, ["2019", "2018"], "year", "fr")
    assert _texts(table) == [
        ["Année", "PME", "ETI", "Grande entreprise", "Taille inconnue"],
        ["2019", "75,0\u00a0%", "25,0\u00a0%", "–", "–"],
        ["2018", "75,0\u00a0%", "–", "25,0\u00a0%", "0,0\u00a0%"],
    ]
    assert table.data.values.tolist()[0][1] == 0.75  # a number: the column sorts by value


def test_share_bars_sorted_by_share_in_pme_colour() -> None:
    frame = pd.DataFrame({"label": ["a", "b"], "share": [0.2, 0.6], "contracts": [10.0, 5.0]})
    spec = charts.share_bars(frame, "en", "Sector").to_dict()
    assert spec["mark"] == {"type": "bar", "color": "#009E73"}
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["x"]["scale"] == {"domain": [0, 1]}
    assert spec["encoding"]["x"]["axis"]["title"] == "SME share"
    assert spec["encoding"]["tooltip"][0] == {"field": "label", "type": "nominal", "title": "Sector"}
    assert spec["encoding"]["opacity"] == {"value": 1.0}
    pale = charts.share_bars(frame, "en", "Sector", few=30).to_dict()["encoding"]["opacity"]
    assert pale == {"condition": {"test": "datum.contracts < 30.0", "value": 0.35}, "value": 1.0}
    fixed = charts.share_bars(frame, "fr", "Secteur", order=["b", "a"]).to_dict()
    assert fixed["encoding"]["y"]["sort"] == ["b", "a"]
    assert fixed["encoding"]["x"]["axis"]["title"] == "Part PME"


def test_ranking_chart_interval_and_dot_in_row_order() -> None:
    frame = pd.DataFrame(
        {
            "label": ["1. A", "2. B"],
            "share": [0.85, 0.75],
            "wilson_low": [0.64, 0.41],
            "wilson_high": [0.95, 0.93],
            "contracts": [20.0, 8.0],
        }
    )
    spec = charts.ranking_chart(frame, "fr").to_dict()
    rule, dots = spec["layer"]
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["field"] == "wilson_low"
    assert rule["encoding"]["x2"]["field"] == "wilson_high"
    assert dots["encoding"]["x"]["field"] == "share"
    assert dots["encoding"]["y"]["sort"] == ["1. A", "2. B"]
    assert dots["mark"]["color"] == "#009E73"


def test_volume_scatter_log_scale_and_highlight() -> None:
    frame = pd.DataFrame(
        {"buyer_id": ["1", "2"], "label": ["A", "B"], "contracts": [3.0, 3000.0], "share": [1.0, 0.3]}
    )
    spec = charts.volume_scatter(frame, "en", highlight="2").to_dict()
    assert spec["encoding"]["x"]["scale"] == {
        "type": "log",
        "domain": [2.0, 5000.0],
        "nice": False,
        "padding": 12,
    }
    assert spec["encoding"]["color"]["scale"] == {
        "domain": [False, True],
        "range": ["#000000", "#D55E00"],
    }
    data = next(iter(spec["datasets"].values()))
    assert [row["chosen"] for row in data] == [False, True]


def test_trend_chart_buyer_vermillion_all_black() -> None:
    frame = pd.DataFrame(
        {
            "scope": ["Cet acheteur", "Tous les acheteurs", "Tous les acheteurs"],
            "year": [2018, 2018, 2021],
            "share": [0.75, 0.36, 0.4],
        }
    )
    spec = charts.trend_chart(frame, "fr").to_dict()
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["Cet acheteur", "Tous les acheteurs"],
        "range": ["#D55E00", "#000000"],
    }
    assert spec["encoding"]["x"] == {
        "field": "year",
        "type": "ordinal",
        "title": "Année",
        "axis": {"labelAngle": 0},
        # Every year from the first to the last: the years without data keep their place.
        "scale": {"domain": [2018, 2019, 2020, 2021]},
    }


def test_heatmap_sorted_by_code_viridis() -> None:
    frame = pd.DataFrame(
        {
            "code": ["45", "09", "45"],
            "label": ["45 Travaux", "09 Pétrole", "45 Travaux"],
            "year": [2018, 2018, 2019],
            "share": [0.4, 0.3, 1.0],
            "contracts": [26.0, 6.0, 1.0],
        }
    )
    spec = charts.heatmap(frame, "fr").to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["y"]["sort"] == ["09 Pétrole", "45 Travaux"]
    assert spec["encoding"]["color"]["scale"] == {"scheme": "viridis", "domain": [0, 1]}
    assert spec["encoding"]["x"]["scale"] == {"domain": [2018, 2019]}


def test_display_table_formats_and_translates() -> None:
    frame = pd.DataFrame(
        {"supplier_name": ["ECOPLAF"], "size_class": ["PME"], "contracts": [6.0], "amount": [1.1e6]}
    )
    spec: list[tables.Column] = [
        ("supplier_name", "supplier", "text"),
        ("size_class", "size_class", "size"),
        ("contracts", "contracts", "int"),
        ("amount", "tile_amount", "eur"),
    ]
    assert tables.texts(frame, spec, "en").to_dict("list") == {
        "Supplier": ["ECOPLAF"],
        "Size": ["SME"],
        "Contracts": ["6"],
        "Total amount": ["€1.1M"],
    }


def test_static_table_markup() -> None:
    """Données' rows as HTML (dashboard.tables.static_html): the display's texts, escaped (a
    published name is never markup), figures in class num, wrapped texts in a div that CSS cuts
    after three lines, with the whole text in a tooltip when long (its quotes escaped), the sorted
    column marked for screen readers."""
    objects = ['Travaux de plâtrerie « "isolation" » ' * 3, "<script>alert(1)</script>"]
    frame = pd.DataFrame(
        {"supplier_name": ["ECOPLAF", "<b>X</b>"], "amount": [1.1e6, None], "object": objects}
    )
    spec: list[tables.Column] = [
        ("supplier_name", "supplier", "text"),
        ("amount", "col_contract_amount", "euros"),
        ("object", "col_object", "text"),
    ]
    tip = objects[0].replace('"', "&quot;")
    assert tables.static_html(frame, spec, "fr", wrap=("col_object",), descending="col_contract_amount") == (
        '<table class="static-table"><thead><tr><th scope="col">Titulaire</th>'
        '<th scope="col" class="num" aria-sort="descending">Montant du contrat</th>'
        '<th scope="col" class="wrap">Objet</th></tr></thead>'
        '<tbody><tr><td>ECOPLAF</td><td class="num">1\u00a0100\u00a0000\u00a0€</td>'
        f'<td class="wrap" title="{tip}"><div>{tip}</div></td></tr>'
        '<tr><td>&lt;b&gt;X&lt;/b&gt;</td><td class="num">–</td>'
        '<td class="wrap"><div>&lt;script&gt;alert(1)&lt;/script&gt;</div></td></tr></tbody></table>'
    )


def test_french_charts_format_numbers_the_french_way() -> None:
    """Regression: French axes read "1,000" and "40%" (d3's en-US default)."""
    frame = pd.DataFrame({"label": ["a"], "share": [0.4], "contracts": [3]})
    chart = charts.share_bars(frame, "fr", "Secteur")
    number = charts.localised(chart, "fr").to_dict()["config"]["locale"]["number"]
    assert number == {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "percent": "\u00a0%",
    }
    assert "locale" not in charts.localised(chart, "en").to_dict().get("config", {})


def test_cpv_labelled_takes_the_share_of_the_basis() -> None:
    frame = pd.DataFrame(
        {"cpv_division": ["45", None], "label_fr": ["Travaux", None], "label_en": ["Works", None],
         "share_count": [0.5, 0.2], "share_amount": [0.1, 0.3]}
    )  # fmt: skip
    out = tables.cpv_labelled(frame, "cpv_division", "amount", "en")
    assert out[["label", "share"]].values.tolist() == [["45 Works", 0.1], ["No CPV code", 0.3]]
    assert out["code"].tolist()[0] == "45"


def test_no_tooltip_is_left_without_a_title() -> None:
    """An empty tooltip title shows the raw field name (« label ») in the browser."""
    frame = pd.DataFrame(
        {"label": ["a"], "share": [0.4], "contracts": [3.0], "value": [3.0], "year": [2019], "scope": ["x"]}
    )
    specs = [
        charts.share_bars(frame, "fr", "Secteur").to_dict(),
        charts.volume_bars(frame, "fr", "Contrats").to_dict(),
        charts.trend_chart(frame, "fr").to_dict(),
    ]
    titles = [tip.get("title") for spec in specs for tip in spec["encoding"]["tooltip"]]
    assert all(titles), titles
    assert titles[3] == "Secteur"


def test_a_year_of_few_contracts_is_a_pale_bar() -> None:
    """Issue 17, finding 5: 2016 (2 contracts) looked as solid as 2024 (5,173)."""
    frame = charts.size_split_frame(SPLIT, "year", {}, "amount", "fr")
    spec = charts.size_split_chart(frame, ["2019", "2018"], "amount", "fr", "Année", "EUR").to_dict()
    assert spec["encoding"]["opacity"] == {
        "condition": {"test": "datum.contracts < 30", "value": 0.35},
        "value": 1.0,
    }
    amount = next(t for t in spec["encoding"]["tooltip"] if t["field"] == "value")
    assert amount["title"] == "Montant (€)"
    pounds = charts.size_split_chart(frame, ["2019"], "amount", "en", "Year", "GBP").to_dict()
    assert [t["title"] for t in pounds["encoding"]["tooltip"] if t["field"] == "value"] == ["Amount (£)"]
    # The contracts of the category, whatever the basis: an amount split of 4 contracts is pale.
    assert frame["contracts"].tolist() == [4.0, 4.0, 4.0, 2.0, 2.0]


def test_the_trend_line_breaks_over_years_without_contracts() -> None:
    """Issue 17, finding 5: « Tous les acheteurs » ran straight from 2019 to 2024 over years with
    no data. Those years get a row of no share, and the line breaks there."""
    frame = pd.DataFrame(
        {
            "year": [2019, 2024, 2019, 2020, 2024],
            "scope": ["Cet acheteur", "Cet acheteur", "Tous", "Tous", "Tous"],
            "share": [0.5, 0.6, 0.4, 0.45, 0.3],
            "contracts": [3.0, 4.0, 10.0, 8.0, 12.0],
        }
    )
    spec = charts.trend_chart(frame, "fr").to_dict()
    assert spec["mark"]["invalid"] == "break-paths-show-domains"
    rows = pd.DataFrame(next(iter(spec["datasets"].values())))
    empty = rows[rows["share"].isna()]
    assert sorted(zip(empty["scope"], empty["year"], strict=True)) == [
        ("Cet acheteur", 2020),
        ("Cet acheteur", 2021),
        ("Cet acheteur", 2022),
        ("Cet acheteur", 2023),
        ("Tous", 2021),
        ("Tous", 2022),
        ("Tous", 2023),
    ]


@pytest.mark.parametrize(
    ("contracts", "ticks"),
    [
        ([5.0, 140.0], [5.0, 10.0, 20.0, 50.0, 100.0, 200.0]),
        ([1.0, 12.0], [1.0, 2.0, 5.0, 10.0, 20.0]),
        ([30.0, 2000.0], [20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0]),
    ],
)
def test_the_scatter_axis_is_labelled_to_its_last_dot(contracts: list[float], ticks: list[float]) -> None:
    """Issue 17, finding 9: the x labels stopped at 100 while the dots went to 140."""
    frame = pd.DataFrame(
        {"buyer_id": ["a", "b"], "label": ["A", "B"], "contracts": contracts, "share": [0.5, 0.2]}
    )
    x = charts.volume_scatter(frame, "fr").to_dict()["encoding"]["x"]
    assert x["axis"]["values"] == ticks
    assert x["scale"]["domain"] == [ticks[0], ticks[-1]]
    assert max(contracts) <= ticks[-1]


def test_long_names_wrap_on_two_lines() -> None:
    """Issue 17, finding 7: on a phone, sector names were cut to about 20 characters. They wrap on
    two lines at the last space before 26 characters, each row 30 px high, every label drawn."""
    frame = pd.DataFrame(
        {
            "label": ["37 Instruments de musique, articles de sport", "24 Produits chimiques"],
            "share": [0.6, 0.5],
            "contracts": [40.0, 50.0],
        }
    )
    spec = charts.share_bars(frame, "fr", "Secteur").to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False
    assert spec["height"] == {"step": 30}

    assert axis["labelExpr"] == charts.WRAP_LABEL  # drawn in chromium by tests/e2e (two lines)


def test_charts_send_only_the_fields_they_draw() -> None:
    """Issue 17, finding 10: Acheteurs sent 830 kB over the websocket, 420 kB of it the scatter's
    2,000 buyers with every column of the query; a chart's data now holds the fields it draws."""
    frame = pd.DataFrame(
        {
            "buyer_id": ["1", "2"],
            "buyer_name": ["A", "B"],
            "label": ["A", "B"],
            "contracts": [3.0, 3000.0],
            "share": [1 / 3, 0.3],
            "share_amount": [0.1, 0.2],
            "wilson_low": [0.1, 0.2],
            "code": ["45", "72"],
            "year": [2019, 2019],
            "value": [1.0, 2.0],
        }
    )
    charts_and_fields = [
        (charts.volume_scatter(frame, "fr", highlight="2"), {"label", "contracts", "share", "chosen"}),
        (charts.heatmap(frame, "fr"), {"label", "year", "share", "contracts"}),
        (charts.share_bars(frame, "fr", "Secteur"), {"label", "share", "contracts"}),
        (charts.volume_bars(frame, "fr", "Montant"), {"label", "value", "share"}),
    ]
    for chart, fields in charts_and_fields:
        rows = next(iter(chart.to_dict()["datasets"].values()))
        assert set(rows[0]) == fields
    scatter = next(iter(charts_and_fields[0][0].to_dict()["datasets"].values()))
    assert scatter[0]["share"] == 0.3333
