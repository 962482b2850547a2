"""AppTest of Vue d'ensemble, Acheteurs and Secteurs on the fixture DB: exact values, hostile
links, no DB, empty filters, English, and interaction by widget key."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import PAGE_TABS
from dashboard.i18n import t
from tests.apptest import open_page, shown, static_rows, tables_on

APP, BUYERS, SECTORS = "", "acheteurs", "secteurs"
DUNKERQUE = "20002715900017"
NBSP = "\u00a0"


@pytest.fixture
def db_env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCUREMENT_DB", str(fixture_db))
    return fixture_db


def _run(path: str, **params: str) -> AppTest:
    return open_page(path, **params)


def _metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def test_overview_renders_exact_figures(db_env: Path) -> None:
    at = _run(APP)
    assert not at.exception
    assert not at.warning
    assert [s.value for s in at.subheader] == [
        f"En 2024, les PME ont remporté 38{NBSP}% des contrats mais 12{NBSP}% des montants."
    ]
    assert _metrics(at) == [
        ("Contrats", "186"),
        ("Montant total", f"93,5{NBSP}M€"),
        ("Part PME (nombre)", f"41{NBSP}%"),
        ("Part PME (montant)", f"18{NBSP}%"),
        ("Taille connue", f"65{NBSP}%"),
    ]
    by_year = shown(at.dataframe[0])
    assert by_year.columns.tolist() == ["Année", "PME", "ETI", "Grande entreprise", "Taille inconnue"]
    assert by_year.values.tolist()[0] == [
        "2018",
        f"36,4{NBSP}%",
        f"15,7{NBSP}%",
        f"14,5{NBSP}%",
        f"33,3{NBSP}%",
    ]
    # Contracts with no usable notification date: a bar of their own, after the years.
    assert by_year["Année"].tolist() == ["2018", "2019", "2024", "Sans date"]
    assert by_year.values.tolist()[-1] == [
        "Sans date",
        f"35,7{NBSP}%",
        f"9,1{NBSP}%",
        f"23,8{NBSP}%",
        f"31,3{NBSP}%",
    ]
    by_type = shown(at.dataframe[1])
    assert by_type.values.tolist()[0] == [
        "Travaux",
        f"51,2{NBSP}%",
        f"7,0{NBSP}%",
        f"6,4{NBSP}%",
        f"35,5{NBSP}%",
    ]
    brackets = shown(at.dataframe[2])
    assert brackets.values.tolist()[0] == [
        "< 40\u00a0k€",
        "45",
        f"34,1{NBSP}%",
        f"38,2{NBSP}%",
        f"55,2{NBSP}%",
    ]
    assert at.caption[-2].value.startswith(
        f"Source{NBSP}: decp_tabular_2024H2_dep75_2A_16, fixture_decp2019_138"
    )
    assert f"Licence{NBSP}: Licence Ouverte / Open Licence 2.0 (Etalab)" in at.caption[-2].value
    assert "Données au " in at.caption[-2].value


def test_overview_hostile_link_warns_once_and_keeps_valid_parts(db_env: Path) -> None:
    at = _run(
        APP,
        year_from="abc",
        cpv="<script>alert(1)</script>",
        procedure="x' OR 1=1 --",
        buyer="99999999999999",
        type="works",
    )
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `year_from=abc`, "
        "`cpv=?script?alert(1)?/script?`, `buyer=99999999999999`, `procedure=x' OR 1=1 --`."
    ]
    assert dict(at.query_params) == {"type": "works"}
    assert _metrics(at)[0] == ("Contrats", "86")


def test_no_database_explains_how_to_build_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "absent.duckdb"
    monkeypatch.setenv("PROCUREMENT_DB", str(missing))
    for script in (APP, BUYERS, SECTORS):
        at = _run(script)
        assert not at.exception
        assert [e.value for e in at.error] == [
            f"La base de données est introuvable ({missing}). Construisez-la avec `make run` "
            f"(ou `python -m etl build --db {missing}`), puis rechargez la page."
        ]


@pytest.mark.parametrize("script", [APP, SECTORS])
def test_filters_matching_nothing_show_the_empty_state(db_env: Path, script: str) -> None:
    at = _run(script, cpv="03", type="works")
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Aucun contrat ne correspond à ces filtres. Élargissez la période, retirez un filtre ou "
        "cliquez sur «\u00a0Réinitialiser les filtres\u00a0» en bas de la barre latérale."
    ]


@pytest.mark.parametrize(
    "params", [{"year_from": "2030"}, {"year_to": "2005"}, {"year_from": "2026", "lang": "en"}]
)
@pytest.mark.parametrize("script", [APP, BUYERS, SECTORS])
def test_a_linked_year_outside_the_data_shows_the_empty_state(
    db_env: Path, script: str, params: dict[str, str]
) -> None:
    """One end of the period alone, outside the data's years: the slider reaches it, nothing matches."""
    at = _run(script, **params)
    assert not at.exception
    assert not at.warning
    empty = [
        i.value for i in at.info if i.value.startswith(("Aucun contrat ne correspond", "No contract matches"))
    ]
    assert len(empty) == 1
    year = int(params.get("year_from") or params["year_to"])
    assert year in at.slider[0].value
    assert dict(at.query_params) == params


