"""Streamlit glue shared by every page: setup, sidebar filters mirrored into st.query_params,
cached queries, empty and error states, chart blocks and the provenance footer.

The only module (with the pages) that imports streamlit; named errors are turned into st.error here.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import altair as alt
import duckdb
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.runtime.pages_manager import PagesManager

from dashboard import charts, exports, geo, queries, tables
from dashboard.filters import (
    MAX_MIN_CONTRACTS,
    PAGE_TABS,
    Filter,
    Filters,
    line_parts,
    parse_params,
    to_params,
    unfollowed_notes,
    without,
)
from dashboard.i18n import fmt_date, fmt_int, ignored_warning, t

BUYER_MATCHES = 20  # buyers listed for a search text
LONG_TEXT = 20  # characters: a first table column longer than this is kept at medium width
_SAVED = "_filter_params"  # session key: the last URL params, restored after a page switch
# While a page runs: .filters, what the frame read from the URL; .spec, its PageSpec; .tab, the tab
# being drawn ("" outside page_tabs), .tabs_drawn, whether the page drew its tabs; .blocks, its
# table switches drawn so far (table_on_demand).
_FRAME = threading.local()
_W = "f_"  # prefix of the filter widgets' keys
_DRILL_KEYS = ("drill_division", "drill_group", "drill_class")


# Queries


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _cached(name: str, db: str, version: int, args: tuple, kwargs: tuple) -> pd.DataFrame:
    return getattr(queries, name)(Path(db), *args, **dict(kwargs))


def query(fn: Callable[..., pd.DataFrame], *args: object, **kwargs: object) -> pd.DataFrame:
    """fn(db, *args, **kwargs) from dashboard.queries, cached per DB file version; a DB error
    becomes an st.error and stops the page."""
    db = queries.db_path()
    args = tuple(_read_by_queries(a) if isinstance(a, Filters) else a for a in args)
    try:
        version = queries.db_version(db)
        return _cached(fn.__name__, str(db), version, args, tuple(sorted(kwargs.items())))
    except queries.DatabaseMissing as exc:
        st.error(t("db_missing", _lang(), path=exc.path))
        st.stop()
    except duckdb.Error as exc:
        st.error(f"{t('db_error', _lang())} ({type(exc).__name__})")
        st.stop()
    raise AssertionError  # unreachable: st.stop() raises


def _read_by_queries(f: Filters) -> Filters:
    """`f` without the fields no query reads (no SQL parameter): out of the cache keys."""
    return without(f, *(entry.name for entry in f.TABLE if not entry.param))


def _lang() -> str:
    return "en" if st.query_params.get("lang") == "en" else "fr"


# Filters <-> URL


def _current_params() -> dict[str, str]:
    """URL params, or after a page switch (Streamlit's nav drops them) the ones last written."""
    params = st.query_params.to_dict()
    if not params and st.session_state.get(_SAVED):
        params = dict(st.session_state[_SAVED])
        st.query_params.from_dict(params)
    return params


def write_filters(f: Filters) -> None:
    """Mirror `f` into the URL (defaults left out) and remember it for the next page."""
    params = to_params(f)
    st.session_state[_SAVED] = params
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def _checked(f: Filters, ignored: list[str]) -> Filters:
    """`f` without the values the database does not know (each filter's `known` query finds no
    row), named in `ignored`."""
    for entry in f.TABLE:
        value = getattr(f, entry.name)
        if entry.known and f.is_set(entry) and query(getattr(queries, entry.known), value).empty:
            ignored.append(f"{entry.key}={entry.write(value)[:40]}")
            f = without(f, entry.name)
    return f


def _with_db_choices(f: Filters) -> Filters:
    """`f` with each filter that has db_choices set to the database's default when it holds several
    choices and the link names none, and unset when it holds one (no restriction)."""
    for entry in f.TABLE:
        if not entry.db_choices:
            continue
        choices = query(getattr(queries, entry.db_choices))
        if len(choices) > 1 and not f.is_set(entry):
            f = f.replace(**{entry.name: choices.loc[choices["is_default"], "code"].iloc[0]})
        elif len(choices) <= 1:
            f = without(f, entry.name)
    return f


def currency(f: Filters) -> str:
    """The currency the view's amounts are summed in: its country's (Method §18), EUR when the
    database names none."""
    countries = query(queries.countries_by_contracts)
    chosen = countries[countries["code"] == f.country] if f.country else countries[countries["is_default"]]
    return str(chosen["currency"].iloc[0]) if not chosen.empty else "EUR"


def _in_data_years(f: Filters) -> Filters:
    """`f` without a period end at or beyond the data's first or last year: the slider draws such
    an end at its own end, which means no bound (undated contracts included), so the link shows
    what the slider says and keeps it after the next click."""
    years = query(queries.contracts_by_year)["year"]
    if years.empty:
        return f
    if f.year_from is not None and f.year_from <= int(years.min()):
        f = f.replace(year_from=None)
    if f.year_to is not None and f.year_to >= int(years.max()):
        f = f.replace(year_to=None)
    return f


@dataclass(frozen=True)
class PageSpec:
    """A page of the app as app.py declares it: its file in pages/, the i18n key of its title (navigation
    and browser tab), its URL path ("" for the overview), the key of the title drawn on the page
    when another, the page-scoped filters it follows ("group", "supplier"), whether the sidebar
    holds the buyer picker, and the paths of the old `pages/` folder that still open it."""

    file: str  # in pages/
    title: str
    url_path: str
    heading: str | None = None
    follows: tuple[str, ...] = ()
    buyer_in_sidebar: bool = True
    old: tuple[str, ...] = ()

    @property
    def tabs(self) -> tuple[str, ...]:
        """The names of the page's tabs (filters.PAGE_TABS), none for most pages."""
        return PAGE_TABS.get(self.url_path, ())

    @property
    def path(self) -> str:
        """The page's file from the app's folder, as st.Page and AppTest.switch_page take it."""
        return f"pages/{self.file}"


def read_url() -> tuple[Filters, list[str]]:
    """The filters in the URL (after a page switch, the last ones written) and the items ignored."""
    return parse_params(_current_params())


def nav_pages(specs: Sequence[PageSpec], lang: str) -> list[st.Page]:
    """The st.Page of every spec, titled in `lang`, then a hidden page for each old path."""
    pages = [
        st.Page(
            spec.path, title=t(spec.title, lang), url_path=spec.url_path or None, default=not spec.url_path
        )
        for spec in specs
    ]
    for spec in specs:
        for path in spec.old:
            pages.append(st.Page(_nowhere, title=path, url_path=path, visibility="hidden"))
    return pages


def _nowhere() -> None:
    """An old path's page: never run, chosen_spec redirects first."""


def chosen_spec(specs: Sequence[PageSpec], chosen: st.Page, f: Filters) -> PageSpec:
    """The spec of the page st.navigation chose; an old path (« /Données ») switches to its page
    with the link's query, so that an old shared link opens the same view at the new path."""
    for spec in specs:
        if chosen.url_path in spec.old:
            st.switch_page(spec.path, query_params=st.query_params.to_dict())
        if chosen.url_path == spec.url_path:
            return spec
    raise AssertionError(f"no spec for page {chosen.url_path!r}")


def frame_setup(f: Filters, ignored: list[str], spec: PageSpec) -> Filters:
    """Start the run of a page: config, the filters checked against the DB (one warning naming
    ignored values), written back to the URL and kept for the page, the sidebar. Stops with build
    instructions when there is no database."""
    st.set_page_config(page_title=f"{t(spec.title, f.lang)} · {t('app_title', f.lang)}", layout="wide")
    _styles(f.lang)
    db = queries.db_path()
    if not db.exists():
        st.title(t(spec.heading or spec.title, f.lang))
        st.error(t("db_missing", f.lang, path=db))
        st.stop()
    f = _in_data_years(_with_db_choices(_checked(f, ignored)))
    if f.tab not in spec.tabs[1:]:
        f = f.replace(tab=None)  # its first tab, or another page's kept from a switch: the first
    if ignored:
        st.warning(ignored_warning(ignored, f.lang), icon=":material/warning:")
    write_filters(f)
    _sidebar(f, spec.buyer_in_sidebar)
    return f


def _styles(lang: str) -> None:
    """The run's one style sheet: the static tables' (STATIC_TABLE_STYLE, sent once rather than
    with each table), and what a phone needs that Streamlit does not do. Words beside the « » »
    button that opens the sidebar: on a phone Streamlit moves the top navigation into the sidebar,
    so that button is where the pages are, and it has no label. A page's tabs on two lines rather
    than one that scrolls: a link to a later tab left the open one off-screen, behind an arrow."""
    label = t("menu_label", lang).replace('"', "")
    st.html(
        "<style>[data-testid='stExpandSidebarButton']::after"
        f'{{content: "{label}"; margin-left: 0.4rem; font-size: 0.95rem; white-space: nowrap;}}'
        "[data-testid='stTabs'] [role='tablist'] {flex-wrap: wrap;}</style>" + STATIC_TABLE_STYLE
    )


def run_page(page: st.Page, spec: PageSpec, f: Filters) -> None:
    """Run the page st.navigation chose (of `spec`), with `f` as the filters it reads (ui.filters())."""
    _FRAME.filters, _FRAME.spec, _FRAME.tab, _FRAME.tabs_drawn, _FRAME.blocks = f, spec, "", False, 0
    try:
        page.run()
        if f.tab is not None and not _FRAME.tabs_drawn:
            write_filters(f.replace(tab=None))  # no tabs drawn (Acheteurs with no buyer): no tab
    finally:
        _FRAME.filters = None


def filters() -> Filters:
    """The filters of this run, as the frame (app.py) read and checked them."""
    f = getattr(_FRAME, "filters", None)
    if f is None:
        # A page run without its frame. Until a script calls st.navigation, Streamlit takes an
        # app with a pages/ folder for an old-style one and runs a linked page's file alone: the
        # server's first run when it is a deep link, every AppTest run. Tell it, run again.
        PagesManager.uses_pages_directory = False
        st.rerun()
    return f


def page_header(f: Filters, spec: PageSpec) -> None:
    """The top of a page: what it does not follow, its title, then the line of active filters.
    spec.follows names the page-scoped filters this page follows ("group", "supplier"); the others
    stay in the URL for the pages that follow them, and the page says it does not."""
    _not_applied_here(f, spec.follows)
    st.title(t(spec.heading or spec.title, f.lang))
    _filters_line(f, spec.follows)


def _name(kind: str, value: str) -> str:
    """A published name for the filters line (filters.Lookup): a buyer's, a supplier's, or a CPV
    division's label in the page's language; "" when none."""
    if kind == "buyer":
        return buyer_name(value)
    if kind == "supplier":
        return supplier_name(value)
    division = query(queries.cpv_division_by_code, value)
    return str(division[f"label_{_lang()}"].iloc[0] or "") if len(division) else ""


def _not_applied_here(f: Filters, follows: tuple[str, ...]) -> None:
    """A Secteurs drill-down or a chosen supplier, carried in the URL to a page that does not
    follow it: said, so that no one reads this page's figures as filtered by it."""
    for note in unfollowed_notes(f, f.lang, _plain_name, follows):
        st.info(note, icon=":material/filter_alt_off:")


def _plain_name(kind: str, value: str) -> str:
    return plain(_name(kind, value))


def _filters_line(f: Filters, follows: tuple[str, ...]) -> None:
    """One line under a page's title naming the active filters (the sidebar is folded away on a
    phone, and a shared link should say what it shows); nothing when no filter is set."""
    parts = [plain(part) for part in line_parts(f, f.lang, _name, follows)]
    if parts:
        st.caption(t("filters_active", f.lang, items=" · ".join(parts)))


_MARKDOWN = re.compile(r"([\\`*_\[\]<>$#~|])")


def plain(text: str) -> str:
    """A published text (a name, a procedure) put into markdown as it is: `*`, `_`, `[`, `$`…
    escaped, so « ECUER*MURIEL/ » or a `$` in a name neither formats nor starts a formula."""
    return _MARKDOWN.sub(r"\\\1", text)


def buyer_name(buyer_id: str) -> str:
    """The buyer's most frequent published name, else ""."""
    found = query(queries.buyer_by_id, buyer_id)
    return str(found["buyer_name"].iloc[0] or "") if len(found) else ""


def supplier_name(supplier_key: str) -> str:
    """The supplier's most frequent published name, else its key."""
    found = query(queries.supplier_by_key, supplier_key)
    return str(found["supplier_name"].iloc[0] or supplier_key) if len(found) else supplier_key


def _on_change() -> None:
    """Widget callback: rebuild the filters from the widgets' state and write them to the URL."""
    f, _ = parse_params(st.query_params.to_dict())
    state = st.session_state
    changes: dict[str, object] = {}
    for entry in f.TABLE:
        key = _W + entry.name
        if entry.widget is None or key not in state:
            continue
        if entry.widget.kind == "years":
            low, high = state[key]
            bounds = state.get("_year_bounds", (low, high))
            changes["year_from"] = None if low <= bounds[0] else low
            changes["year_to"] = None if high >= bounds[1] else high
        elif entry.widget.kind == "checkbox":
            changes[entry.name] = bool(state[key])
        else:
            changes[entry.name] = state[key] or entry.default
    new = f.replace(**changes)
    if new.cpv != f.cpv:
        new = new.replace(group=None)  # the drill-down opened another division
    if new != f:
        new = new.replace(page=1)  # other rows: back to their first page
    write_filters(new)


def _reset() -> None:
    """Reset button callback: every filter back to its default, the language kept."""
    write_filters(Filters(lang=_lang()))
    for key in list(st.session_state):
        if str(key).startswith(_W) and key != _W + "lang":
            del st.session_state[key]


def _seed(key: str, value: object) -> None:
    """Set a filter widget's state from the filters before it is drawn (the URL is the truth)."""
    st.session_state[_W + key] = value


def buyer_picker(f: Filters, where: object = None) -> None:
    """The buyer search: a text box, then a select of the matching buyers (at most 20, by name or
    SIRET); drawn in the sidebar, or in `where` (a container) when given."""
    box = where if where is not None else st.sidebar
    text = box.text_input(t("buyer_search", f.lang), key=_W + "buyer_q", help=t("buyer_search_help", f.lang))
    names: dict[str, str] = {}
    if f.buyer is not None:
        names[f.buyer] = buyer_name(f.buyer)
    if len(text.strip()) >= 2:
        found = query(queries.buyers_by_text, text.strip(), BUYER_MATCHES)
        for row in found.itertuples():
            names[row.buyer_id] = row.buyer_name or ""
        if found.empty:
            box.caption(t("buyer_no_match", f.lang))
        elif f.buyer is None:
            key = "buyer_pick_many" if len(found) == BUYER_MATCHES else "buyer_pick"
            box.caption(t(key, f.lang, found=fmt_int(len(found), f.lang)))
    options = ["", *names]
    _seed("buyer", f.buyer or "")
    box.selectbox(
        t("buyer", f.lang),
        options,
        key=_W + "buyer",
        on_change=_on_change,
        format_func=lambda b: (
            t("all_buyers", f.lang) if not b else f"{names.get(b) or t('name_unpublished', f.lang)} ({b})"
        ),
    )


def _sidebar(f: Filters, buyer_in_sidebar: bool) -> None:
    """The language switch, then a widget for each filter that has one (FILTERS' order), then the
    reset button."""
    widgets = [entry for entry in f.TABLE if entry.widget is not None]
    for entry in sorted(widgets, key=lambda e: e.widget.kind != "language"):
        if entry.widget.kind == "buyer" and not buyer_in_sidebar:
            continue
        _widget(f, entry)
        if entry.widget.kind == "language":
            st.sidebar.header(t("filters", f.lang))
    st.sidebar.button(t("reset", f.lang), key=_W + "reset", on_click=_reset)


def _widget(f: Filters, entry: Filter) -> None:
    """The sidebar widget of one filter, seeded from `f` (the URL is the truth)."""
    side, widget, key = st.sidebar, entry.widget, _W + entry.name
    label = t(entry.label, f.lang)
    helps = t(widget.help, f.lang) if widget.help else None
    if widget.kind == "years":
        _years_slider(f, key, label)
    elif widget.kind == "buyer":
        buyer_picker(f)
    elif widget.kind == "checkbox":
        _seed(entry.name, getattr(f, entry.name))
        side.checkbox(label, key=key, on_change=_on_change, help=helps)
    else:
        source = query(getattr(queries, widget.source)) if widget.source else pd.DataFrame()
        labels = widget.options(source, f.lang)
        value = getattr(f, entry.name)
        if widget.kind == "select":
            if not widget.none_text and len(labels) < 2:
                return
            if value is not None and value not in labels:
                labels = {value: value, **labels}
            if widget.none_text:
                labels = {"": t(widget.none_text, f.lang), **labels}
            value = value or ""
        _seed(entry.name, value)
        draw = side.selectbox if widget.kind == "select" else side.radio
        extra = {"horizontal": True} if widget.kind == "language" else {}
        draw(label, list(labels), key=key, on_change=_on_change, format_func=labels.get, help=helps, **extra)


def _years_slider(f: Filters, key: str, label: str) -> None:
    """The period slider over the data's years and the link's, either end alone included: a year
    outside the data is a valid filter (it matches nothing), never a value off the slider."""
    years = query(queries.contracts_by_year)["year"].astype(int).tolist()
    if not years:
        return
    linked = [y for y in (f.year_from, f.year_to) if y is not None]
    low = min([years[0], *linked])
    high = max([years[-1], *linked])
    st.session_state["_year_bounds"] = (low, high)
    if low < high:
        _seed(key.removeprefix(_W), (f.year_from or low, f.year_to or high))
        st.sidebar.slider(label, low, high, key=key, on_change=_on_change)


# Page controls mirrored into the URL


def _from_url(**changes: object) -> None:
    """Write the URL's filters back with `changes` (a page control's callback)."""
    current, _ = parse_params(st.query_params.to_dict())
    write_filters(current.replace(**changes))


def drop_filter(name: str) -> None:
    """A button's callback: the URL's filters without `name`, back to the first page of rows."""
    _from_url(**{name: None, "page": 1})


def page_input(f: Filters, pages: int, label: str) -> int:
    """Données' page of rows, seeded from and written to URL `page`; a linked page past the last
    shows the last."""
    page = min(f.page, pages)
    st.session_state["d_page"] = page

    def changed() -> None:
        _from_url(page=int(st.session_state["d_page"]))

    st.number_input(label, min_value=1, max_value=pages, step=1, key="d_page", on_change=changed)
    return page


MERGED_CHOICES = {"all": None, "out": False, "only": True}  # Données' merged-uid control


def merged_uid_input(f: Filters) -> None:
    """Données' choice of the uids that merge several contracts (Method §13): all rows, without
    them, or only them; seeded from and written to URL `merged_uid`."""
    choice = {value: name for name, value in MERGED_CHOICES.items()}[f.merged_uid]
    st.session_state["d_merged"] = choice

    def changed() -> None:
        _from_url(merged_uid=MERGED_CHOICES[st.session_state["d_merged"]], page=1)

    st.radio(
        t("merged_uid_choice", f.lang),
        list(MERGED_CHOICES),
        key="d_merged",
        on_change=changed,
        horizontal=True,
        format_func=lambda name: t(f"merged_uid_{name}", f.lang),
        help=t("merged_uid_help", f.lang),
    )


def view_choice(
    f: Filters, name: str, labels: dict[str, str], label: str, help_text: str = "", **also: object
) -> str:
    """A page's radio for view filter `name` (one of `labels`' keys, shown by their values),
    seeded from and written to the URL, with the changes `also` (page=1: back to the first page of
    rows)."""
    key = f"v_{name}"
    st.session_state[key] = getattr(f, name)

    def changed() -> None:
        _from_url(**{name: st.session_state[key], **also})

    st.radio(
        label,
        list(labels),
        key=key,
        on_change=changed,
        horizontal=True,
        format_func=labels.__getitem__,
        help=help_text or None,
    )
    return str(st.session_state[key])


def page_tabs(f: Filters, draw: Mapping[str, Callable[[], object]]) -> None:
    """The page's tabs (filters.PAGE_TABS, headed by the texts tab_<name>) and, in the open one,
    draw[name]() alone: the URL's `tab`, else the first. A fresh visit so loads the scripts of one
    tab's charts or grids (issue 17, finding 10); a click on another tab reruns the page with that
    tab in the URL, so that a link opens it."""
    spec: PageSpec = _FRAME.spec
    names = spec.tabs
    labels = {name: t(f"tab_{name}", f.lang) for name in names}
    by_label = {label: name for name, label in labels.items()}
    chosen = f.tab or names[0]
    key = f"tab_{spec.url_path}"
    st.session_state[key] = labels[chosen]

    def changed() -> None:
        name = by_label.get(st.session_state[key], names[0])
        _from_url(tab=None if name == names[0] else name)

    boxes = st.tabs(list(labels.values()), key=key, on_change=changed)
    # A tab's table switches are its own (table_key); those after the tabs number as if none.
    blocks = _FRAME.blocks
    _FRAME.tab, _FRAME.tabs_drawn = chosen, True
    try:
        with boxes[names.index(chosen)]:
            draw[chosen]()
    finally:
        _FRAME.tab, _FRAME.blocks = "", blocks


def page_url(path: str, f: Filters) -> str:
    """A link to the app's page at `path` (e.g. "donnees") with the filters of `f` but this page's
    tab (relative, so it works behind a proxy's prefix)."""
    params = to_params(f.replace(tab=None))
    return path + ("?" + urlencode(params) if params else "")


INCUMBENT_COLS: list[tables.Column] = [
    ("buyer", "buyer", "text"),
    ("supplier", "supplier", "text"),
    ("size_class", "size_class", "size"),
    ("sector", "sector", "text"),
    ("years_text", "years_held", "text"),
    ("amount", "tile_amount", "eur"),
    ("share", "share_held", "pct"),
    ("rows", "rows_link", "text"),
]


def incumbents_table(f: Filters, spells: pd.DataFrame) -> None:
    """The « rente » runs of queries.incumbents (Concurrence, Titulaires), each with a link to its
    rows in Données: that buyer, supplier, division and those years, the other filters kept."""
    lang = f.lang
    links = [
        page_url(
            "donnees",
            f.replace(
                buyer=s.buyer_id,
                supplier=s.supplier_key,
                cpv=s.cpv_division,
                year_from=int(s.first_year),
                year_to=int(s.last_year),
                page=1,
            ),
        )
        for s in spells.itertuples()
    ]
    shown = spells.assign(
        buyer=spells["buyer_name"].fillna(spells["buyer_id"]),
        supplier=spells["supplier_name"].fillna(spells["supplier_key"]),
        sector=tables.cpv_labels(spells, "cpv_division", lang),
        years_text=[
            f"{int(a)}–{int(b)}" for a, b in zip(spells["first_year"], spells["last_year"], strict=True)
        ],
        rows=links,
    )
    link = st.column_config.LinkColumn(t("rows_link", lang), display_text=t("rows_link_text", lang))
    data_table(
        tables.display(shown, INCUMBENT_COLS, lang, currency(f)), column_config={t("rows_link", lang): link}
    )


PLACE_COLS: list[tables.Column] = [
    ("place_name", "supplier_place", "text"),
    ("part_count", "part_count", "pct"),
    ("part_amount", "part_amount", "pct"),
    ("share", "share_pme", "pct"),
    ("coverage", "coverage", "pct"),
    ("contracts", "contracts", "contracts"),
]
PLACE_NAMES = {"local": "place_local", "outside": "place_outside", "unknown": "place_unknown_pair"}


def local_suppliers(f: Filters, scope: str) -> None:
    """Winners in the buyer's own département or elsewhere (queries.awards_by_supplier_place), their
    PME shares and the median distance, for `scope` (the words of what is counted); Territoires and
    Concurrence (issues 14 and 15)."""
    st.header(t("local_suppliers", f.lang))
    st.caption(t("local_suppliers_intro", f.lang, scope=scope))
    places = query(queries.awards_by_supplier_place, f)
    share = places["share_amount" if f.basis == "amount" else "share_count"]
    names = [t(PLACE_NAMES.get(p, "place_total"), f.lang) for p in places["place"].fillna("total")]
    shown = places.assign(share=share, place_name=names)
    static_display(shown, PLACE_COLS, f, t("local_suppliers", f.lang), wrap=("supplier_place",))
    total = places[places["is_total"]].iloc[0]
    if total["distance_awards"] == 0:
        st.caption(t("distance_none", f.lang))
        return
    km, awards = fmt_int(total["median_distance_km"], f.lang), fmt_int(total["distance_awards"], f.lang)
    st.caption(t("distance_some", f.lang, km=km, awards=awards))


def min_contracts_input(f: Filters) -> int:
    """The Acheteurs ranking's minimum number of contracts, seeded from and written to URL `min`."""
    st.session_state["min_contracts"] = f.min_contracts

    def changed() -> None:
        _from_url(min_contracts=int(st.session_state["min_contracts"]))

    value = st.number_input(
        t("min_contracts", f.lang),
        min_value=1,
        max_value=MAX_MIN_CONTRACTS,
        step=5,
        key="min_contracts",
        on_change=changed,
        help=t("min_contracts_help", f.lang),
    )
    return int(value)


def territory_input(f: Filters) -> geo.Level:
    """Territoires' map level (département or région), seeded from and written to URL `map`."""
    st.session_state["t_level"] = f.territory

    def changed() -> None:
        _from_url(territory=st.session_state["t_level"])

    st.radio(
        t("territory_level", f.lang),
        list(geo.LEVELS),
        key="t_level",
        on_change=changed,
        horizontal=True,
        format_func=lambda level: t(f"level_{level}", f.lang),
    )
    return f.territory


def place_picker(f: Filters, level: geo.Level) -> None:
    """A select of the data's territories of `level` that sets the `dept` (or `region`) filter
    of every page, as the sidebar's does (there folded away on a phone); "" clears it."""
    present = query(queries.contracts_by_department if level == "dept" else queries.contracts_by_region)
    labels = geo.options(present["code"].tolist(), level)
    st.session_state["t_place"] = getattr(f, level) or ""

    def changed() -> None:
        _from_url(**{level: st.session_state["t_place"] or None, "page": 1})

    everywhere = t("all_departments" if level == "dept" else "all_regions", f.lang)
    st.selectbox(
        t("territory_pick", f.lang),
        ["", *labels],
        key="t_place",
        on_change=changed,
        format_func=lambda code: labels.get(code, everywhere),
    )


def territory_chart(f: Filters, level: geo.Level, spec: dict) -> None:
    """Territoires' map (charts.territory_map); a click on a coloured territory sets the `dept`
    (or `region`) filter of every page, a click beside them clears it."""

    def picked() -> None:
        points = st.session_state["t_map"].selection.get(charts.MAP_PICK, [])
        codes = [point["code"] for point in points if point.get("code")]
        _from_url(**{level: codes[0] if codes else None, "page": 1})

    st.vega_lite_chart(
        spec=spec, width="stretch", key="t_map", on_select=picked, selection_mode=charts.MAP_PICK
    )


def _drill_changed(level: int) -> None:
    """Drill-down select callback: the deepest chosen CPV prefix into URL `group`."""
    state = st.session_state
    chosen = state[_DRILL_KEYS[level]] or (state[_DRILL_KEYS[level - 1]] if level else None)
    _from_url(group=chosen or None)


def drill_down(f: Filters, divisions: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The Secteurs drill-down: selects of division, group (3 digits) and class (4 digits), seeded
    from and written to URL `group`; returns the deepest chosen code and its sub-codes (labelled,
    one digit longer; empty when none). `divisions` is labelled (code, label, contracts)."""
    coded = divisions[divisions["code"].notna()]
    names = dict(zip(coded["code"], coded["label"], strict=True))
    largest = coded.sort_values("contracts", ascending=False)["code"].iloc[0]
    start = f.group or f.cpv or largest
    path = [start[:n] for n in range(2, len(start) + 1)]
    if path[0] not in names:
        path = [largest]
    st.session_state[_DRILL_KEYS[0]] = path[0]
    st.selectbox(
        t(_DRILL_KEYS[0], f.lang),
        sorted(names),
        key=_DRILL_KEYS[0],
        format_func=lambda c: names[c],
        on_change=_drill_changed,
        args=(0,),
    )
    prefix = path[0]
    children = tables.cpv_labelled(query(queries.sme_share_by_cpv_code, f, prefix), "code", f.basis, f.lang)
    for level in (1, 2):
        if children.empty:
            break
        labels = dict(zip(children["code"], children["label"], strict=True))
        chosen = path[level] if len(path) > level and path[level] in labels else ""
        st.session_state[_DRILL_KEYS[level]] = chosen
        st.selectbox(
            t(_DRILL_KEYS[level], f.lang),
            ["", *labels],
            key=_DRILL_KEYS[level],
            format_func=lambda c, labels=labels: labels.get(c, t("drill_none", f.lang)),
            on_change=_drill_changed,
            args=(level,),
        )
        if not chosen:
            break
        prefix = chosen
        frame = query(queries.sme_share_by_cpv_code, f, prefix)
        children = tables.cpv_labelled(frame, "code", f.basis, f.lang)
    return prefix, children


# Drawing


def undated_note(f: Filters) -> None:
    """Under a year filter, how many contracts the other filters match that have no year (an
    undated contract cannot be in a period): said, never silently dropped."""
    if f.year_from is None and f.year_to is None:
        return
    undated = int(query(queries.undated_contracts, f)["contracts"].iloc[0])
    if undated == 1:
        st.caption(t("undated_excluded_one", f.lang))
    elif undated > 1:
        st.caption(t("undated_excluded", f.lang, contracts=fmt_int(undated, f.lang)))


def empty_state(f: Filters) -> None:
    """The message shown when the filters match no contract."""
    st.info(t("empty", f.lang), icon=":material/search_off:")


def data_table(table: Styler, column_config: dict[str, object] | None = None, **kwargs: object) -> None:
    """A table of dashboard.tables.display at full width with no index, in Streamlit's data grid:
    a reader can sort it by a header (rows in an order the page sets are static_display's). A
    first column of long texts (names, labels, ids) is kept at medium width, so that on a phone the
    figures beside it stay in view."""
    frame: pd.DataFrame = table.data  # type: ignore[assignment]
    config: dict[str, object] = {}
    first = frame.columns[0] if len(frame.columns) > 1 else None
    if first is not None and frame[first].astype(str).str.len().max() > LONG_TEXT:
        config[first] = st.column_config.Column(width="medium")
    st.dataframe(
        table, hide_index=True, width="stretch", column_config={**config, **(column_config or {})}, **kwargs
    )


# dashboard.tables.static_html's tables (in the run's style sheet, _styles): in a box that scrolls
# both ways under a header that stays.
# The header is opaque (a translucent one let the rows under it show through on a phone), in its
# own colours for a light or a dark system theme, which Streamlit follows by default: readable even
# when a reader picks the other theme. A cut text shows whole on hover; the sorted column has an arrow.
STATIC_TABLE_STYLE = """<style>
.static-box {overflow: auto; max-height: 30rem; border: 1px solid rgba(128,128,128,.3); border-radius: .5rem;}
.static-box:focus-visible {outline: 2px solid currentColor; outline-offset: 2px;}
.static-table {border-collapse: separate; border-spacing: 0; font-size: .875rem; min-width: 100%;}
.static-table th {position: sticky; top: 0; z-index: 1; text-align: left; font-weight: 600;
  padding: .4rem .6rem; white-space: nowrap; background: #f0f2f6; color: #31333f;
  border-bottom: 1px solid rgba(128,128,128,.4);}
@media (prefers-color-scheme: dark) {.static-table th {background: #262730; color: #fafafa;}}
.static-table th[aria-sort="descending"]::after {content: " ↓";}
.static-table td {padding: .3rem .6rem; white-space: nowrap; vertical-align: top;
  border-bottom: 1px solid rgba(128,128,128,.18);}
.static-table .num {text-align: right; font-variant-numeric: tabular-nums;}
.static-table td.wrap {white-space: normal; min-width: 10rem; max-width: 18rem;}
.static-table td.wrap div {display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
  overflow: hidden;}
.static-table td.wrap:hover div {-webkit-line-clamp: unset;}
.static-table td.prose {white-space: normal; min-width: 16rem; max-width: 40rem;}
.static-table tbody tr:hover {background: rgba(128,128,128,.08);}
@media (max-width: 640px) {.static-table td.wrap {min-width: 7rem; max-width: 11rem;}}
</style>"""


def static_table(markup: str, label: str) -> None:
    """A table of dashboard.tables.static_html, named `label` for screen readers, in a box that
    scrolls (keyboard too). Drawn as it comes, with no data grid behind it: on Données a filter
    change redrew usable in 0.36 s instead of 0.58 s at 1.6 M rows, because the grid rewrites its
    hidden copy for screen readers 0.2 s after each draw (issue 17, finding 10; bench/results
    browser-20261205-2223.md against browser-20261205-2026.md)."""
    box = f'<div class="static-box" role="region" aria-label="{html.escape(label)}" tabindex="0">'
    st.html(f"{box}{markup}</div>")


def csv_download(frame: pd.DataFrame, name: str, key: str, lang: str) -> None:
    """A button that downloads `frame` as CSV (exports.frame_csv: the DB's column names and
    numbers), named observatoire-pme_<name>_donnees-au-<date>.csv."""
    day = exports.data_date(query(queries.provenance_by_source))
    file_name = exports.export_filename([name], day, "csv")
    st.download_button(
        t("download_csv", lang),
        data=exports.frame_csv(frame),
        file_name=file_name,
        mime=exports.MIME_TYPES["csv"],
        key=key,
        on_click="ignore",
        help=file_name,
        icon=":material/download:",
    )


def chart_block(chart: alt.TopLevelMixin, table: Styler, caption: str, f: Filters) -> None:
    """A chart at full width, its caption, and a switch that shows its data table. The table is
    sent only once asked for: hidden in an expander it was sent with every page (issue 17,
    finding 10: Acheteurs with a buyer drew usable 0.8 s sooner at 1.6 M rows without them)."""
    st.altair_chart(charts.localised(chart, f.lang), width="stretch")
    st.caption(caption)
    table_on_demand(table, t("show_table", f.lang))


def static_markup(
    frame: pd.DataFrame,
    spec: list[tables.Column],
    f: Filters,
    wrap: Sequence[str] = (),
    descending: str = "",
    prose: Sequence[str] = (),
) -> str:
    """dashboard.tables.static_html of `frame`'s columns in `spec`, in f's language and currency;
    rows in several currencies get their amounts as plain numbers beside a currency column
    (tables.in_currencies)."""
    money = currency(f)
    spec = tables.in_currencies(spec, frame, money)
    return tables.static_html(frame, spec, f.lang, money, wrap, descending, prose)


def static_display(
    frame: pd.DataFrame,
    spec: list[tables.Column],
    f: Filters,
    label: str,
    wrap: Sequence[str] = (),
    descending: str = "",
) -> None:
    """`frame`'s columns in `spec` as a static table (static_markup) named `label`: for rows in the
    order the page sets (a query's order, a short ranked list), which a grid's sorting by header
    would undo, and whose page then need not load the grid's scripts."""
    static_table(static_markup(frame, spec, f, wrap, descending), label)


def table_on_demand(table: Styler | str, label: str, name: str = "", **kwargs: object) -> None:
    """A switch named `label` that draws `table` only once switched on: a long page's secondary
    tables are not sent with every visit (issue 17, finding 10). A data grid (data_table, with
    `kwargs`), or a static table (static_table, named `name` for screen readers, else `label`)
    given as static_markup. The switch stays on while the page draws it (Streamlit forgets the
    widgets a run does not draw)."""
    # One switch per table block of the page (of its tab), in drawing order.
    number = getattr(_FRAME, "blocks", 0)
    _FRAME.blocks = number + 1
    if not st.toggle(label, key=table_key(_FRAME.spec.url_path, _FRAME.tab, number)):
        return
    if isinstance(table, str):
        static_table(table, name or label)
    else:
        data_table(table, **kwargs)  # type: ignore[arg-type]


def table_key(path: str, tab: str, number: int) -> str:
    """The session key of the `number`th table switch (from 0) of the page at `path` in its `tab`
    ("" when it has none): a switch on in one tab leaves the others' off."""
    return f"table_{path}_{tab}_{number}" if tab else f"table_{path}_{number}"


def footer(f: Filters) -> None:
    """The provenance line every page ends with: sources, licences, « données au <date> »."""
    prov = query(queries.provenance_by_source)
    st.divider()
    if prov.empty:
        return
    sources = ", ".join(dict.fromkeys(prov["label_en" if f.lang == "en" else "label"].dropna()))
    licences = ", ".join(dict.fromkeys(prov["licence"].dropna())) or "–"
    day = exports.data_date(prov)
    date = fmt_date(day, f.lang) if pd.notna(day) else "–"
    st.caption(t("footer", f.lang, sources=sources, licences=licences, date=date))
    st.caption(t("footer_method", f.lang))
