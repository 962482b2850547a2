"""What AppTest cannot see: cold deep links, a real download compared byte for byte, the language
switch and a 390 px wide phone, in Debian's chromium against a real `streamlit run`."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

pytestmark = pytest.mark.e2e

# DESIGN.md « Pages and links »: each path and its title in French and in English.
TITLES = {
    "": ("Observatoire PME", "SME Observatory"),
    "acheteurs": ("Acheteurs", "Buyers"),
    "secteurs": ("Secteurs", "Sectors"),
    "concurrence": ("Concurrence", "Competition"),
    "titulaires": ("Titulaires", "Suppliers"),
    "territoires": ("Territoires", "Territories"),
    "donnees": ("Données", "Data"),
    "methode": ("Méthode et qualité", "Method and quality"),
}
PAGES = tuple(TITLES)
# The paths of the old pages/ folder (1_Acheteurs.py ... 5_Méthode_et_qualité.py), in links
# shared before issue 11, and the page each opens.
OLD_PATHS = {
    "Acheteurs": "acheteurs",
    "Secteurs": "secteurs",
    "Titulaires": "titulaires",
    "Données": "donnees",
    "Méthode_et_qualité": "methode",
}
BUYER = "20002715900017"
BUYER_NAME = "VILLE DE DUNKERQUE - PRINCIPAL"


def _wait_rendered(page: object) -> None:
    """Until the script has run: a title is drawn and the "running" widget is gone."""
    page.wait_for_selector("h1", timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    page.wait_for_timeout(2000)  # type: ignore[attr-defined]


def _open(page: object, base: str, path: str, query: str = "") -> None:
    url = f"{base}/{quote(path)}" + (f"?{query}" if query else "")
    page.goto(url, wait_until="domcontentloaded")  # type: ignore[attr-defined]
    _wait_rendered(page)


def test_cold_deep_link_shows_the_buyer(app_url: str, page: object) -> None:
    _open(page, app_url, "acheteurs", f"buyer={BUYER}")
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert BUYER_NAME in body
    assert f"buyer={BUYER}" in page.url  # type: ignore[attr-defined]


def _h1(page: object) -> str:
    return page.locator("h1").first.inner_text()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cold_deep_link_to_every_path(app_url: str, page: object, path: str, lang: str) -> None:
    """Each DESIGN path opened cold with filters: its page, titled in the link's language (the
    heading, the browser tab and the navigation), the filters kept in the URL."""
    query = "year_from=2019&type=works" + ("&lang=en" if lang == "en" else "")
    _open(page, app_url, path, query)
    en = lang == "en"
    assert _h1(page) == TITLES[path][en]
    assert page.url == f"{app_url}/{path}?{query}"  # type: ignore[attr-defined]
    nav = [["Vue d'ensemble", "Overview"][en], *(TITLES[p][en] for p in PAGES[1:])]
    assert page.locator("[data-testid='stTopNavLink']").all_inner_texts() == nav  # type: ignore[attr-defined]
    assert page.title() == f"{nav[PAGES.index(path)]} · {TITLES[''][en]}"  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(("old", "path"), OLD_PATHS.items())
def test_an_old_link_opens_its_page_at_the_new_path(app_url: str, page: object, old: str, path: str) -> None:
    """A link shared before the pages had ASCII paths (« /Données?… », percent-encoded as a browser
    sends it) opens the same page and filters at the new path."""
    _open(page, app_url, old, f"buyer={BUYER}&year_from=2019")
    page.wait_for_url(f"{app_url}/{path}?buyer={BUYER}&year_from=2019")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert _h1(page) == TITLES[path][0]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


def test_filters_survive_a_switch_from_the_navigation(app_url: str, page: object) -> None:
    """The top navigation's links carry no query: the filters come back from the session."""
    _open(page, app_url, "", "cpv=45&lang=en")
    page.locator("[data-testid='stTopNavLink']", has_text="Sectors").click()  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Sectors'")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert page.url == f"{app_url}/secteurs?cpv=45&lang=en"  # type: ignore[attr-defined]
    assert "Filters: 45 Construction work" in page.inner_text("body")  # type: ignore[attr-defined]


