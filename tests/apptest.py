"""AppTest through the app's frame: app.py, then the page's file (as st.navigation declares it)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import app

APP = Path(app.__file__)
# The page files by their URL path (DESIGN.md « Pages and links »), the overview at "".
PAGES = {spec.url_path: spec.path for spec in app.PAGES}


def open_page(path: str = "", **params: str) -> AppTest:
    """A fresh session run on the page at URL `path` ("" the overview) with `params` in its URL."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if path:
        at.switch_page(PAGES[path])
    return at.run()
