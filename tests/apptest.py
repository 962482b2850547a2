"""AppTest through the app's frame: app.py, then the page's file (as st.navigation declares it)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

import app
from dashboard.ui import table_key

APP = Path(app.__file__)
# The page files by their URL path (DESIGN.md « Pages and links »), the overview at "".
PAGES = {spec.url_path: spec.path for spec in app.PAGES}


def open_page(path: str = "", tables: bool = True, **params: str) -> AppTest:
    """A fresh session run on the page at URL `path` ("" the overview) with `params` in its URL;
    with `tables`, every chart's data table switched on (dashboard.ui.chart_block), as a reader
    would, so that the tables are there to read."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if tables:
        tables_on(at, path)
    if path:
        at.switch_page(PAGES[path])
    return at.run()


def tables_on(at: AppTest, path: str, blocks: int = 30) -> AppTest:
    """`at` with the switches of the data tables of the page at `path` on before it runs (their
    keys, dashboard.ui.chart_block's), so that the first run draws them."""
    spec = next(spec for spec in app.PAGES if spec.url_path == path)
    for number in range(blocks):
        for tab in ("", *spec.tabs):
            at.session_state[table_key(path, tab, number)] = True
    # and Acheteurs' every-buyer part under a profile (pages/acheteurs.py ALL_BUYERS_SWITCH)
    at.session_state["acheteurs_all_buyers"] = True
    return at


def shown(table: object) -> pd.DataFrame:
    """The texts an AppTest dataframe element shows (dashboard.tables' display values): its data
    stays numbers, for sorting, and its cells read as written for the page's language."""
    styler = table.proto.arrow_data.styler  # type: ignore[attr-defined]
    assert styler.display_values, "not a dashboard.tables.display table"
    texts = dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
    texts.columns = table.value.columns  # type: ignore[attr-defined]
    return texts


class _Cells(HTMLParser):
    """The header texts and the rows of cell texts of an HTML table."""

    def __init__(self) -> None:
        super().__init__()
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            (self.header if tag == "th" else self.rows[-1]).append("".join(self._cell))
            self._cell = None


def static_tables(at: AppTest) -> list[str]:
    """The markup of the run's static tables (dashboard.ui.static_table), in drawing order."""
    return [e.proto.body for e in at.get("html") if '<table class="static-table">' in e.proto.body]


def static_rows(at: AppTest, index: int = -1) -> pd.DataFrame:
    """The texts of the run's `index`th static table (the last by default), as a reader sees them."""
    cells = _Cells()
    cells.feed(static_tables(at)[index])
    return pd.DataFrame([row for row in cells.rows if row], columns=cells.header)
