"""The filters every page shares, one entry each in FILTERS: its URL key, parser, default, SQL
parameter, the fact_awards column it selects on, its sidebar widget and label, its words in the
filters line and its token in an extract's file name. `Filters` (the value a page reads), parsing,
URL writing, the SQL parameters, the sidebar (dashboard.ui) and the file names (dashboard.exports)
all read that table: a new filter is one entry here plus its predicate in
dashboard/sql/_sidebar_filters.sql (tests/test_filters.py shows it with a throwaway filter).

Pure: imports neither streamlit nor duckdb. Values are only checked for shape here; whether a
value exists in the database (a buyer, a CPV division) is checked by `dashboard.ui` through the
entry's `known` query.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pandas as pd

from dashboard import geo
from dashboard.i18n import Lang, country_label, cpv_label, t, type_label

Basis = Literal["count", "amount"]
ContractType = Literal["works", "supplies", "services"]
SizeClass = Literal["PME", "ETI", "GE", "large", "unknown"]

BASES: tuple[str, ...] = get_args(Basis)
CONTRACT_TYPES: tuple[str, ...] = get_args(ContractType)
LANGS: tuple[str, ...] = get_args(Lang)
SIZE_CLASSES: tuple[str, ...] = get_args(SizeClass)

# Concurrence's buyer ranking orders (dashboard.queries.competition_by_buyer).
RankBy = Literal["hhi", "top1", "single_bid", "no_competition"]
RANK_BY: tuple[str, ...] = get_args(RankBy)
# The column (its header text key) each order ranks by, largest first: competition_by_buyer.sql's
# rank_value (a single-bid rate by its lower 95 % bound).
RANKED_BY: dict[str, str] = {
    "hhi": "hhi",
    "top1": "top1_share",
    "single_bid": "single_bid_low",
    "no_competition": "no_competition_rate",
}
# Données' orders of the rows (dashboard.queries.award_rows): the extract's (buyer SIRET, year,
# contract, winner: award_rows.sql), or over every filtered row the largest share awarded, the
# largest contract amount, the latest year first (award_rows_sorted.sql).
RowOrder = Literal["extract", "share", "amount", "recent"]
ROW_ORDERS: tuple[str, ...] = get_args(RowOrder)

YEAR_MIN, YEAR_MAX = 2000, 2100
DEFAULT_MIN_CONTRACTS = 10  # Acheteurs ranking: buyers with fewer contracts are left out
MAX_MIN_CONTRACTS = 100_000
MAX_PAGE = 999_999
_SHOWN_CHARS = 40

# A published name, looked up by dashboard.ui for the filters line: name(kind, value) with kind
# "buyer", "supplier" or "cpv"; "" when none is published.
Lookup = Callable[[str, str], str]


@dataclass(frozen=True)
class Widget:
    """How the sidebar draws a filter (dashboard.ui): a language switch, the years slider, the
    buyer picker, a select, a checkbox or a radio. A select's or radio's choices are
    options(frame, lang) -> {value: label}, `frame` being what the dashboard.queries function
    named `source` returns (the whole database; an empty frame when no source)."""

    kind: Literal["language", "years", "buyer", "select", "checkbox", "radio"]
    options: Callable[[pd.DataFrame, Lang], dict[str, str]] | None = None
    source: str = ""
    none_text: str = ""  # i18n key of a select's « all » choice; none: no such choice, and the
    # select is drawn only when the data give more than one
    help: str = ""  # i18n key of the widget's help


@dataclass(frozen=True)
class Filter:
    """One filter, all of it. `scope`: "sidebar", every page and query follows it; "page", only
    the pages that name it (app.py's PageSpec.follows) and the queries that ask for it; "view",
    how a page shows its figures (language, basis, page of rows), never a restriction."""

    name: str  # the Filters field
    key: str  # the URL query key
    default: Any
    parse: Callable[[str], Any]  # URL text -> value; None when the text is refused
    scope: Literal["sidebar", "page", "view"] = "sidebar"
    param: bool = False  # bound as $<name> in the queries that follow it
    column: str | None = None  # the fact_awards column it selects rows on (routing, AGGREGATES)
    write: Callable[[Any], str] = str  # value -> URL text
    consistent: Callable[[Mapping[str, Any]], bool] | None = None  # with the other parsed fields
    known: str = ""  # dashboard.queries function(db, value): no row when the DB lacks the value
    widget: Widget | None = None
    label: str = ""  # i18n key of the widget's label
    words: Callable[[Any, Lang, Lookup], str | None] | None = None  # filters line: (f, lang, name)
    unfollowed: Callable[[Any, Lang, Lookup], str] | None = None  # said on a page that does not follow it
    token: Callable[[Any], str | None] | None = None  # extract file name part, French: (f)
    covers: tuple[str, ...] = ()  # other fields its widget, words and token stand for
    # dashboard.queries function(db) -> frame with `code`, `is_default`: the choices the database
    # holds. With several, an unset filter takes the default one (set, so queries select on it);
    # with one, the filter is no restriction and a link naming that one is read as unset.
    db_choices: str = ""


# The pre-aggregated tables (etl/sql/5xx) and the fact_awards columns each keeps. A query reads one
# only when every filter it follows that is set selects on one of these columns; otherwise it reads
# fact_awards. A filter on a new column therefore routes to fact_awards until its aggregate keeps
# the column (and this table says so). Filters.sql_params gives each as $from_<table>.
AGGREGATES: dict[str, frozenset[str]] = {
    "agg_overview": frozenset({"year", "cpv_division", "contract_type", "procedure", "is_framework"}),
    "agg_cpv_codes": frozenset({"year", "cpv_division", "contract_type", "procedure", "is_framework"}),
    "agg_competition": frozenset({"year", "cpv_division", "contract_type", "procedure", "is_framework"}),
    "agg_places": frozenset(
        {
            "year",
            "cpv_division",
            "contract_type",
            "procedure",
            "is_framework",
            "buyer_department",
            "buyer_region",
        }
    ),
    "agg_buyers": frozenset({"buyer_id", "year", "is_framework"}),
    "agg_buyer_totals": frozenset({"buyer_id", "is_framework"}),
    # Per buyer and year, with and without frameworks (first_row_no_framework, ...).
    "agg_buyer_years": frozenset({"buyer_id", "year", "is_framework"}),
    # Its running sums of award rows hold for the whole database only (with or without frameworks).
    "agg_buyer_years_whole": frozenset({"is_framework"}),
    "suppliers": frozenset({"supplier_key"}),
    # Per buyer over the whole database (or one buyer), aberrant amounts out: competition_by_buyer.
    "agg_buyer_competition": frozenset({"buyer_id"}),
    # The cells a supplier holds (incumbents.sql): valid under years, division, buyer filters.
    "agg_incumbency_cells": frozenset({"year", "cpv_division", "buyer_id", "supplier_key"}),
}


# Each page's tabs by its URL path, named in the URL's `tab` and headed by the texts tab_<name>
# (dashboard.ui.page_tabs): a page draws only its open tab, the first when the link names none of
# its own. Names differ across pages.
PAGE_TABS: dict[str, tuple[str, ...]] = {
    "acheteurs": ("profil", "comparaison", "fournisseurs"),  # a buyer's profile
    "concurrence": ("evolution", "pme", "rentes", "concentration"),
    "territoires": ("carte", "classement", "localisation"),
    "methode": ("methode", "qualite"),
}

# Parsers: URL text -> value, None when refused.

# Buyer ids are SIRETs for DECP; OCDS/TED ids carry letters, dots and dashes.
_ID_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:/-]{0,63}")


def _year(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d{4}", text) and YEAR_MIN <= int(text) <= YEAR_MAX else None


def _ident(text: str) -> str | None:
    return text if _ID_RE.fullmatch(text) else None


def _whole(low: int, high: int) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        return int(text) if re.fullmatch(r"\d{1,7}", text) and low <= int(text) <= high else None

    return parse


def _one_of(choices: Sequence[str]) -> Callable[[str], str | None]:
    return lambda text: text if text in choices else None


def _flag(text: str) -> bool | None:
    return {"0": False, "1": True}.get(text)


def _published_text(text: str) -> str | None:
    """A text as published (a procedure): up to 200 characters, no control character or <>."""
    return text if 0 < len(text) <= 200 and not re.search(r"[\x00-\x1f\x7f<>]", text) else None


def _years_words(f: Any, lang: Lang, _: Lookup) -> str | None:
    if f.year_from is not None and f.year_from == f.year_to:
        return str(f.year_from)
    if f.year_from is not None and f.year_to is not None:
        return f"{f.year_from}–{f.year_to}"
    if f.year_from is not None:
        return t("filters_from", lang, year=f.year_from)
    if f.year_to is not None:
        return t("filters_to", lang, year=f.year_to)
    return None


def _years_token(f: Any) -> str | None:
    """« 2019 », « 2018-2020 », and open-ended periods in words (a slug drops a trailing « - »,
    and « 2018 » alone would read as 2018 only): « depuis-2018 », « jusqu-a-2020 »."""
    if f.year_from is not None and f.year_from == f.year_to:
        return str(f.year_from)
    if f.year_from is not None and f.year_to is not None:
        return f"{f.year_from}-{f.year_to}"
    if f.year_from is not None:
        return f"depuis-{f.year_from}"
    if f.year_to is not None:
        return f"jusqu-a-{f.year_to}"
    return None


def _cpv_options(frame: pd.DataFrame, lang: Lang) -> dict[str, str]:
    rows = frame[["cpv_division", "label_fr", "label_en"]].itertuples(index=False)
    return {code: cpv_label(code, fr, en, lang) for code, fr, en in rows}


_COUNTRIES = "countries_by_contracts"


def _place_options(level: geo.Level) -> Callable[[pd.DataFrame, Lang], dict[str, str]]:
    """The choices of a place select: the codes of the data (a frame with `code`), named."""
    return lambda frame, _: geo.options(list(frame["code"]), level)


FILTERS: tuple[Filter, ...] = (
    # Issue 16: the contracts' country (ISO 3166 alpha-2). Amounts are summed within one country's
    # currency (Method §18), so there is no « all countries » choice: a database of several
    # countries shows one, France by default (etl/sql/260_countries.sql).
    Filter(
        "country",
        "country",
        None,
        lambda text: text.upper() if re.fullmatch(r"[A-Za-z]{2}", text) else None,
        param=True,
        column="country",
        known="country_by_code",
        widget=Widget(
            "select", lambda frame, lang: {c: country_label(c, lang) for c in frame["code"]}, _COUNTRIES
        ),
        label="country",
        words=lambda f, lang, _: country_label(f.country, lang),
        token=lambda f: f"pays-{f.country}",
        db_choices=_COUNTRIES,
    ),
    Filter(
        "year_from",
        "year_from",
        None,
        _year,
        param=True,
        column="year",
        widget=Widget("years"),
        label="years",
        words=_years_words,
        token=_years_token,
        covers=("year_to",),
    ),
    Filter(
        "year_to",
        "year_to",
        None,
        _year,
        param=True,
        column="year",
        consistent=lambda fields: fields.get("year_from") is None or fields["year_from"] <= fields["year_to"],
    ),
    Filter(
        "buyer",
        "buyer",
        None,
        _ident,
        param=True,
        column="buyer_id",
        known="buyer_by_id",
        widget=Widget("buyer"),
        label="buyer",
        words=lambda f, lang, name: f"{name('buyer', f.buyer) or t('name_unpublished', lang)} ({f.buyer})",
        token=lambda f: f"acheteur-{f.buyer}",
    ),
    Filter(
        "cpv",
        "cpv",
        None,
        lambda text: text if re.fullmatch(r"\d{2}", text) else None,
        param=True,
        column="cpv_division",
        known="cpv_division_by_code",
        widget=Widget("select", _cpv_options, "contracts_by_cpv_division", "all_sectors"),
        label="cpv_division",
        words=lambda f, lang, name: cpv_label(f.cpv, name("cpv", f.cpv), name("cpv", f.cpv), lang),
        token=lambda f: f"cpv-{f.cpv}",
    ),
    # Secteurs' drill-down: the CPV prefix opened (2, 3 or 4 digits), inside `cpv`.
    Filter(
        "group",
        "group",
        None,
        lambda text: text if re.fullmatch(r"\d{2,4}", text) else None,
        scope="page",
        consistent=lambda fields: fields.get("cpv") is None or fields["group"][:2] == fields["cpv"],
        known="cpv_code_by_prefix",
        words=lambda f, lang, _: t("filters_group", lang, group=f.group),
        unfollowed=lambda f, lang, _: t("group_not_applied", lang, group=f.group),
    ),
    Filter(
        "contract_type",
        "type",
        None,
        _one_of(CONTRACT_TYPES),
        param=True,
        column="contract_type",
        widget=Widget(
            "select", lambda _, lang: {c: type_label(c, lang) for c in CONTRACT_TYPES}, none_text="all_types"
        ),
        label="contract_type",
        words=lambda f, lang, _: type_label(f.contract_type, lang),
        token=lambda f: type_label(f.contract_type, "fr"),
    ),
    Filter(
        "procedure",
        "procedure",
        None,
        _published_text,
        param=True,
        column="procedure",
        known="procedure_by_name",
        widget=Widget(
            "select",
            lambda frame, _: {p: p for p in frame["procedure"]},
            "contracts_by_procedure",
            "all_procedures",
        ),
        label="procedure",
        words=lambda f, lang, _: f.procedure,
        token=lambda f: f.procedure,
    ),
    # Territoires (issue 15): the buyer's département and région (INSEE codes, fact_awards.buyer_*),
    # then how the page's map groups them.
    Filter(
        "dept",
        "dept",
        None,
        geo.department_code,
        param=True,
        column="buyer_department",
        known="department_by_code",
        widget=Widget("select", _place_options("dept"), "contracts_by_department", "all_departments"),
        label="department",
        words=lambda f, lang, _: t("filters_department", lang, name=geo.label("dept", f.dept)),
        token=lambda f: f"departement-{f.dept}",
    ),
    Filter(
        "region",
        "region",
        None,
        geo.region_code,
        param=True,
        column="buyer_region",
        known="region_by_code",
        widget=Widget("select", _place_options("region"), "contracts_by_region", "all_regions"),
        label="region",
        words=lambda f, lang, _: t("filters_region", lang, name=geo.label("region", f.region)),
        token=lambda f: f"region-{f.region}",
    ),
    Filter("territory", "map", "dept", _one_of(geo.LEVELS), scope="view"),
    # Framework agreements included (their amount is a ceiling, Method §7).
    Filter(
        "framework",
        "framework",
        True,
        _flag,
        param=True,
        column="is_framework",
        write=lambda value: "1" if value else "0",
        widget=Widget("checkbox", help="framework_help"),
        label="framework",
        words=lambda f, lang, _: t("filters_no_framework", lang),
        token=lambda f: "hors-accords-cadres",
    ),
    # Aberrant amounts added to the sums: it selects no rows (every aggregate keeps amount_status).
    Filter(
        "aberrant",
        "aberrant",
        False,
        _flag,
        param=True,
        write=lambda value: "1" if value else "0",
        widget=Widget("checkbox", help="aberrant_help"),
        label="aberrant",
        words=lambda f, lang, _: t("filters_aberrant", lang),
    ),
    Filter(
        "basis",
        "basis",
        "count",
        _one_of(BASES),
        scope="view",
        widget=Widget("radio", lambda _, lang: {b: t(f"basis_{b}", lang) for b in BASES}),
        label="basis",
        words=lambda f, lang, _: t("filters_by_amount", lang),
    ),
    # Titulaires (and Données): one supplier, by supplier_key (SIREN, else the published id).
    Filter(
        "supplier",
        "supplier",
        None,
        _ident,
        scope="page",
        param=True,
        column="supplier_key",
        known="supplier_by_key",
        words=lambda f, lang, name: t(
            "filters_supplier", lang, name=name("supplier", f.supplier), supplier=f.supplier
        ),
        unfollowed=lambda f, lang, name: t(
            "supplier_not_applied", lang, name=name("supplier", f.supplier), supplier=f.supplier
        ),
        token=lambda f: f"titulaire-{f.supplier}",
    ),
    # Données: the contracts whose uid looks like several merged (Method §13): None all, False
    # without them, True only them.
    Filter(
        "merged_uid",
        "merged_uid",
        None,
        _flag,
        scope="page",
        param=True,
        column="merged_uid",
        write=lambda value: "1" if value else "0",
        words=lambda f, lang, _: t("filters_merged_only" if f.merged_uid else "filters_merged_out", lang),
        unfollowed=lambda f, lang, _: t("merged_uid_not_applied", lang),
        token=lambda f: "uid-fusionnes-seulement" if f.merged_uid else "sans-uid-fusionnes",
    ),
    # Acheteurs' ranking: buyers with fewer contracts are left out (its own control on the page).
    Filter("min_contracts", "min", DEFAULT_MIN_CONTRACTS, _whole(1, MAX_MIN_CONTRACTS), scope="view"),
    # Concurrence's buyer ranking: the indicator buyers are ranked by (its own control on the page).
    Filter("rank_by", "rank_by", "hhi", _one_of(RANK_BY), scope="view"),
    # A page's open tab, one of PAGE_TABS (dashboard.ui.page_tabs): only that tab is drawn.
    Filter(
        "tab", "tab", None, _one_of([name for names in PAGE_TABS.values() for name in names]), scope="view"
    ),
    # Données: the order of the rows and the page shown (the query gets its offset).
    Filter("sort", "sort", "extract", _one_of(ROW_ORDERS), scope="view"),
    Filter("page", "page", 1, _whole(1, MAX_PAGE), scope="view"),
    Filter(
        "lang",
        "lang",
        "fr",
        _one_of(LANGS),
        scope="view",
        param=True,
        widget=Widget("language", lambda _, lang: {code: code.upper() for code in LANGS}),
        label="language",
    ),
)
# URL keys that set several fields: ?year=2019 is year_from=2019&year_to=2019.
ALIASES: dict[str, tuple[str, ...]] = {"year": ("year_from", "year_to")}


class _FiltersMethods:
    """What every Filters value can do; the fields come from its class's TABLE."""

    TABLE: tuple[Filter, ...] = ()

    def replace(self, **changes: object) -> Any:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

    def is_set(self, entry: Filter) -> bool:
        """Whether the filter differs from its default."""
        return getattr(self, entry.name) != entry.default

    def mentions(self, entry: Filter) -> bool:
        """Whether the filter or a field it covers is set: its words and token are due."""
        return self.is_set(entry) or any(self.is_set(e) for e in self.TABLE if e.name in entry.covers)

    def sql_params(self, *page_filters: str) -> dict[str, object]:
        """The bound parameters of a query that follows the sidebar filters and the page-scoped
        ones named (e.g. "supplier"; the others at their default, no restriction): each filter's
        value by name, plus $from_<table> for each of AGGREGATES, true when the query may read
        that table (the set filters' columns are all among its columns)."""
        params: dict[str, object] = {}
        columns: set[str] = set()
        for entry in self.TABLE:
            if not entry.param:
                continue
            if entry.scope == "page" and entry.name not in page_filters:
                params[entry.name] = entry.default
                continue
            params[entry.name] = getattr(self, entry.name)
            if entry.column is not None and self.is_set(entry):
                columns.add(entry.column)
        for table, kept in AGGREGATES.items():
            params[f"from_{table}"] = columns <= kept
        return params


def filters_class(table: tuple[Filter, ...]) -> type:
    """A frozen dataclass with one field a filter of `table` (its default), and TABLE = table."""
    fields = [(e.name, object, dataclasses.field(default=e.default)) for e in table]
    cls = dataclasses.make_dataclass(
        "Filters", fields, bases=(_FiltersMethods,), frozen=True, namespace={"TABLE": table}
    )
    cls.__module__ = __name__
    cls.__doc__ = "What the user is looking at: one field a filter of FILTERS, at its default when not set."
    return cls


Filters: Any = filters_class(FILTERS)


def _shown(value: str) -> str:
    """A value as echoed in a warning (inside a code span): one line, capped, no backtick or <>."""
    flat = re.sub(r"[\x00-\x1f\x7f`<>]", "?", value)
    return flat if len(flat) <= _SHOWN_CHARS else flat[: _SHOWN_CHARS - 1] + "…"


def _one(value: str | list[str]) -> str:
    """The last value of a repeated parameter, as Streamlit's st.query_params does."""
    if isinstance(value, list):
        return value[-1] if value else ""
    return value


def parse_params(params: Mapping[str, str | list[str]], cls: Any = None) -> tuple[Any, list[str]]:
    """Filters (of `cls`, default Filters) from URL params, and the `key=value` items that were
    ignored: a key no filter has, a value its parser refuses, then a value inconsistent with the
    others (shape only; the database is not read)."""
    cls = cls or Filters
    by_key = {e.key: e for e in cls.TABLE}
    by_name = {e.name: e for e in cls.TABLE}
    fields: dict[str, object] = {}
    ignored: list[str] = []
    for key, raw in params.items():
        text = _one(raw).strip()
        names = ALIASES.get(key, (by_key[key].name,) if key in by_key else ())
        value = by_name[names[0]].parse(text) if names else None
        if value is None:
            ignored.append(f"{_shown(key)}={_shown(text)}")
            continue
        fields.update(dict.fromkeys(names, value))
    for entry in cls.TABLE:
        if entry.name in fields and entry.consistent is not None and not entry.consistent(fields):
            ignored.append(f"{entry.key}={_shown(entry.write(fields.pop(entry.name)))}")
    return cls(**fields), ignored


def to_params(f: Any) -> dict[str, str]:
    """URL params for `f`, defaults left out, in the table's order (the inverse of parse_params)."""
    return {e.key: e.write(getattr(f, e.name)) for e in f.TABLE if f.is_set(e)}


def without(f: Any, *names: str) -> Any:
    """A copy of `f` with the named fields reset to their defaults."""
    defaults = {e.name: e.default for e in f.TABLE}
    return f.replace(**{name: defaults[name] for name in names})


def line_parts(f: Any, lang: Lang, name: Lookup, follows: Sequence[str] = ()) -> list[str]:
    """The words of the filters line: one part a set filter, in the table's order; a page-scoped
    filter only on a page that follows it (`follows`)."""
    parts = []
    for entry in f.TABLE:
        if entry.words is None or not f.mentions(entry):
            continue
        if entry.scope == "page" and entry.name not in follows:
            continue
        words = entry.words(f, lang, name)
        if words:
            parts.append(words)
    return parts


def unfollowed_notes(f: Any, lang: Lang, name: Lookup, follows: Sequence[str] = ()) -> list[str]:
    """What a page says about the set page-scoped filters it does not follow (`follows`)."""
    return [
        entry.unfollowed(f, lang, name)
        for entry in f.TABLE
        if entry.unfollowed is not None and f.is_set(entry) and entry.name not in follows
    ]


def tokens(f: Any) -> list[str]:
    """The parts of an extract's file name that say which filters made it, in the table's order."""
    parts = [entry.token(f) for entry in f.TABLE if entry.token is not None and f.mentions(entry)]
    return [part for part in parts if part]