@pytest.mark.parametrize(
    "params",
    [{"year_from": "2018", "year_to": "2024"}, {"year_from": "2010"}, {"year_to": "2024", "cpv": "45"}],
)
def test_a_linked_period_end_at_the_data_s_edge_is_no_bound(db_env: Path, params: dict[str, str]) -> None:
    """The fixture's years are 2018-2024: an end there or beyond is drawn at the slider's end,
    which means every year, undated contracts included; the link says so and keeps it on a click."""
    at = _run(APP, **params)
    assert not at.exception
    assert not at.warning
    expected = {k: v for k, v in params.items() if not k.startswith("year")}
    assert dict(at.query_params) == expected
    assert at.slider[0].value == (2018, 2024)
    same = _run(APP, **expected)
    assert _metrics(at) == _metrics(same)
    assert [c.value for c in at.caption] == [c.value for c in same.caption]
    at.checkbox(key="f_aberrant").check().run()
    assert dict(at.query_params) == {**expected, "aberrant": "1"}
    assert _metrics(at)[0] == _metrics(same)[0]


def test_a_year_filter_says_how_many_undated_contracts_it_leaves_out(db_env: Path) -> None:
    at = _run(APP, year_from="2019")
    assert not at.exception
    assert at.caption[0].value == f"Filtres{NBSP}: depuis 2019"  # under the title
    assert at.caption[2].value == (  # under the headline
        # From awards x contracts of 2024: 53 contracts, unknown weight 25/53, PME 20/28 of the known.
        f"2024{NBSP}: 53 contrats. La taille du titulaire y est inconnue pour 47{NBSP}% d'entre eux{NBSP}; "
        f"parmi les contrats dont elle est connue, les PME en ont remporté 71{NBSP}%."
    )
    assert at.caption[3].value == "Chiffres de 2019 à 2024."  # the tiles' years
    assert at.caption[4].value == (
        f"La période choisie laisse de côté les 42 contrats sans date de notification utilisable "
        f"(date absente, impossible ou future){NBSP}: ils n'ont pas d'année."
    )
    assert shown(at.dataframe[0])["Année"].tolist() == ["2019", "2024"]
    assert _metrics(at)[0] == ("Contrats", "82")  # 186 contracts: 62 of 2018, 42 undated
    # No year filter, no such note; the tiles count the undated contracts, and say so.
    captions = [c.value for c in _run(APP).caption]
    assert captions[2] == "Chiffres de 2018 à 2024, contrats sans date compris."
    assert not [c for c in captions if "laisse de côté" in c]


def test_overview_in_english(db_env: Path) -> None:
    at = _run(APP, lang="en")
    assert not at.exception
    assert at.title[0].value == "SME Observatory"
    assert [s.value for s in at.subheader] == ["In 2024, SMEs won 38% of contracts but 12% of the value."]
    assert _metrics(at)[1:3] == [("Total amount", "€93.5M"), ("SME share (count)", "41%")]
    assert [h.value for h in at.main.header] == [
        "Split by year",
        "Split by contract type",
        "SME share by amount bracket",
    ]
    assert shown(at.dataframe[1]).values.tolist()[0][0] == "Works"
    assert at.caption[-2].value.startswith("Source: ")


