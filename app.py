"""Observatoire PME, the frame every page runs in (`streamlit run app.py`): it reads the URL state
once, declares the pages, draws the shared sidebar, header and footer, and runs the chosen page."""

import streamlit as st

from dashboard import ui
from dashboard.ui import PageSpec

# One line a page (DESIGN.md « Pages and links »): its file in pages/, title, URL path, the page-scoped
# filters it follows, and the paths of the old `pages/` folder that still open it.
PAGES = (
    PageSpec("overview.py", "page_overview", "", heading="app_title"),
    PageSpec("acheteurs.py", "page_buyers", "acheteurs", buyer_in_sidebar=False, old=("Acheteurs",)),
    PageSpec("secteurs.py", "page_sectors", "secteurs", follows=("group",), old=("Secteurs",)),
    PageSpec("concurrence.py", "page_competition", "concurrence"),
    PageSpec("titulaires.py", "page_suppliers", "titulaires", follows=("supplier",), old=("Titulaires",)),
    PageSpec("territoires.py", "page_territories", "territoires"),
    PageSpec("donnees.py", "page_data", "donnees", follows=("supplier", "merged_uid"), old=("Données",)),
    PageSpec("methode.py", "page_method", "methode", old=("Méthode_et_qualité",)),
)

# Streamlit runs this file as __main__; the tests and bench/ import it for PAGES alone.
if __name__ == "__main__":
    f, ignored = ui.read_url()
    chosen = st.navigation(ui.nav_pages(PAGES, f.lang), position="top")
    spec = ui.chosen_spec(PAGES, chosen, f)
    f = ui.frame_setup(f, ignored, spec)
    ui.page_header(f, spec)
    ui.run_page(chosen, spec, f)
    ui.footer(f)
