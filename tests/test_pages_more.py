"""AppTest for Titulaires, Données and Méthode et qualité against the fixture DB: exact values,
hostile links, no DB, empty filters and English.

Expected figures were computed once from the raw `contracts` / `awards` tables of the fixture DB
(not from the app tables the pages read), e.g. top supplier by amount:
`select coalesce(supplier_siren, supplier_id), sum(amount_share) from awards ... group by 1`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, open_page, static_rows, static_tables
from tests.apptest import PAGES as PAGE_FILES

SUPPLIERS, DATA, METHOD = "titulaires", "donnees", "methode"
NBSP = "\u00a0"


@pytest.fixture
def db_env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCUREMENT_DB", str(fixture_db))
    return fixture_db


def _run(path: str, **params: str) -> AppTest:
    at = open_page(path, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _static(at: AppTest, index: int, n: int = 3) -> list[list[object]]:
    return static_rows(at, index).head(n).to_numpy().tolist()


@pytest.mark.parametrize("page", [SUPPLIERS, DATA, METHOD])
def test_every_page_opens_from_app(db_env: Path, page: str) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(PAGE_FILES[page])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == {SUPPLIERS: "Titulaires", DATA: "Données", METHOD: "Méthode et qualité"}[page]


# Titulaires


def test_suppliers_top_tables(db_env: Path) -> None:
    at = _run(SUPPLIERS)
    assert [s.value for s in at.subheader] == [
        "Premiers titulaires par montant",
        "Premiers titulaires par nombre de contrats",
    ]
    # The name, the figure each list is ranked by and the size (all three visible on a phone), in
    # static tables: two lists in a set order, with no data grid to load; the names wrap.
    assert not at.dataframe
    assert all('<th scope="col" class="wrap">Titulaire</th>' in table for table in static_tables(at))
    assert list(static_rows(at, 0).columns) == [
        "Titulaire",
        "Montant",
        "Taille",
        "Contrats",
        "SIREN / id",
    ]
    assert list(static_rows(at, 1).columns) == [
        "Titulaire",
        "Contrats",
        "Taille",
        "Montant",
        "SIREN / id",
    ]
    assert _static(at, 0) == [
        ["–", f"20,2{NBSP}M€", "Taille inconnue", "3", "1"],
        ["MAITRE CUBE", f"18,0{NBSP}M€", "Taille inconnue", "1", "810460808"],
        ["APPLE RETAIL FRANCE", f"10,4{NBSP}M€", "Taille inconnue", "1,5", "FR21483209383"],
    ]
    assert _static(at, 1) == [
        ["ECOPLAF", "6", "PME", f"1,1{NBSP}M€", "502777188"],
        ["GROUPAMA", "4", "Grande entreprise", f"19,0{NBSP}k€", "383853801"],
        ["–", "3", "Taille inconnue", f"20,2{NBSP}M€", "1"],
    ]


def test_supplier_profile_from_the_url(db_env: Path) -> None:
    at = _run(SUPPLIERS, supplier="502777188")
    assert at.header[0].value == "ECOPLAF"
    assert [(m.label, m.value) for m in at.metric] == [
        ("Taille", "PME"),
        ("Contrats", "6"),
        ("Montant total", f"1,1{NBSP}M€"),
    ]
    assert _static(at, 0) == [["VILLE DE DUNKERQUE - PRINCIPAL (20002715900017)", "6", f"1,1{NBSP}M€"]]
    assert _static(at, 1) == [["45 Travaux de construction", "6", f"1,1{NBSP}M€"]]
    assert _static(at, 2) == [["2018", "1", f"61,4{NBSP}k€"], ["2019", "5", f"1,0{NBSP}M€"]]
    assert at.selectbox(key="s_supplier").value == "502777188"


def test_supplier_search_then_pick_writes_the_url(db_env: Path) -> None:
    at = _run(SUPPLIERS)
    at.text_input(key="s_supplier_q").input("ecopl").run()
    assert f"1 titulaire(s) trouvé(s){NBSP}: choisissez-le dans la liste «{NBSP}Titulaire{NBSP}»." in [
        c.value for c in at.caption
    ]
    assert at.selectbox(key="s_supplier").options[:2] == ["— choisir un titulaire —", "ECOPLAF (502777188)"]
    at.selectbox(key="s_supplier").select("502777188").run()
    assert not at.exception
    assert at.query_params["supplier"] == "502777188"
    assert at.header[0].value == "ECOPLAF"


def test_suppliers_hostile_link_warns(db_env: Path) -> None:
    at = _run(SUPPLIERS, supplier="'; DROP TABLE awards;--", year="abc")
    assert [w.value for w in at.warning] == [
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `supplier='; DROP TABLE awards;--`, `year=abc`."
    ]
    assert at.subheader[0].value == "Premiers titulaires par montant"


def test_suppliers_unknown_siren_warns(db_env: Path) -> None:
    at = _run(SUPPLIERS, supplier="999999999")
    assert [w.value for w in at.warning] == [
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `supplier=999999999`."
    ]


def test_suppliers_empty_filters(db_env: Path) -> None:
    at = _run(SUPPLIERS, cpv="03")
    assert [i.value for i in at.info] == [
        "Aucun contrat ne correspond à ces filtres. Élargissez la période, retirez un filtre ou "
        "cliquez sur «\u00a0Réinitialiser les filtres\u00a0» en bas de la barre latérale."
    ]


def test_suppliers_in_english(db_env: Path) -> None:
    at = _run(SUPPLIERS, lang="en", supplier="502777188")
    assert at.title[0].value == "Suppliers"
    assert [s.value for s in at.subheader] == [
        "Its buyers",
        "Its sectors",
        "Its years",
        "Incumbencies",
        "Top suppliers by amount",
        "Top suppliers by number of contracts",
    ]
    assert [(m.label, m.value) for m in at.metric] == [
        ("Size", "SME"),
        ("Contracts", "6"),
        ("Total amount", "€1.1M"),
    ]
    assert _static(at, 1) == [["45 Construction work", "6", "€1.1M"]]


# Données


def test_data_rows_and_downloads(db_env: Path) -> None:
    at = _run(DATA, year="2019")
    assert [s.value for s in at.subheader] == ["37 lignes · 29 contrats"]
    frame = static_rows(at)
    assert frame.shape == (37, 16)
    assert frame.iloc[0].tolist() == [
        "2019-01-01",
        "VILLE DE DUNKERQUE - PRINCIPAL",
        "ILTR",
        "PME",
        f"200{NBSP}000{NBSP}€",
        f"200{NBSP}000{NBSP}€",
        "valide",
        "72268000",
        "Services de fourniture de logiciels",
        "1",
        "Marché négocié sans publicité ni mise en concurrence préalable",
        "Non",
        "MIGRATION  SOLUTION DIBTIC DE PANTERGA",
        "20002715900017",
        "44135477600037",
        "200027159000172018A30500",
    ]
    assert [b.label for b in at.get("download_button")] == [
        "CSV (UTF-8)",
        "CSV pour Excel",
        "Excel (XLSX)",
        "Parquet",
    ]
    assert static_rows(at, 0).iloc[0].tolist() == [
        "contract_uid",
        "identifiant (texte)",
        "Identifiant unique du marché (SIRET de l'acheteur + identifiant publié)",
    ]


def test_data_column_dictionary_waits_for_its_switch(db_env: Path) -> None:
    """Issue 17, finding 10: the column dictionary, sent with every run inside a closed expander,
    is drawn once its switch is on."""
    closed = open_page(DATA, tables=False)
    assert len(static_tables(closed)) == 1  # the rows alone
    switch = next(t for t in closed.toggle if t.label == "Dictionnaire des colonnes")
    assert switch.value is False
    opened = switch.set_value(True).run()
    dictionary = static_rows(opened, 0)
    assert list(dictionary.columns) == ["Colonne", "Type", "Description"]
    assert dictionary.iloc[0, 0] == "contract_uid"
    assert len(dictionary) == 43


def test_data_amounts_add_up_to_the_tile(db_env: Path) -> None:
    """Issue 17, finding 1: « Montant (€) » repeated the whole contract amount on each co-winner's
    row, so its sum (10.69 bn € in the sample) was twice the tile's. Both are shown now, named
    plainly, and the total of the shares under the table is the overview's amount tile."""
    at = _run(DATA, year="2018")
    rows = static_rows(at)
    pair = rows[rows["Marché"] == "200030708000162018MAPA062/0400"]
    assert pair[["Titulaire", "Montant du contrat", "Part attribuée à ce titulaire"]].values.tolist() == [
        ["LAMBINET OLIVIER", f"42{NBSP}776{NBSP}€", f"21{NBSP}388{NBSP}€"],
        ["ETS LABART & CIE", f"42{NBSP}776{NBSP}€", f"21{NBSP}388{NBSP}€"],
    ]
    overview = _run("", year="2018")
    tile = dict((m.label, m.value) for m in overview.metric)["Montant total"]
    total = next(c.value for c in at.caption if c.value.startswith("Total des parts"))
    assert total.startswith(f"Total des parts attribuées, sur toutes les lignes filtrées{NBSP}: ")
    assert f"({tile})" in total
    everything = next(c.value for c in _run(DATA).caption if c.value.startswith("Total des parts"))
    assert f"93{NBSP}473{NBSP}963{NBSP}€ (93,5{NBSP}M€)" in everything