def test_sidebar_widgets_write_the_url(db_env: Path) -> None:
    at = _run(APP)
    at.selectbox(key="f_contract_type").set_value("works").run()
    assert dict(at.query_params) == {"type": "works"}
    assert _metrics(at)[0] == ("Contrats", "86")
    at.radio(key="f_basis").set_value("amount").run()
    at.checkbox(key="f_framework").uncheck().run()
    assert dict(at.query_params) == {"type": "works", "framework": "0", "basis": "amount"}
    at.radio(key="f_lang").set_value("en").run()
    assert dict(at.query_params)["lang"] == "en"
    assert at.metric[0].label == "Contracts"
    at.button(key="f_reset").click().run()
    assert dict(at.query_params) == {"lang": "en"}
    assert not at.exception


def test_filters_survive_a_page_switch(db_env: Path) -> None:
    """Streamlit's page navigation drops query params: the filters come back from the session."""
    at = _run(APP, cpv="45", lang="en")
    tables_on(at, "secteurs").switch_page("pages/secteurs.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert dict(at.query_params) == {"cpv": "45", "lang": "en"}
    assert at.title[0].value == "Sectors"
    assert shown(at.dataframe[0]).values.tolist()[0][0] == "45 Construction work"


def test_buyer_cold_deep_link_shows_that_buyer(db_env: Path) -> None:
    at = _run(BUYERS, buyer=DUNKERQUE)
    assert not at.exception
    assert not at.warning
    assert at.subheader[0].value == f"VILLE DE DUNKERQUE - PRINCIPAL · {DUNKERQUE}"
    assert _metrics(at) == [
        ("Part PME (nombre)", f"85{NBSP}%"),
        ("Part PME (montant)", f"84{NBSP}%"),
        ("Taille connue", f"90{NBSP}%"),
        ("Contrats", "20"),
    ]
    assert at.caption[0].value == f"Filtres{NBSP}: VILLE DE DUNKERQUE - PRINCIPAL ({DUNKERQUE})"
    assert at.caption[1].value == f"Tous les acheteurs{NBSP}: 41{NBSP}%"
    assert at.caption[-3].value == (
        f"Chaque point est un acheteur (les plus gros, jusqu'à 1{NBSP}000){NBSP}; échelle logarithmique. "
        "Le point orange est l'acheteur choisi."
    )
    assert [tab.label for tab in at.tabs] == ["Profil", "Comparaison", "Principaux titulaires"]
    trend, sectors, ranking = (shown(d) for d in at.dataframe[:3])
    # This buyer's share, all buyers' share, this buyer's contracts of the year.
    assert trend.values.tolist()[0] == ["2018", f"75,0{NBSP}%", f"36,4{NBSP}%", "4"]
    # Issue 14: against the buyers of its main division (itself alone here) and all buyers.
    competition = shown(_run(BUYERS, buyer=DUNKERQUE, tab="comparaison").dataframe[0])
    assert competition.values.tolist() == [
        ["Offre unique", "non publié", "–", "–"],
        ["Sans mise en concurrence", f"20,0{NBSP}%", f"20,0{NBSP}%", f"35,0{NBSP}%"],
        ["1er titulaire", f"43,4{NBSP}%", f"43,4{NBSP}%", f"38,3{NBSP}%"],
        ["HHI", "0,23", "0,23", "0,21"],
        ["Titulaires / 10 contrats", "7,0", "7,0", "8,5"],
    ]
    assert sectors.values.tolist()[0] == ["45 Travaux de construction", "15", f"1,8{NBSP}M€", f"100,0{NBSP}%"]
    suppliers = static_rows(_run(BUYERS, buyer=DUNKERQUE, tab="fournisseurs"), 0)
    assert suppliers.values.tolist()[0] == ["ECOPLAF", "PME", "6", f"1,1{NBSP}M€"]
    assert ranking.values.tolist() == [
        [
            "1",
            "VILLE DE DUNKERQUE - PRINCIPAL",
            DUNKERQUE,
            "20",
            f"85,0{NBSP}%",
            f"64,0{NBSP}%",
            f"94,8{NBSP}%",
        ],
        [
            "2",
            "Mairie de Fos sur Mer",
            "21130039700018",
            "12",
            f"33,3{NBSP}%",
            f"13,8{NBSP}%",
            f"60,9{NBSP}%",
        ],
    ]


def test_under_a_buyer_the_ranking_of_every_buyer_waits_for_its_switch(db_env: Path) -> None:
    """Issue 17, finding 10: under a profile, the ranking and scatter of every buyer (two charts
    below the fold) are drawn once their switch is on; with no buyer they are the page."""
    closed = open_page(BUYERS, tables=False, buyer=DUNKERQUE)
    assert not closed.exception
    switch = closed.toggle(key="acheteurs_all_buyers")
    assert (switch.label, switch.value) == ("Voir le classement et le nuage de tous les acheteurs", False)
    assert "Classement des acheteurs par part PME" not in [h.value for h in closed.header]
    assert "Volume et part PME" not in [s.value for s in closed.subheader]
    opened = switch.set_value(True).run()
    assert "Classement des acheteurs par part PME" in [h.value for h in opened.header]
    assert "Volume et part PME" in [s.value for s in opened.subheader]
    nobody = open_page(BUYERS, tables=False)
    assert "Classement des acheteurs par part PME" in [h.value for h in nobody.header]
    assert not [t for t in nobody.toggle if t.key == "acheteurs_all_buyers"]


@pytest.mark.parametrize(
    ("path", "name"), [(path, name) for path, names in PAGE_TABS.items() for name in names]
)
def test_every_tab_opens_from_its_link(db_env: Path, path: str, name: str) -> None:
    """Each tab of filters.PAGE_TABS is drawn by its page, headed by its text, and its link
    kept (the first tab's name left out: one link for it)."""
    at = _run(path, tab=name, **({"buyer": DUNKERQUE} if path == BUYERS else {}))
    assert not at.exception, [e.value for e in at.exception]
    assert [tab.label for tab in at.tabs] == [t(f"tab_{other}") for other in PAGE_TABS[path]]
    assert dict(at.query_params).get("tab") == (None if name == PAGE_TABS[path][0] else name)


def test_with_no_buyer_acheteurs_draws_no_tab_and_drops_it_from_the_link(db_env: Path) -> None:
    at = _run(BUYERS, tab="comparaison")
    assert not at.tabs
    assert "tab" not in at.query_params
    assert not at.warning


def test_buyer_search_and_minimum_contracts(db_env: Path) -> None:
    at = _run(BUYERS)
    assert [i.value for i in at.info] == [
        f"Cherchez un acheteur ci-dessus (nom ou SIRET) pour voir son profil{NBSP}: ses parts PME "
        "comparées à l'ensemble, son évolution, ses secteurs et ses principaux titulaires."
    ]
    at.text_input(key="f_buyer_q").input("dunkerque").run()
    assert at.selectbox(key="f_buyer").options == [
        "Tous les acheteurs",
        f"VILLE DE DUNKERQUE - PRINCIPAL ({DUNKERQUE})",
    ]
    at.selectbox(key="f_buyer").set_value(DUNKERQUE).run()
    assert dict(at.query_params) == {"buyer": DUNKERQUE}
    assert at.subheader[0].value == f"VILLE DE DUNKERQUE - PRINCIPAL · {DUNKERQUE}"
    at.number_input(key="min_contracts").set_value(15).run()
    assert shown(at.dataframe[2]).values.tolist()[0][1] == "VILLE DE DUNKERQUE - PRINCIPAL"
    assert len(shown(at.dataframe[2])) == 1
    assert not at.exception


def test_buyer_unknown_siret_is_named_and_english_labels(db_env: Path) -> None:
    at = _run(BUYERS, buyer="12345678901234", lang="en")
    assert not at.exception
    assert [w.value for w in at.warning] == ["Link partly read: ignored values: `buyer=12345678901234`."]
    assert at.title[0].value == "Buyers"
    assert [h.value for h in at.main.header] == ["Buyers ranked by SME share"]


def test_sectors_renders_sorted_shares_drill_and_heatmap(db_env: Path) -> None:
    at = _run(SECTORS)
    assert not at.exception
    divisions, detail, grid = (shown(d) for d in at.dataframe[:3])
    assert divisions.values.tolist()[0] == [
        "63 Services d'appui et services auxiliaires dans le domaine des transports, "
        "services des agences de voyages",
        "2",
        f"1,2{NBSP}k€",
        f"100,0{NBSP}%",
        f"100,0{NBSP}%",
        f"100,0{NBSP}%",
    ]
    assert divisions.columns.tolist()[0] == "Secteur"
    assert detail.values.tolist()[0][0] == "453 Travaux d'équipement du bâtiment"
    assert grid.columns.tolist() == ["Secteur", "2018", "2019", "2024"]
    at.selectbox(key="drill_division").set_value("45").run()
    assert shown(at.dataframe[1]).values.tolist()[0][:2] == ["453 Travaux d'équipement du bâtiment", "10"]
    at.selectbox(key="drill_group").set_value("452").run()
    assert shown(at.dataframe[1]).values.tolist()[0][0].startswith("452")
    assert not at.exception


def test_sectors_deep_link_opens_the_drill_in_english(db_env: Path) -> None:
    at = _run(SECTORS, cpv="45", group="452", lang="en")
    assert not at.exception
    assert at.selectbox(key="drill_group").value == "452"
    assert at.caption[0].value == "Filters: 45 Construction work · CPV code 452"
    assert at.caption[2].value == (
        "SME share in the CPV codes one level under 452 (division: 2 digits, group: 3, class: 4, "
        "category: 5). The page's link keeps this choice. Pale bars: fewer than 30 contracts, a share "
        "that moves a lot from one contract to the next. Winners of unknown size count in the "
        "denominator: the table's “Size known” column says for what part it is known."
    )
    assert shown(at.dataframe[0]).values.tolist()[0][:2] == ["45 Construction work", "86"]


def test_sectors_drill_down_is_written_to_the_url_and_a_link_reproduces_it(db_env: Path) -> None:
    """Regression: the drill-down (division, group, class) was not in the URL, so a shared link
    opened the default division."""
    at = _run(SECTORS)
    at.selectbox(key="drill_division").set_value("63").run()
    assert at.query_params["group"] == "63"
    at.selectbox(key="drill_division").set_value("45").run()
    assert at.query_params["group"] == "45"
    at.selectbox(key="drill_group").set_value("452").run()
    assert at.query_params["group"] == "452"
    classes = at.selectbox(key="drill_class").options
    code = classes[1].split()[0]
    at.selectbox(key="drill_class").set_value(code).run()
    assert not at.exception
    assert at.query_params["group"] == code
    rows = shown(at.dataframe[1]).values.tolist()
    caption = at.caption[1].value

    shared = _run(SECTORS, group=code)
    assert not shared.exception
    assert not shared.warning
    assert shared.selectbox(key="drill_division").value == "45"
    assert shared.selectbox(key="drill_group").value == "452"
    assert shared.selectbox(key="drill_class").value == code
    assert shared.selectbox(key="drill_class").options == classes
    assert shown(shared.dataframe[1]).values.tolist() == rows
    assert shared.caption[1].value == caption
    assert shown(shared.dataframe[0]).values.tolist()[0][0].startswith("63 ")  # no sector filter

    shared.selectbox(key="drill_class").set_value("").run()
    assert shared.query_params["group"] == "452"


@pytest.mark.parametrize(
    ("group", "ignored"),
    [("459", "group=459"), ("4599", "group=4599"), ("03", "group=03"), ("4x", "group=4x")],
)
def test_sectors_unknown_drill_code_is_named_and_dropped(db_env: Path, group: str, ignored: str) -> None:
    at = _run(SECTORS, group=group)
    assert not at.exception
    assert [w.value for w in at.warning] == [
        f"Lien partiellement lu{NBSP}: valeurs ignorées{NBSP}: `{ignored}`."
    ]
    assert at.selectbox(key="drill_group").value == ""
    assert "group" not in at.query_params


def test_buyer_minimum_contracts_is_written_to_the_url_and_read_back(db_env: Path) -> None:
    """Regression: « Contrats minimum » was not in the URL, so a shared ranking came back at 10."""
    at = _run(BUYERS)
    at.number_input(key="min_contracts").set_value(15).run()
    assert at.query_params["min"] == "15"
    ranking = shown(at.dataframe[0]).values.tolist()

    shared = _run(BUYERS, min="15")
    assert not shared.exception
    assert shared.number_input(key="min_contracts").value == 15
    assert shown(shared.dataframe[0]).values.tolist() == ranking

    shared.number_input(key="min_contracts").set_value(10).run()
    assert "min" not in shared.query_params

    bad = _run(BUYERS, min="0")
    assert [w.value for w in bad.warning] == [
        f"Lien partiellement lu{NBSP}: valeurs ignorées{NBSP}: `min=0`."
    ]
    assert bad.number_input(key="min_contracts").value == 10


def test_a_buyer_with_no_published_name_says_so(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped sample's 13000190200332 has no name in any record: the picker says so."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, buyer="13000190200332")
    assert not at.exception
    assert at.selectbox(key="f_buyer").options == ["Tous les acheteurs", "nom non publié (13000190200332)"]


def test_buyer_against_comparable_buyers(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the shipped sample: Dunkerque (20 contracts, mostly CPV 45) against the 215 buyers of
    division 45 with 10 to 40 contracts."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, buyer=DUNKERQUE, tab="comparaison")
    assert not at.exception
    assert "Face aux acheteurs comparables" in [s.value for s in at.subheader]
    assert _metrics(at)[4:] == [
        ("Cet acheteur", f"85{NBSP}%"),
        ("Médiane des comparables", f"48{NBSP}%"),
        ("Comparables dépassés", f"99{NBSP}%"),
    ]
    peers = next(shown(d) for d in at.dataframe if "Acheteur" in d.value.columns)
    assert len(peers) == 11
    assert peers.iloc[0].tolist() == [
        "VILLE DE DUNKERQUE - PRINCIPAL (cet acheteur)",
        f"85,0{NBSP}%",
        "20",
        f"90,0{NBSP}%",
        DUNKERQUE,
    ]
    assert [c.value for c in at.caption if "deux fois moins" in c.value] == [
        f"Les 215 acheteurs dont la division CPV la plus fréquente (toutes années) est aussi "
        f"«{NBSP}45 Travaux de construction{NBSP}» et qui ont, sous les filtres actuels, entre 10 et 40 "
        "contrats (deux fois moins à deux fois plus que cet acheteur). Part PME en nombre"
        f"{NBSP}; le tableau montre les 10 plus proches en volume."
    ]


def test_buyer_with_too_few_comparable_buyers(db_env: Path) -> None:
    # The fixture DB: no other buyer of division 45 near its size.
    at = _run(BUYERS, buyer=DUNKERQUE, tab="comparaison")
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Trop peu d'acheteurs comparables (0) pour situer cet acheteur : il faut au moins 5 "
        "acheteurs du même secteur principal et d'un volume proche.".replace(" :", f"{NBSP}:")
    ]


def test_buyer_with_no_dated_contract_has_no_trend(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CAF Strasbourg's 4 contracts in the sample have no usable notification date."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, buyer="77886849700034")
    assert not at.exception
    assert [i.value for i in at.info][:2] == [
        f"Peu de contrats (4){NBSP}: une part calculée sur si peu de marchés change de plusieurs "
        f"dizaines de points avec un marché de plus{NBSP}; lisez-la avec prudence. Le classement et le "
        "nuage ci-dessous ne montrent que les acheteurs d'au moins 10 contrats (minimum réglable).",
        "Aucun contrat de cet acheteur sous les filtres actuels n'a de date de notification "
        f"utilisable{NBSP}: pas de tendance par année.",
    ]
    assert _metrics(at)[3] == ("Contrats", "4")


def test_buyer_under_a_year_filter_says_how_many_undated_contracts_it_leaves_out(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hôpital Nord-Ouest Villefranche: 127 of its 130 contracts in the sample are undated."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, buyer="26690025700046", year="2019")
    assert not at.exception
    assert _metrics(at)[3] == ("Contrats", "3")
    assert (
        "La période choisie laisse de côté les 127 contrats sans date de notification utilisable "
        f"(date absente, impossible ou future){NBSP}: ils n'ont pas d'année."
    ) in [c.value for c in at.caption]
    # No year filter: the tiles count them, the trend cannot, and its caption says so.
    at = _run(BUYERS, buyer="26690025700046")
    assert _metrics(at)[3] == ("Contrats", "130")
    assert (
        "Part PME (en nombre ou en montant selon le choix) de l'acheteur et de l'ensemble. 127 contrat(s) "
        "de l'acheteur sans date utilisable comptent dans les chiffres ci-dessus, pas dans cette "
        "tendance. Le tableau donne le nombre de contrats de chaque année."
    ) in [c.value for c in at.caption]


def test_buyer_top_suppliers_keep_their_half_contracts(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contract shared by two winners counts ½ for each: « 0,5 », not a rounded « 0 »."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, buyer="26690025700046", basis="amount", tab="fournisseurs")
    top = static_rows(at, 0)
    row = top[top["Titulaire"] == "ALPHA ENERGIE"]
    assert row[["Contrats", "Montant total"]].values.tolist() == [["0,5", f"2,8{NBSP}M€"]]


def test_ranking_with_no_buyer_at_the_minimum_says_so(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, year_from="2025")
    assert [i.value for i in at.info][-1] == (
        f"Aucun acheteur n'a au moins 10 contrats sous ces filtres{NBSP}: abaissez le minimum "
        "ci-dessus ou élargissez les filtres."
    )


def test_buyer_with_no_cpv_code_has_no_comparable_buyers(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample's CCPI BUDGET PRINCIPAL: 9 contracts, none with a CPV code."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(BUYERS, buyer="24290007400178", lang="en", tab="comparaison")
    assert not at.exception
    assert "None of this buyer's contracts has a CPV code: with no main sector, no comparable buyers." in [
        i.value for i in at.info
    ]


@pytest.mark.parametrize(
    ("lang", "label", "unknown"),
    [
        ("fr", "Les mots de cette page", "**Taille inconnue**"),
        ("en", "The words on this page", "**Size unknown**"),
    ],
)
def test_overview_explains_its_words(db_env: Path, lang: str, label: str, unknown: str) -> None:
    """PME, ETI, GE, unknown size, winner, framework, CPV, SIRET: said where a citizen reads them."""
    at = _run(APP, lang=lang)
    assert at.expander[0].label == label
    glossary = [m.value for m in at.expander[0].markdown]
    assert len(glossary) == 1
    assert glossary[0].count("\n- ") == 6  # seven entries
    assert unknown in glossary[0]


@pytest.mark.parametrize(("params", "item"), [({"cpv": "46"}, "cpv=46"), ({"group": "46"}, "group=46")])
def test_a_cpv_division_not_in_cpv_2008_is_named_and_dropped(
    db_env: Path, params: dict[str, str], item: str
) -> None:
    """The divisions come from the DB's `cpv` table (CPV 2008 has no division 46), not a list in
    the code."""
    at = _run(APP, **params)
    assert [w.value for w in at.warning] == [
        f"Lien partiellement lu{NBSP}: valeurs ignorées{NBSP}: `{item}`."
    ]
    assert dict(at.query_params) == {}
    assert _metrics(at)[0] == ("Contrats", "186")


def test_a_long_junk_link_makes_a_short_warning(db_env: Path) -> None:
    """Issue 17, finding 6: 300 junk parameters made a warning listing all of them (a phone page
    17,584 px tall before any chart). Five are named, then how many others."""
    junk = {f"junk{i}": "x" for i in range(300)}
    at = open_page("", **junk, year_from="abc")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        f"Lien partiellement lu{NBSP}: valeurs ignorées{NBSP}: `junk0=x`, `junk1=x`, `junk2=x`, "
        f"`junk3=x`, `junk4=x` et 296 autres."
    ]
    english = open_page("", **junk, lang="en")
    assert [w.value for w in english.warning] == [
        "Link partly read: ignored values: `junk0=x`, `junk1=x`, `junk2=x`, `junk3=x`, `junk4=x` and 295 more."
    ]


def test_a_one_country_database_has_no_country_filter(db_env: Path) -> None:
    """Issue 16: the country filter appears only when the database holds several countries. The
    sample is French only: no « Pays » select, a link naming France is read as no filter (the
    aggregates still serve it), and another country is named and dropped."""
    at = open_page("", country="fr")
    assert not at.exception
    assert not at.warning
    assert "f_country" not in [s.key for s in at.selectbox]
    assert dict(at.query_params) == {}
    assert not [c.value for c in at.main.caption if c.value.startswith("Filtres")]
    assert "Par pays" not in [h.value for h in at.main.header]
    gb = open_page("", country="GB")
    assert [w.value for w in gb.warning] == [
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `country=GB`."
    ]