def test_a_deep_link_as_a_fresh_server_s_first_request(
    browser: object, fixture_db: Path, tmp_path: Path
) -> None:
    """Regression: the first run of a server process, on a deep link, ran the page's file alone
    (Streamlit took the pages/ folder for an old-style app until a script called st.navigation)
    and showed a KeyError instead of the page."""
    from tests.e2e.conftest import streamlit_server

    with streamlit_server(fixture_db, tmp_path / "server.log") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        tab = context.new_page()
        try:
            _open(tab, url, "acheteurs", f"buyer={BUYER}")
            assert _h1(tab) == "Acheteurs"
            assert BUYER_NAME in tab.inner_text("body")
            assert tab.locator('[data-testid="stException"]').count() == 0
        finally:
            context.close()


def test_on_a_phone_the_pages_are_behind_a_labelled_button(app_url: str, phone_page: object) -> None:
    """At 390 px Streamlit moves the top navigation into the sidebar: its « » » button says so."""
    _open(phone_page, app_url, "secteurs", "lang=en")
    button = phone_page.locator("[data-testid='stExpandSidebarButton']")  # type: ignore[attr-defined]
    label = button.evaluate("e => getComputedStyle(e, '::after').content")
    assert label == '"Pages and filters"'
    button.click()
    links = phone_page.locator("[data-testid='stSidebarNavLink']")  # type: ignore[attr-defined]
    links.first.wait_for()
    assert links.all_inner_texts() == [
        "Overview",
        "Buyers",
        "Sectors",
        "Competition",
        "Suppliers",
        "Territories",
        "Data",
        "Method and quality",
    ]