def test_data_pages_through_the_rows(db_env: Path) -> None:
    at = _run(DATA)
    assert at.subheader[0].value == "212 lignes · 186 contrats"
    assert at.caption[1].value == "Lignes 1 à 100 sur 212."
    at.number_input(key="d_page").set_value(3).run()
    assert at.caption[1].value == "Lignes 201 à 212 sur 212."
    assert static_rows(at).shape == (12, 16)
    # The page is in the link, and the link shows it; a filter change goes back to page 1.
    assert at.query_params["page"] == "3"
    shared = _run(DATA, page="3")
    assert shared.caption[1].value == "Lignes 201 à 212 sur 212."
    assert static_rows(shared).equals(static_rows(at))
    at.checkbox(key="f_framework").uncheck().run()
    assert "page" not in at.query_params
    assert at.number_input(key="d_page").value == 1


def test_data_sorts_every_filtered_row(db_env: Path) -> None:
    """Issue 17, finding 10: the rows are a static table (a data grid redrew 0.2 s late), and its
    order is chosen above it, over every filtered row: a click on a grid's header sorted only the
    100 rows of the page shown. The order is in the link; a new order goes back to page 1."""
    at = _run(DATA, page="2")
    order = at.radio(key="v_sort")
    assert order.label == "Trier les lignes par"
    assert order.options == [
        "SIRET de l'acheteur, année, marché",
        "Part attribuée, la plus grande d'abord",
        "Montant du contrat, le plus grand d'abord",
        "Année, la plus récente d'abord",
    ]
    order.set_value("share").run()
    assert dict(at.query_params) == {"sort": "share"}
    assert at.caption[1].value == "Lignes 1 à 100 sur 212."
    rows = static_rows(at)
    assert rows[["Titulaire", "Montant du contrat", "Part attribuée à ce titulaire"]].head(
        3
    ).values.tolist() == [
        ["–", f"20{NBSP}000{NBSP}000{NBSP}€", f"20{NBSP}000{NBSP}000{NBSP}€"],
        ["MAITRE CUBE", f"18{NBSP}000{NBSP}000{NBSP}€", f"18{NBSP}000{NBSP}000{NBSP}€"],
        ["APPLE RETAIL FRANCE", f"9{NBSP}876{NBSP}543{NBSP}€", f"9{NBSP}876{NBSP}543{NBSP}€"],
    ]
    # The link reopens that order; its last page ends with the two aberrant amounts, not counted.
    last = _run(DATA, sort="share", page="3")
    assert last.radio(key="v_sort").value == "share"
    assert static_rows(last)[["Part attribuée à ce titulaire", "Statut du montant"]].tail(
        2
    ).values.tolist() == [
        ["–", "aberrant"],
        ["–", "aberrant"],
    ]


