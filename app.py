"""Observatoire PME, the frame every page runs in (`streamlit run app.py`): it reads the URL state
once, declares the pages, draws the shared sidebar, header and footer, and runs the chosen page."""

import streamlit as st

from dashboard import ui
from dashboard.ui import PageSpec

# One line a page (DESIGN.md « Pages and links »): its file in pages/, title, URL path, the page-scoped
# filters it follows, its tabs (only the open one is drawn), and the old paths that still open it.
PAGES = (
    PageSpec("overview.py", "page_overview", "", heading="app_title"),
    PageSpec(
        "acheteurs.py",
        "page_buyers",
        "acheteurs",
        buyer_in_sidebar=False,
        tabs=("profil", "comparaison", "fournisseurs"),  # of a buyer's profile
        old=("Acheteurs",),
    ),
    PageSpec("secteurs.py", "page_sectors", "secteurs", follows=("group",), old=("Secteurs",)),
    PageSpec(
        "concurrence.py",
        "page_competition",
        "concurrence",
        tabs=("evolution", "pme", "rentes", "concentration"),
    ),
    PageSpec("titulaires.py", "page_suppliers", "titulaires", follows=("supplier",), old=("Titulaires",)),
    PageSpec(
        "territoires.py", "page_territories", "territoires", tabs=("carte", "classement", "localisation")
    ),
    PageSpec("donnees.py", "page_data", "donnees", follows=("supplier", "merged_uid"), old=("Données",)),
    PageSpec(
        "methode.py", "page_method", "methode", tabs=("methode", "qualite"), old=("Méthode_et_qualité",)
    ),
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