def _number(value: object) -> str:
    """A number as the extract writes it: up to 15 significant digits, no exponent."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.15g}"


def _expected_csv(db: Path, year: int) -> str:
    """The year's award rows, from the raw tables (not fact_awards), written with the csv module."""
    sql = """
        SELECT
            c.contract_uid, c.notification_date, c.year, c.buyer_id, c.buyer_name, a.supplier_id,
            a.supplier_siren, a.supplier_name, a.size_class, c.cpv_code, cpv.label_fr,
            coalesce(c.contract_type, 'unknown'), c.nature, c.is_framework, c.procedure, c.amount,
            c.currency, c.amount_status, c.winners, a.weight, a.amount_share, c.object, c.amount_initial,
            c.modifications, c.framework_id, c.techniques, c.buyer_category, c.buyer_department,
            c.buyer_region, c.buyer_commune, c.country, a.supplier_department, a.supplier_region,
            a.supplier_distance_km, c.subcontracting_declared, c.innovative, c.social_clause,
            c.environmental_clause, c.grouping_type, c.ccag, c.origin_france, c.publisher_amount_flag,
            c.quality_flags
        FROM awards AS a
        JOIN contracts AS c USING (contract_uid)
        LEFT JOIN cpv ON cpv.code = c.cpv_code
        WHERE c.year = $year
        ORDER BY c.buyer_id, c.year, c.contract_uid, a.supplier_id, a.supplier_name
    """
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(sql, {"year": year}).fetchall()
        header = [
            "contract_uid", "notification_date", "year", "buyer_id", "buyer_name", "supplier_id",
            "supplier_siren", "supplier_name", "size_class", "cpv_code", "cpv_label", "contract_type",
            "nature", "is_framework", "procedure", "amount", "currency", "amount_status", "winners", "weight",
            "amount_share", "object", "amount_initial", "modifications", "framework_id", "techniques",
            "buyer_category", "buyer_department", "buyer_region", "buyer_commune", "country", "supplier_department",
            "supplier_region", "supplier_distance_km", "subcontracting_declared", "innovative",
            "social_clause", "environmental_clause", "grouping_type", "ccag", "origin_france",
            "publisher_amount_flag", "quality_flags",
        ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            elif index in (15, 19, 20, 22, 33, 40):
                cells.append(_number(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return out.getvalue()


def _download(page: object, button: str, folder: Path) -> Path:
    """Click a download button; the file, saved under the name the browser suggests."""
    with page.expect_download(timeout=60_000) as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name=button).click()  # type: ignore[attr-defined]
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _data_date(db: Path) -> str:
    """« Données au »: the latest notification date in the data (from contracts, not etl_runs)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return str(con.execute("SELECT max(notification_date) FROM contracts").fetchone()[0])  # type: ignore[index]


def test_csv_download_equals_the_filtered_rows(
    app_url: str, page: object, fixture_db: Path, tmp_path: Path
) -> None:
    _open(page, app_url, "donnees", "year_from=2019&year_to=2019")
    assert "37 lignes · 29 contrats" in page.inner_text("body")  # type: ignore[attr-defined]
    target = _download(page, "CSV (UTF-8)", tmp_path)
    assert target.name == f"observatoire-pme_2019_donnees-au-{_data_date(fixture_db)}.csv"
    assert target.read_bytes().decode("utf-8") == _expected_csv(fixture_db, 2019)


def test_english_switch_changes_the_labels(app_url: str, page: object) -> None:
    _open(page, app_url, "titulaires")
    assert page.locator("h1").first.inner_text() == "Titulaires"  # type: ignore[attr-defined]
    page.get_by_text("EN", exact=True).first.click()  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Suppliers'")  # type: ignore[attr-defined]
    _wait_rendered(page)
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Top suppliers by amount" in body
    assert "Premiers titulaires" not in body
    assert "lang=en" in page.url  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_phone_width_has_no_sideways_scroll(
    app_url: str, phone_page: object, artifacts: Path, path: str, lang: str
) -> None:
    query = "lang=en" if lang == "en" else ""
    if path == "titulaires":
        query = "&".join(filter(None, [query, "supplier=502777188"]))
    _open(phone_page, app_url, path, query)
    name = f"phone_{path or 'Accueil'}_{lang}.png"
    phone_page.screenshot(path=str(artifacts / name), full_page=True)  # type: ignore[attr-defined]
    widths = phone_page.evaluate(  # type: ignore[attr-defined]
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"{path or 'app'} ({lang}) scrolls sideways: {widths}"
    assert phone_page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES)
def test_desktop_pages_render_without_exception(
    app_url: str, page: object, artifacts: Path, path: str
) -> None:
    _open(page, app_url, path, "lang=en" if path in ("titulaires", "methode") else "")
    page.screenshot(path=str(artifacts / f"desktop_{path or 'Accueil'}.png"))  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES)
def test_a_linked_year_outside_the_data_shows_no_traceback(app_url: str, page: object, path: str) -> None:
    """One end of the period alone, after the data's last year: the slider reaches it (it used to
    raise StreamlitValueAboveMaxError on every page)."""
    _open(page, app_url, path, "year_from=2030")
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert "Traceback" not in page.inner_text("body")  # type: ignore[attr-defined]
    assert "year_from=2030" in page.url  # type: ignore[attr-defined]


def test_xlsx_download_has_numbers_and_dates(
    app_url: str, page: object, fixture_db: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _open(page, app_url, "donnees", "year_from=2019&year_to=2019&lang=en")
    target = _download(page, "Excel (XLSX)", tmp_path)
    assert target.name == f"observatoire-pme_2019_donnees-au-{_data_date(fixture_db)}.xlsx"
    sheet = load_workbook(target, read_only=True)["donnees"]
    rows = list(sheet.iter_rows(values_only=True))
    expected = list(csv.reader(io.StringIO(_expected_csv(fixture_db, 2019))))
    assert len(rows) == len(expected) == 38
    assert list(rows[0]) == expected[0]
    for got, want in zip(rows[1:], expected[1:], strict=True):
        assert got[0] == want[0]
        assert got[1] is None if want[1] == "" else got[1].date().isoformat() == want[1]  # type: ignore[union-attr]
        assert got[15] is None if want[15] == "" else got[15] == float(want[15])


def test_excel_csv_download_keeps_ids_as_text(
    app_url: str, page: object, fixture_db: Path, tmp_path: Path
) -> None:
    """« CSV pour Excel »: BOM, semicolons, and every identifier as ="…", the same ids as the CSV."""
    _open(page, app_url, "donnees", "year_from=2019&year_to=2019")
    target = _download(page, "CSV pour Excel", tmp_path)
    assert target.name == f"observatoire-pme_2019_excel_donnees-au-{_data_date(fixture_db)}.csv"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    expected = list(csv.reader(io.StringIO(_expected_csv(fixture_db, 2019))))
    assert rows[0] == expected[0]
    assert len(rows) == len(expected) == 38
    id_columns = (
        "contract_uid", "buyer_id", "supplier_id", "supplier_siren", "cpv_code", "framework_id",
        "buyer_department", "buyer_region", "buyer_commune", "supplier_department", "supplier_region",
    )  # fmt: skip
    ids = [expected[0].index(name) for name in id_columns]
    for got, want in zip(rows[1:], expected[1:], strict=True):
        for i in ids:
            assert got[i] == (f'="{want[i]}"' if want[i] else ""), (expected[0][i], got[i])


@pytest.mark.parametrize(
    ("query", "period"), [("year_from=2019", "depuis-2019"), ("year_to=2018", "jusqu-a-2018")]
)
def test_an_open_ended_period_is_named_in_words(
    app_url: str, page: object, fixture_db: Path, tmp_path: Path, query: str, period: str
) -> None:
    """Issue 17, finding 4: « depuis 2019 » was named `observatoire-pme_2019_…`, which reads as
    2019 only (the slug dropped the trailing « - »)."""
    _open(page, app_url, "donnees", query)
    target = _download(page, "Parquet", tmp_path)
    assert target.name == f"observatoire-pme_{period}_donnees-au-{_data_date(fixture_db)}.parquet"


def test_on_a_phone_sector_names_wrap_on_two_lines(app_url: str, phone_page: object) -> None:
    """Issue 17, finding 7: sector names were cut to about 20 characters at 390 px; they wrap on
    two lines (the second cut with « … » only past the chart's label width)."""
    _open(phone_page, app_url, "secteurs")
    lines = phone_page.evaluate(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg g.role-axis-label text')]"
        ".map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent))"
        ".filter(l => l.length > 1)"
    )
    assert lines, "no name drawn on two lines"
    assert all(len(first) <= 26 and not first.endswith("…") for first, _ in lines)
    assert ["72 Services de", "technologies de l'informati…"] in lines


def test_the_competition_page_draws_one_tab_at_a_time(app_url: str, page: object) -> None:
    """Concurrence (issue 14) at 1280 px: its first tab draws the rates by year alone; a click on
    another tab draws that tab (the two PME-share charts, then the buyer ranking) and writes it
    to the URL, so that the link reopens it; back on the first tab, the URL drops it again (issue
    17, finding 10: a fresh visit loads only the first tab's scripts)."""
    _open(page, app_url, "concurrence")
    charts = page.locator("[data-testid='stVegaLiteChart']")  # type: ignore[attr-defined]
    charts.first.wait_for(timeout=30_000)
    assert charts.count() == 1
    assert "Offre unique" in page.inner_text("body")  # type: ignore[attr-defined]
    tabs = page.get_by_role("tab")  # type: ignore[attr-defined]
    assert tabs.all_inner_texts() == [
        "Par année et secteur",
        "PME et concurrence",
        "Situations de rente",
        "Concentration par acheteur",
    ]
    tabs.nth(1).click()
    page.wait_for_url(f"{app_url}/concurrence?tab=pme")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert charts.count() == 2
    tabs.nth(3).click()
    page.wait_for_url(f"{app_url}/concurrence?tab=concentration")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert charts.count() == 0
    ranking = page.locator("[data-testid='stHtml'] table.static-table")  # type: ignore[attr-defined]
    assert ranking.count() == 1
    page.reload()  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert page.get_by_role("tab", selected=True).inner_text() == "Concentration par acheteur"  # type: ignore[attr-defined]
    assert ranking.count() == 1
    tabs.nth(0).click()
    page.wait_for_url(f"{app_url}/concurrence")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert charts.count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


def test_on_a_phone_a_link_to_a_later_tab_shows_that_tab(app_url: str, phone_page: object) -> None:
    """At 390 px a page's tabs wrap onto a second line: the tab a link opens is in view, marked,
    where a tab bar scrolling sideways left it off-screen behind an arrow."""
    _open(phone_page, app_url, "concurrence", "tab=concentration")
    selected = phone_page.get_by_role("tab", selected=True)  # type: ignore[attr-defined]
    assert selected.inner_text() == "Concentration par acheteur"
    box = selected.bounding_box()
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= 390, box
    assert phone_page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("width", "lang", "level", "outlines"), [(1280, "fr", "dept", 96), (390, "en", "region", 13)]
)
def test_the_territories_map_is_drawn(
    app_url: str, browser: object, artifacts: Path, width: int, lang: str, level: str, outlines: int
) -> None:
    """Issue 15: the map is an SVG with one outline per territory of the shipped GeoJSON (96
    départements, 13 régions) and a coloured shape over each one with a share; no sideways scroll,
    no exception, at a desktop's and a phone's width."""
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        _open(page, app_url, "territoires", f"map={level}&lang={lang}")
        page.wait_for_selector(".outlines_marks path", timeout=30_000)
        drawn = page.evaluate(
            "() => [document.querySelectorAll('.vega-embed .outlines_marks path').length,"
            " document.querySelectorAll('.vega-embed .shares_marks path').length]"
        )
        page.locator(".vega-embed").first.screenshot(
            path=str(artifacts / f"territoires_map_{width}_{lang}.png")
        )
        page.screenshot(path=str(artifacts / f"territoires_{width}_{lang}.png"), full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        # The fixture DB's buyers: 31 départements of the map (12 régions), Paris and Nord the largest.
        assert drawn == [outlines, 31 if level == "dept" else 12]
        assert widths[0] <= widths[1], f"territoires scrolls sideways at {width} px: {widths}"
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_the_territories_ranking_downloads_as_csv(
    app_url: str, page: object, fixture_db: Path, tmp_path: Path
) -> None:
    """The ranking's CSV is the map's territories, highest PME share first, with the raw figures."""
    _open(page, app_url, "territoires", "map=region&tab=classement")
    target = _download(page, "Télécharger le classement (CSV)", tmp_path)
    assert target.name == f"observatoire-pme_territoires_region_donnees-au-{_data_date(fixture_db)}.csv"
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "code",
        "name",
        "contracts",
        "amount_total",
        "share_count",
        "share_amount",
        "wilson_low",
        "wilson_high",
        "coverage",
    ]
    assert [row[:3] for row in rows[1:4]] == [
        ["32", "32 Hauts-de-France", "24.0"],
        ["44", "44 Grand Est", "5.0"],
        ["52", "52 Pays de la Loire", "6.0"],
    ]
    paris = next(row for row in rows if row[0] == "11")
    assert (paris[1], float(paris[2]), float(paris[3])) == ("11 Île-de-France", 63.0, 74_202_723.5)
    assert float(paris[4]) == pytest.approx(27.5 / 63)
    assert len(rows) == 1 + 12


def test_a_click_on_the_map_filters_every_page(app_url: str, page: object) -> None:
    """Issue 15: a click on a coloured région sets `region`; the next page follows it."""
    _open(page, app_url, "territoires", "map=region")
    shapes = page.locator(".vega-embed .shares_marks path")  # type: ignore[attr-defined]
    shapes.first.wait_for()
    # The shapes come in the outlines' order: the first coloured one is Île-de-France (11).
    shapes.first.click(force=True)
    page.wait_for_url("**region=11**")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert "Filtres\u00a0: région 11 Île-de-France" in page.inner_text("body")  # type: ignore[attr-defined]
    page.locator("[data-testid='stTopNavLink']", has_text="Acheteurs").click()  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Acheteurs'")  # type: ignore[attr-defined]
    _wait_rendered(page)
    assert "region=11" in page.url  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


ROWS_JS = """() => [...document.querySelectorAll('[data-testid=stHtml] table.static-table tr')]
  .slice(0, 3).map(r => [...r.children].slice(0, 6).map(c => c.innerText))"""


def test_data_rows_are_a_table_sorted_over_every_row(app_url: str, page: object, phone_page: object) -> None:
    """Issue 17, finding 10: Données' rows are a static HTML table (the data grid rewrote a hidden
    copy 0.2 s after each draw), in French whatever the browser's locale, and sorted by the query
    over every filtered row. On a phone the table scrolls inside its box, under a header that stays."""
    _open(page, app_url, "donnees", "year=2019")
    assert page.locator("[data-testid='stDataFrame']").count() == 0  # type: ignore[attr-defined]
    nb = "\u00a0"
    assert page.evaluate(ROWS_JS) == [  # type: ignore[attr-defined]
        [
            "Notification",
            "Acheteur",
            "Titulaire",
            "Taille",
            "Montant du contrat",
            "Part attribuée à ce titulaire",
        ],
        [
            "2019-01-01",
            "VILLE DE DUNKERQUE - PRINCIPAL",
            "ILTR",
            "PME",
            f"200{nb}000{nb}€",
            f"200{nb}000{nb}€",
        ],
        [
            "2019-01-29",
            "VILLE DE DUNKERQUE - PRINCIPAL",
            "MOBYDOC",
            "Taille inconnue",
            f"300{nb}000{nb}€",
            f"300{nb}000{nb}€",
        ],
    ]
    page.get_by_text("Part attribuée, la plus grande d'abord", exact=True).click()  # type: ignore[attr-defined]
    page.wait_for_url("**sort=share**")  # type: ignore[attr-defined]
    _wait_rendered(page)
    sorted_header = "[data-testid=stHtml] th[aria-sort=descending]"
    assert page.locator(sorted_header).inner_text() == "Part attribuée à ce titulaire"  # type: ignore[attr-defined]
    assert page.evaluate(ROWS_JS)[1] == [  # type: ignore[attr-defined]
        "2019-01-30", "METROPOLE NICE COTE D'AZUR", "BRIAN ELECTROTECHNIQUE", "Taille inconnue", f"600{nb}000{nb}€", f"600{nb}000{nb}€",
    ]  # fmt: skip

    _open(phone_page, app_url, "donnees", "sort=share")
    box = phone_page.locator(".static-box")  # type: ignore[attr-defined]
    box.evaluate("b => { b.scrollTop = 400; b.scrollLeft = 300; }")
    scrolled = box.evaluate(
        "b => [b.scrollWidth > b.clientWidth, b.scrollTop, b.scrollLeft,"
        " Math.round(b.querySelector('th').getBoundingClientRect().top - b.getBoundingClientRect().top)]"
    )
    assert scrolled == [True, 400, 300, 1], scrolled  # the header sits under the box's 1 px border
    # Opaque: a translucent header let the rows scrolled under it show through.
    assert (
        box.evaluate("b => getComputedStyle(b.querySelector('th')).backgroundColor") == "rgb(240, 242, 246)"
    )
    widths = phone_page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")  # type: ignore[attr-defined]
    assert widths[0] <= widths[1], widths