@pytest.mark.parametrize(
    ("page", "shown"), [("9", "Lignes 201 à 212 sur 212."), ("2", "Lignes 101 à 200 sur 212.")]
)
def test_data_linked_page_past_the_last_shows_the_last(db_env: Path, page: str, shown: str) -> None:
    at = _run(DATA, page=page)
    assert not at.warning
    assert at.caption[1].value == shown


def test_data_too_large_for_csv_offers_parquet(db_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import exports

    monkeypatch.setitem(exports.BROWSER_MAX_ROWS, "xlsx", 36)
    at = _run(DATA, year="2019")
    assert [b.label for b in at.get("download_button")] == [
        "CSV (UTF-8)",
        "CSV pour Excel",
        "Parquet",
    ]
    assert [w.value for w in at.warning] == [
        "Excel (XLSX)\u00a0: trop de lignes pour un téléchargement depuis le navigateur (au-delà de 36). "
        "Téléchargez le Parquet (lisible par Excel via Power Query, Python, R, DuckDB) "
        "ou affinez les filtres."
    ]


def test_data_hostile_link_warns(db_env: Path) -> None:
    at = _run(DATA, buyer="<script>alert(1)</script>", procedure="x' OR 1=1 --")
    assert [w.value for w in at.warning] == [
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: "
        "`buyer=?script?alert(1)?/script?`, `procedure=x' OR 1=1 --`."
    ]
    assert at.subheader[0].value == "212 lignes · 186 contrats"


def test_data_empty_filters(db_env: Path) -> None:
    at = _run(DATA, cpv="03")
    assert [i.value for i in at.info] == [
        "Aucun contrat ne correspond à ces filtres. Élargissez la période, retirez un filtre ou "
        "cliquez sur «\u00a0Réinitialiser les filtres\u00a0» en bas de la barre latérale."
    ]
    assert not at.get("download_button")


def test_data_in_english(db_env: Path) -> None:
    at = _run(DATA, lang="en", buyer="20002715900017")
    assert at.title[0].value == "Data"
    assert at.subheader[0].value == "24 rows · 20 contracts"
    first = static_rows(at).iloc[0]
    assert first["CPV label"] == "Software package and information systems"
    assert first[["Contract amount", "Share awarded to this winner"]].tolist() == ["€48,000", "€48,000"]
    assert list(static_rows(at, 0).columns) == ["Column", "Type", "Meaning"]


def test_data_under_a_year_filter_says_how_many_undated_contracts_it_leaves_out(db_env: Path) -> None:
    at = _run(DATA, lang="en", year_to="2019")
    assert not at.exception
    assert at.subheader[0].value == "108 rows · 91 contracts"  # 2018 and 2019: 62 + 29 contracts
    assert static_rows(at)["Amount status"].value_counts().to_dict() == {"valid": 98, "aberrant": 2}
    assert [c.value for c in at.caption if "no usable notification date" in c.value] == [
        "The chosen years leave out the 42 contracts with no usable notification date (missing, "
        "impossible or in the future): they have no year."
    ]


def test_data_undated_note_counts_the_supplier_s_contracts_only(db_env: Path) -> None:
    """Supplier 444523526 has one dated contract up to 2019 and one undated: the note says 1, not
    the 42 undated contracts of all suppliers."""
    at = _run(DATA, supplier="444523526", year_to="2019")
    assert not at.exception
    assert [c.value for c in at.caption if "sans date de notification" in c.value] == [
        "La période choisie laisse de côté 1 contrat sans date de notification utilisable (date "
        f"absente, impossible ou future){NBSP}: il n'a pas d'année."
    ]


# Méthode et qualité


def test_method_page_figures(db_env: Path) -> None:
    method = _run(METHOD)
    assert [tab.label for tab in method.tabs] == ["Méthode", "Sources et qualité"]
    assert "décret n° 2008-1354" in method.markdown[0].value
    assert "12311111111" in method.markdown[0].value
    assert not static_tables(method)  # the tables are in the other tab, drawn once it is open
    assert method.caption[0].value == (
        f"Les tableaux que ce texte cite («{NBSP}plus bas{NBSP}», «{NBSP}ci-dessous{NBSP}») sont dans "
        f"l'onglet «{NBSP}Sources et qualité{NBSP}»."
    )
    at = _run(METHOD, tab="qualite")
    # Static tables, each named for screen readers by its heading: the tab loads no data grid.
    assert not at.dataframe
    assert [re.search(r'aria-label="([^"]*)"', table).group(1) for table in static_tables(at)] == [  # type: ignore[union-attr]
        "Sources",
        "Couverture de la taille des entreprises",
        "Enregistrements rejetés",
        "Valeurs corrigées ou écartées (la valeur brute reste ici)",
        "Marchés signalés",
        f"Montants{NBSP}: notre statut et le signalement de decp.info",
        "Colonnes que la source peut ne pas donner",
        "Champs publiés, par source et par année",
        "Taille connue, par année",
        f"Par source{NBSP}: rejets, doublons, dernière notification",
        "Montants aberrants",
        "Familles de procédure",
    ]
    assert [h.value for h in at.main.header][:4] == [
        "Sources",
        "Couverture de la taille des entreprises",
        "Enregistrements rejetés",
        "Marchés signalés",
    ]
    assert at.markdown[0].value.endswith(
        "213 enregistrements lus, 186 contrats chargés, 20 doublons écartés, 2 enregistrements rejetés, "
        "3 concessions écartées (hors champ)."
    )
    sources = static_rows(at, 0)
    assert sources[
        ["Source", "Format", "Licence", "sha256", "Lus", "Doublons écartés"]
    ].to_numpy().tolist() == [
        [
            "decp_tabular_2024H2_dep75_2A_16",
            "decp-tabular-csv",
            "Licence Ouverte / Open Licence 2.0 (Etalab)",
            "986a6e2f3a6804746c54c0d3f56bae0814e2ea26efc564fa87abee683a81add5",
            "75",
            "18",
        ],
        [
            "fixture_decp2019_138",
            "decp-2019",
            "Licence Ouverte / Open Licence 2.0 (Etalab)",
            "b1b9dd6eb3683d7b40ac378f41ba20b57b4d8632f331a6c03d53fa3277118db7",
            "138",
            "2",
        ],
        [
            "sirene_unites_legales_categorie",
            "sirene-csv",
            "Licence Ouverte / Open Licence 2.0 (INSEE, base Sirene)",
            "b01f558e6e45627157e275be2ec83c07fb011d3b6418235a450ebba683519513",
            f"30{NBSP}560",
            "0",
        ],
    ]
    assert [(m.label, m.value) for m in at.metric] == [("Taille connue", f"65{NBSP}%")]
    # The basis and its share first: both in view on a phone (issue 17, finding 7).
    assert _static(at, 1, 4) == [
        ["Aucune", f"34,7{NBSP}%", "Taille inconnue", "64,5", "73"],
        ["SIRENE (INSEE)", f"11,8{NBSP}%", "ETI", "21,9", "27"],
        ["SIRENE (INSEE)", f"12,9{NBSP}%", "Grande entreprise", "24", "25"],
        ["SIRENE (INSEE)", f"40,6{NBSP}%", "PME", "75,6", "87"],
    ]
    assert _static(at, 2) == [
        ["aucun titulaire identifié", "2", "decp_tabular_2024H2_dep75_2A_16", "440909562000332024T12406"]
    ]
    # Issue 17, finding 2: « 0 € », not the browser locale's « €0.00 ».
    assert static_rows(at, -2)[["Marché", "Montant publié"]].to_numpy().tolist() == [
        ["200066884000122018S-REPASCRE", f"0{NBSP}€"],
        ["200066884000122018S-REPASCRE01", f"0{NBSP}€"],
    ]


def test_method_page_counts_flags_publisher_amount_flags_and_published_columns(db_env: Path) -> None:
    """Issue 12: the count of suspect uids, our amount status against decp.info's montant_anomalie,
    and how many contracts publish each column a source may leave out (never guessed)."""
    at = _run(METHOD, tab="qualite")
    assert [s.value for s in at.subheader] == [
        "Valeurs corrigées ou écartées (la valeur brute reste ici)",
        f"Montants{NBSP}: notre statut et le signalement de decp.info",
        "Colonnes que la source peut ne pas donner",
        "Champs publiés, par source et par année",
        "Taille connue, par année",
        f"Par source{NBSP}: rejets, doublons, dernière notification",
    ]
    assert _static(at, 4) == [
        ["Plusieurs marchés sous un identifiant (merged_uid)", "2"],
        ["Code CPV réparé (cpv_repaired)", "0"],
        ["Titulaire sans identifiant (winner_id_placeholder)", "0"],
    ]
    assert list(static_rows(at, 5).columns) == [
        "Statut du montant (Observatoire)",
        "Sans signalement decp.info",
        f"«{NBSP}suspect{NBSP}»",
        f"«{NBSP}aberrant{NBSP}»",
        "Autre valeur",
    ]
    assert _static(at, 5) == [["valide", "184", "0", "0", "0"], ["aberrant", "2", "0", "0", "0"]]
    published = _static(at, 6, 20)
    # The share beside the column's name: both stay in view on a phone (issue 17, finding 7).
    assert [row for row in published if row[2] != "0"] == [
        ["buyer_department", f"91,9{NBSP}%", "171", "186"],
        ["buyer_region", f"28,5{NBSP}%", "53", "186"],
        ["supplier_department", f"24,5{NBSP}%", "52", "212"],
        ["supplier_region", f"24,5{NBSP}%", "52", "212"],
    ]
    assert len(published) == 17
    english = _run(METHOD, lang="en", tab="qualite")
    assert _static(english, 4)[0] == ["Several contracts, one id (merged_uid)", "2"]
    assert list(static_rows(english, 6).columns) == ["Column", "Share", "Published for", "Out of"]


@pytest.mark.parametrize(
    ("lang", "heading", "columns", "undated_row", "download"),
    [
        (
            "fr",
            "Rapport de qualité",
            ["Source", "Année", "Contrats", "Montant", "CPV", "Date", "SIRET", "Offres", "Procédure",
             "Taille connue"],
            ["data.gouv.fr_aife", "Sans date", "42", f"100,0{NBSP}%", f"100,0{NBSP}%", f"0,0{NBSP}%", f"97,6{NBSP}%",
             f"0,0{NBSP}%", f"100,0{NBSP}%", f"68,7{NBSP}%"],
            "Télécharger (CSV)",
        ),
        (
            "en",
            "Quality report",
            ["Source", "Year", "Contracts", "Amount", "CPV", "Date", "SIRET", "Bids", "Procedure",
             "Size known"],
            ["data.gouv.fr_aife", "No date", "42", "100.0%", "100.0%", "0.0%", "97.6%", "0.0%", "100.0%", "68.7%"],
            "Download (CSV)",
        ),
    ],
)  # fmt: skip
def test_method_quality_report(
    db_env: Path, lang: str, heading: str, columns: list[str], undated_row: list[str], download: str
) -> None:
    """Issue 14: fields published by source and year, size known by year, and what each source lost,
    whole DB, each table with its CSV download."""
    at = _run(METHOD, tab="qualite", **({"lang": lang} if lang == "en" else {}))
    assert heading in [h.value for h in at.header]
    completeness = static_rows(at, 7)
    assert list(completeness.columns) == columns
    assert completeness.iloc[1].tolist() == undated_row
    by_year = _static(at, 8, 4)
    assert by_year[2] == ["2024", f"52,8{NBSP}%" if lang == "fr" else "52.8%", "53", "28"]
    assert by_year[3][:3] == [undated_row[1], f"68,7{NBSP}%" if lang == "fr" else "68.7%", "42"]
    assert _static(at, 9, 4)[2] == [
        "decp_tabular_2024H2_dep75_2A_16",
        "53",
        "2",
        "18",
        "2024-07-03",
        "2024-12-26",
    ]
    buttons = at.get("download_button")
    assert [b.label for b in buttons] == [download] * 3
    assert [b.proto.help for b in buttons] == [
        f"observatoire-pme_{name}_donnees-au-2024-12-26.csv"
        for name in ("qualite-champs", "qualite-taille-par-annee", "qualite-par-source")
    ]


def test_method_hostile_link_warns(db_env: Path) -> None:
    at = _run(METHOD, year_from="1' OR '1'='1", cpv="99")
    assert [w.value for w in at.warning] == [
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `year_from=1' OR '1'='1`, `cpv=99`."
    ]


def test_method_empty_filters_lists_no_aberrant_amount(db_env: Path) -> None:
    at = _run(METHOD, cpv="03", tab="qualite")
    assert at.markdown[-1].value == (
        "0 contrats au montant aberrant sous les filtres actuels (au plus 200 listés), "
        "du plus grand au plus petit."
    )


def test_method_in_english(db_env: Path) -> None:
    at = _run(METHOD, lang="en")
    assert at.title[0].value == "Method and quality"
    assert [tab.label for tab in at.tabs] == ["Method", "Sources and quality"]
    assert "decree no. 2008-1354" in at.markdown[0].value
    at = _run(METHOD, lang="en", tab="qualite")
    assert [(m.label, m.value) for m in at.metric] == [("Size known", "65%")]
    assert list(static_rows(at, 0).columns)[:6] == [
        "Source",
        "Description",
        "File",
        "Format",
        "Licence",
        "Published (else file date)",
    ]


# No database


@pytest.mark.parametrize("page", [SUPPLIERS, DATA, METHOD])
def test_no_database_explains_the_build(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "absent.duckdb"
    monkeypatch.setenv("PROCUREMENT_DB", str(missing))
    at = _run(page)
    assert [e.value for e in at.error] == [
        f"La base de données est introuvable ({missing}). Construisez-la avec `make run` "
        f"(ou `python -m etl build --db {missing}`), puis rechargez la page."
    ]


def test_data_for_one_supplier_says_so_and_can_drop_it(db_env: Path) -> None:
    at = _run(DATA, supplier="502777188")
    assert [i.value for i in at.info] == [
        "Lignes du seul titulaire ECOPLAF (502777188), choisi sur la page Titulaires."
    ]
    assert at.subheader[0].value == "6 lignes · 6 contrats"
    at.button(key="d_supplier_clear").click().run()
    assert not at.exception
    assert at.subheader[0].value == "212 lignes · 186 contrats"
    assert "supplier" not in at.query_params


@pytest.mark.parametrize(
    ("filters", "order", "expected"),
    [
        # unfiltered: read from the `suppliers` table
        (
            {},
            "amount",
            [("1", 3.0, 20200000.0), ("810460808", 1.0, 18000000.0), ("FR21483209383", 1.5, 10370370.37)],
        ),
        ({}, "count", [("502777188", 6.0, 1102544.38), ("383853801", 4.0, 18995.44), ("1", 3.0, 20200000.0)]),
        # filtered: summed from fact_awards
        ({"year_from": 2019, "year_to": 2019}, "count", [("502777188", 5.0, 1041151.7)]),
    ],
)
def test_totals_by_supplier_match_the_raw_awards(
    fixture_db: Path, filters: dict[str, object], order: str, expected: list[tuple[str, float, float]]
) -> None:
    """Both routes of the Titulaires top lists give what `awards` x `contracts` give."""
    from dashboard import queries
    from dashboard.filters import Filters

    frame = queries.totals_by_supplier(fixture_db, Filters(**filters), order, len(expected))  # type: ignore[arg-type]
    got = [
        (k, round(c, 6), round(a, 2))
        for k, c, a in frame[["supplier_key", "contracts", "amount_total"]].itertuples(index=False)
    ]
    assert got == expected


PAGES = {
    "overview": "",
    "buyers": "acheteurs",
    "sectors": "secteurs",
    "suppliers": SUPPLIERS,
    "data": DATA,
    "method": METHOD,
}
GROUP_NOT_APPLIED = (
    f"Le code CPV 452 ouvert sur la page Secteurs ne filtre que cette page-là{NBSP}: "
    "les chiffres ci-dessous suivent les filtres de la barre latérale."
)
SUPPLIER_NOT_APPLIED = (
    "Le titulaire ECOPLAF (502777188) choisi sur la page Titulaires ne filtre que les pages "
    f"Titulaires et Données{NBSP}: les chiffres ci-dessous portent sur tous les titulaires."
)


@pytest.mark.parametrize(
    ("page", "notes"),
    [
        ("overview", [GROUP_NOT_APPLIED, SUPPLIER_NOT_APPLIED]),
        ("buyers", [GROUP_NOT_APPLIED, SUPPLIER_NOT_APPLIED]),
        ("sectors", [SUPPLIER_NOT_APPLIED]),
        ("suppliers", [GROUP_NOT_APPLIED]),
        ("data", [GROUP_NOT_APPLIED]),
        ("method", [GROUP_NOT_APPLIED, SUPPLIER_NOT_APPLIED]),
    ],
)
def test_a_page_says_which_linked_page_filters_it_does_not_follow(
    db_env: Path, page: str, notes: list[str]
) -> None:
    """`group` (Secteurs) and `supplier` (Titulaires, Données) stay in the URL from page to page;
    a page that does not follow one says so instead of showing unfiltered figures silently."""
    at = _run(PAGES[page], group="452", supplier="502777188")
    assert [i.value for i in at.info if "ne filtre que" in i.value] == notes
    assert at.query_params["group"] == "452"
    assert at.query_params["supplier"] == "502777188"


def test_the_line_under_the_title_names_the_active_filters(db_env: Path) -> None:
    """The sidebar is folded away on a phone: the page itself says what it is filtered by."""
    params = {
        "year_from": "2018",  # the fixture's first year: no bound
        "year_to": "2019",
        "cpv": "45",
        "type": "works",
        "procedure": "Appel d'offres ouvert",
        "framework": "0",
        "aberrant": "1",
        "basis": "amount",
        "supplier": "502777188",
    }
    data = _run(DATA, **params)
    assert data.caption[0].value == (
        f"Filtres{NBSP}: jusqu'à 2019 · 45 Travaux de construction · Travaux · Appel d'offres ouvert · "
        "sans accords-cadres · montants aberrants inclus · en montants · titulaire ECOPLAF (502777188)"
    )
    # The overview does not follow the supplier: it is not listed (a notice says so instead).
    overview = _run(PAGES["overview"], **params, lang="en")
    assert overview.caption[0].value == (
        "Filters: up to 2019 · 45 Construction work · Works · Appel d'offres ouvert · "
        "no framework agreements · aberrant amounts included · by amount"
    )
    assert _run(PAGES["buyers"], year="2019", buyer="20002715900017").caption[0].value == (
        f"Filtres{NBSP}: 2019 · VILLE DE DUNKERQUE - PRINCIPAL (20002715900017)"
    )
    assert not [c.value for c in _run(PAGES["overview"]).caption if c.value.startswith("Filtres")]


def test_published_names_are_shown_as_plain_text(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """INSEE spells a sole trader « NOM*PRÉNOM/ »: the `*` is escaped, never markdown emphasis."""
    monkeypatch.setenv("PROCUREMENT_DB", str(sample_db))
    at = _run(SUPPLIERS, supplier="402114615")
    assert at.header[0].value == "ECUER\\*MURIEL/"
    assert at.caption[0].value == f"Filtres{NBSP}: titulaire ECUER\\*MURIEL/ (402114615)"


def test_english_pages_name_the_shipped_sources_in_english(db_env: Path) -> None:
    """Issue 17, finding 8: the footer and Méthode's sources table stayed French on English pages."""
    at = _run(METHOD, lang="en", tab="qualite")
    footer = next(c.value for c in at.caption if c.value.startswith("Source"))
    assert "INSEE Sirene, company category of the DECP winners (2022 stock)" in footer
    assert "catégorie" not in footer
    sources = static_rows(at, 0)
    assert (
        sources["Description"].tolist()[-1]
        == "INSEE Sirene, company category of the DECP winners (2022 stock)"
    )
    french = _run(METHOD, tab="qualite")
    assert static_rows(french, 0)["Description"].tolist()[-1] == (
        "INSEE Sirene, catégorie d'entreprise des titulaires DECP (stock 2022)"
    )


def test_data_can_leave_out_or_keep_only_the_merged_uids(db_env: Path) -> None:
    """Issue 12: Données has a control for the uids that merge several contracts (Method §13),
    written to the URL; the rows, the count and the file names follow it."""
    at = _run(DATA)
    assert at.radio(key="d_merged").value == "all"
    at.radio(key="d_merged").set_value("only").run()
    assert at.query_params["merged_uid"] == "1"
    assert at.subheader[0].value == "2 lignes · 2 contrats"
    at.radio(key="d_merged").set_value("out").run()
    assert at.query_params["merged_uid"] == "0"
    assert at.subheader[0].value == "210 lignes · 184 contrats"
    shared = _run(DATA, merged_uid="0")
    assert shared.radio(key="d_merged").value == "out"
    assert shared.subheader[0].value == "210 lignes · 184 contrats"
    at.radio(key="d_merged").set_value("all").run()
    assert "merged_uid" not in at.query_params
