"""Filters <-> URL params: good values kept, hostile ones ignored and named, round trip stable;
the filter table read by every part, and which table a query may read under a filter."""

import re
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import exports, filters
from dashboard.filters import (
    AGGREGATES,
    FILTERS,
    Filter,
    Filters,
    Widget,
    filters_class,
    line_parts,
    parse_params,
    to_params,
    without,
)
from dashboard.i18n import t

SQL = Path(filters.__file__).resolve().parent / "sql"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filters()),
        ({"year_from": "2018", "year_to": "2019"}, Filters(year_from=2018, year_to=2019)),
        ({"year": "2019"}, Filters(year_from=2019, year_to=2019)),
        ({"buyer": "21750001600019"}, Filters(buyer="21750001600019")),
        ({"cpv": "45"}, Filters(cpv="45")),
        ({"cpv": "45", "group": "4521"}, Filters(cpv="45", group="4521")),
        ({"group": "45"}, Filters(group="45")),
        ({"group": "452"}, Filters(group="452")),
        ({"group": "4521"}, Filters(group="4521")),
        ({"min": "25"}, Filters(min_contracts=25)),
        ({"min": "1"}, Filters(min_contracts=1)),
        ({"min": "10"}, Filters()),
        ({"page": "3"}, Filters(page=3)),
        ({"page": "1"}, Filters()),
        ({"sort": "share"}, Filters(sort="share")),
        ({"sort": "extract"}, Filters()),
        ({"type": "works"}, Filters(contract_type="works")),
        ({"type": "services"}, Filters(contract_type="services")),
        ({"procedure": "Appel d'offres ouvert"}, Filters(procedure="Appel d'offres ouvert")),
        ({"framework": "0"}, Filters(framework=False)),
        ({"framework": "1"}, Filters(framework=True)),
        ({"aberrant": "1"}, Filters(aberrant=True)),
        ({"basis": "amount"}, Filters(basis="amount")),
        ({"lang": "en"}, Filters(lang="en")),
        ({"supplier": "FR21483209383"}, Filters(supplier="FR21483209383")),
        ({"cpv": [" 09 ", "45"]}, Filters(cpv="45")),
        ({"dept": "75"}, Filters(dept="75")),
        ({"country": "GB"}, Filters(country="GB")),
        ({"country": "fr"}, Filters(country="FR")),
        ({"dept": "2a"}, Filters(dept="2A")),
        ({"dept": "2B"}, Filters(dept="2B")),
        ({"dept": "974"}, Filters(dept="974")),
        ({"dept": "01"}, Filters(dept="01")),
        ({"region": "11"}, Filters(region="11")),
        ({"region": "04"}, Filters(region="04")),
        ({"map": "region"}, Filters(territory="region")),
        ({"map": "dept"}, Filters()),
    ],
)
def test_good_values_are_kept(params: dict, expected: Filters) -> None:
    assert parse_params(params) == (expected, [])


@pytest.mark.parametrize(
    ("params", "expected", "ignored"),
    [
        ({"year_from": "abc"}, Filters(), ["year_from=abc"]),
        ({"year": "abc"}, Filters(), ["year=abc"]),
        ({"year_to": "1999"}, Filters(), ["year_to=1999"]),
        ({"year_from": "2019", "year_to": "2018"}, Filters(year_from=2019), ["year_to=2018"]),
        ({"buyer": "1' OR '1'='1"}, Filters(), ["buyer=1' OR '1'='1"]),
        ({"buyer": "<script>alert(1)</script>"}, Filters(), ["buyer=?script?alert(1)?/script?"]),
        ({"cpv": "4"}, Filters(), ["cpv=4"]),
        ({"cpv": "45; DROP TABLE contracts"}, Filters(), ["cpv=45; DROP TABLE contracts"]),
        ({"group": "4521x"}, Filters(), ["group=4521x"]),
        ({"group": "4"}, Filters(), ["group=4"]),
        ({"group": "45210"}, Filters(), ["group=45210"]),
        ({"min": "0"}, Filters(), ["min=0"]),
        ({"min": "-5"}, Filters(), ["min=-5"]),
        ({"min": "ten"}, Filters(), ["min=ten"]),
        ({"min": "100001"}, Filters(), ["min=100001"]),
        ({"min": "1e3"}, Filters(), ["min=1e3"]),
        ({"page": "0"}, Filters(), ["page=0"]),
        ({"sort": "amount desc"}, Filters(), ["sort=amount desc"]),
        ({"page": "-1"}, Filters(), ["page=-1"]),
        ({"page": "1000000"}, Filters(), ["page=1000000"]),
        ({"cpv": "09", "group": "4521"}, Filters(cpv="09"), ["group=4521"]),
        ({"type": "Travaux"}, Filters(), ["type=Travaux"]),
        ({"procedure": "<img src=x>"}, Filters(), ["procedure=?img src=x?"]),
        ({"framework": "yes"}, Filters(), ["framework=yes"]),
        ({"aberrant": "true"}, Filters(), ["aberrant=true"]),
        ({"basis": "euros"}, Filters(), ["basis=euros"]),
        ({"lang": "de"}, Filters(), ["lang=de"]),
        ({"utm_source": "x"}, Filters(), ["utm_source=x"]),
        ({"buyer": "9" * 80}, Filters(), ["buyer=" + "9" * 39 + "…"]),
        # Corsica is 2A and 2B since 1976; no département 96, 00 or 979; an overseas one has 3 digits.
        ({"dept": "20"}, Filters(), ["dept=20"]),
        ({"dept": "96"}, Filters(), ["dept=96"]),
        ({"dept": "00"}, Filters(), ["dept=00"]),
        ({"dept": "979"}, Filters(), ["dept=979"]),
        ({"dept": "75001"}, Filters(), ["dept=75001"]),
        ({"dept": "7"}, Filters(), ["dept=7"]),
        ({"region": "05"}, Filters(), ["region=05"]),
        ({"region": "1"}, Filters(), ["region=1"]),
        ({"region": "Bretagne"}, Filters(), ["region=Bretagne"]),
        ({"map": "commune"}, Filters(), ["map=commune"]),
        ({"country": "GBR"}, Filters(), ["country=GBR"]),
        ({"country": "G1"}, Filters(), ["country=G1"]),
        (
            {"year_from": "2018", "cpv": "xx", "type": "works", "basis": "count;--"},
            Filters(year_from=2018, contract_type="works"),
            ["cpv=xx", "basis=count;--"],
        ),
    ],
)
def test_hostile_values_are_ignored_and_named(params: dict, expected: Filters, ignored: list) -> None:
    assert parse_params(params) == (expected, ignored)


def test_warning_text_names_the_ignored_values() -> None:
    _, ignored = parse_params({"year_from": "abc", "cpv": "<script>"})
    items = ", ".join(f"`{item}`" for item in ignored)
    assert t("ignored_warning", "fr", items=items) == (
        "Lien partiellement lu\u00a0: valeurs ignorées\u00a0: `year_from=abc`, `cpv=?script?`."
    )
    assert t("ignored_warning", "en", items=items) == (
        "Link partly read: ignored values: `year_from=abc`, `cpv=?script?`."
    )


@pytest.mark.parametrize(
    ("filters", "params"),
    [
        (Filters(), {}),
        (Filters(lang="en", basis="amount"), {"basis": "amount", "lang": "en"}),
        (
            Filters(year_from=2018, year_to=2024, buyer="21750001600019", cpv="45", group="452"),
            {
                "year_from": "2018",
                "year_to": "2024",
                "buyer": "21750001600019",
                "cpv": "45",
                "group": "452",
            },
        ),
        (
            Filters(contract_type="supplies", procedure="Procédure adaptée", framework=False),
            {"type": "supplies", "procedure": "Procédure adaptée", "framework": "0"},
        ),
        (Filters(aberrant=True, supplier="810460808"), {"aberrant": "1", "supplier": "810460808"}),
        (Filters(group="4521", min_contracts=25, lang="en"), {"group": "4521", "min": "25", "lang": "en"}),
        (
            Filters(dept="2A", region="94", territory="region"),
            {"dept": "2A", "region": "94", "map": "region"},
        ),
    ],
)
def test_to_params_leaves_defaults_out_and_round_trips(filters: Filters, params: dict) -> None:
    assert to_params(filters) == params
    assert parse_params(params) == (filters, [])


def test_sql_params_are_the_bound_values() -> None:
    f = Filters(year_from=2018, cpv="45", contract_type="works", framework=False, lang="en", supplier="1")
    routes = {
        f"from_{table}": table in ("agg_overview", "agg_cpv_codes", "agg_competition", "agg_places")
        for table in AGGREGATES
    }
    assert f.sql_params() == {
        "country": None,
        "year_from": 2018,
        "year_to": None,
        "buyer": None,
        "cpv": "45",
        "contract_type": "works",
        "procedure": None,
        "framework": False,
        "aberrant": False,
        "supplier": None,  # page-scoped: a query that does not ask for it gets no restriction
        "merged_uid": None,
        "dept": None,
        "region": None,
        "lang": "en",
        **routes,
    }
    assert f.sql_params("supplier")["supplier"] == "1"


@pytest.mark.parametrize(
    ("f", "lang", "words", "file_tokens"),
    [
        (Filters(dept="2A"), "fr", ["département 2A Corse-du-Sud"], ["departement-2A"]),
        (Filters(dept="974"), "en", ["département 974 La Réunion"], ["departement-974"]),
        (Filters(region="84"), "fr", ["région 84 Auvergne-Rhône-Alpes"], ["region-84"]),
        (Filters(region="04", territory="region"), "en", ["region 04 La Réunion"], ["region-04"]),
    ],
)
def test_a_place_in_the_filters_line_and_the_file_name(
    f: Filters, lang: str, words: list, file_tokens: list
) -> None:
    """The filters line names the place from the shipped outlines (overseas from geo.OVERSEAS)."""
    assert line_parts(f, lang, lambda kind, value: "") == words
    assert exports.filter_tokens(f) == file_tokens


def test_without_resets_named_fields() -> None:
    f = Filters(buyer="21750001600019", cpv="45", lang="en")
    assert without(f, "buyer", "cpv") == Filters(lang="en")


def test_default_minimum_contracts_stays_out_of_the_url() -> None:
    assert to_params(Filters(min_contracts=10)) == {}


# One text of each shape a filter's parser may accept, and arbitrary text: every entry's accepted
# values, and only those, go into the Filters that round-trip.
URL_TEXTS = st.one_of(
    st.sampled_from(["0", "1", "fr", "en", "works", "supplies", "services", "count", "amount"]),
    st.from_regex(r"\A\d{1,7}\Z"),
    st.from_regex(r"\A[0-9A-Za-z][0-9A-Za-z._:/-]{0,20}\Z"),
    st.text(max_size=30),
)


@given(st.fixed_dictionaries({entry.name: URL_TEXTS for entry in FILTERS}))
def test_every_filter_round_trips_through_the_url(texts: dict[str, str]) -> None:
    """parse(to_params(f)) == f for any value each filter's parser accepts, every filter at once."""
    fields = {}
    for entry in FILTERS:
        value = entry.parse(texts[entry.name].strip())
        if value is not None:
            fields[entry.name] = value
    for entry in FILTERS:
        if entry.name in fields and entry.consistent is not None and not entry.consistent(fields):
            del fields[entry.name]
    f = Filters(**fields)
    assert parse_params(to_params(f)) == (f, [])


def _colour_words(f, lang, name):
    return f"couleur {f.colour}"


# A filter that no page has: one entry, as a new filter would be added.
COLOUR = Filter(
    "colour",
    "colour",
    None,
    lambda text: text if text in ("red", "blue") else None,
    param=True,
    column="colour",
    widget=Widget("select", lambda _, lang: {"red": "rouge", "blue": "bleu"}, none_text="all_types"),
    label="contract_type",
    words=_colour_words,
    token=lambda f: f"couleur-{f.colour}",
)


def test_a_new_filter_is_one_entry() -> None:
    """With one more entry, the URL, the SQL parameters (and the route to fact_awards, as no
    aggregate keeps its column), the filters line and the file name all know it."""
    extended = filters_class((*FILTERS, COLOUR))
    f, ignored = parse_params({"colour": "red", "year": "2019", "tint": "x"}, extended)
    assert (f.colour, f.year_from, f.year_to, ignored) == ("red", 2019, 2019, ["tint=x"])
    assert parse_params({"colour": "green"}, extended)[1] == ["colour=green"]
    assert to_params(f) == {"year_from": "2019", "year_to": "2019", "colour": "red"}
    params = f.sql_params()
    assert params["colour"] == "red"
    assert [table for table in AGGREGATES if params[f"from_{table}"]] == []
    assert extended().sql_params()["colour"] is None
    assert all(extended().sql_params()[f"from_{table}"] for table in AGGREGATES)
    assert line_parts(f, "fr", lambda kind, value: "") == ["2019", "couleur red"]
    assert exports.filter_tokens(f) == ["2019", "couleur-red"]


@pytest.mark.parametrize(
    ("f", "usable"),
    [
        (Filters(), set(AGGREGATES)),
        (Filters(lang="en", basis="amount", min_contracts=3, page=2, group="452"), set(AGGREGATES)),
        # The aberrant switch selects no rows: every aggregate keeps amount_status.
        (Filters(aberrant=True), set(AGGREGATES)),
        # The competition's buyer tables keep no framework column.
        (
            Filters(framework=False),
            set(AGGREGATES) - {"suppliers", "agg_buyer_competition", "agg_incumbency_cells"},
        ),
        (
            Filters(year_from=2019),
            {
                "agg_overview",
                "agg_cpv_codes",
                "agg_competition",
                "agg_places",
                "agg_buyers",
                "agg_buyer_years",
                "agg_incumbency_cells",
            },
        ),
        (
            Filters(cpv="45"),
            {"agg_overview", "agg_cpv_codes", "agg_competition", "agg_places", "agg_incumbency_cells"},
        ),
        (
            Filters(contract_type="works", procedure="x"),
            {"agg_overview", "agg_cpv_codes", "agg_competition", "agg_places"},
        ),
        (
            Filters(buyer="1"),
            {
                "agg_buyers",
                "agg_buyer_totals",
                "agg_buyer_years",
                "agg_buyer_competition",
                "agg_incumbency_cells",
            },
        ),
        (Filters(buyer="1", year_to=2019), {"agg_buyers", "agg_buyer_years", "agg_incumbency_cells"}),
        (Filters(buyer="1", cpv="45"), {"agg_incumbency_cells"}),
        # The buyer's place is in fact_awards and agg_places only.
        (Filters(dept="75"), {"agg_places"}),
        (Filters(region="11"), {"agg_places"}),
        (Filters(territory="region"), set(AGGREGATES)),
        # Followed only by the queries that ask for it.
        (Filters(supplier="1"), set(AGGREGATES)),
    ],
)
def test_which_tables_a_query_may_read(f: Filters, usable: set[str]) -> None:
    """A query reads an aggregate only when it keeps the column of every filter set."""
    params = f.sql_params()
    assert {table for table in AGGREGATES if params[f"from_{table}"]} == usable


def test_a_supplier_routes_the_queries_that_follow_it_off_the_aggregates() -> None:
    params = Filters(supplier="1").sql_params("supplier")
    # The held cells keep each supplier (incumbents.sql applies it to the pairs, not the sums).
    assert [table for table in AGGREGATES if params[f"from_{table}"]] == ["suppliers", "agg_incumbency_cells"]


def _predicates(name: str) -> set[str]:
    """The $parameters of an include file's predicates (its comment lines left out)."""
    lines = (SQL / name).read_text(encoding="utf-8").splitlines()
    return set(re.findall(r"\$(\w+)", "\n".join(line for line in lines if not line.startswith("--"))))


def test_each_filter_s_predicate_is_written_once_where_its_column_is_kept() -> None:
    """A filter on a column every filtered aggregate keeps has its predicate in
    _sidebar_filters.sql (applied to aggregates and fact_awards alike); one on a column only
    fact_awards has, in _fact_filters.sql (applied to fact_awards rows), the place filters among
    them in _place_filters.sql, which _fact_filters includes and agg_places' rows use too."""
    kept = AGGREGATES["agg_overview"] & AGGREGATES["agg_cpv_codes"]
    places = AGGREGATES["agg_places"] - kept
    selecting = [e for e in FILTERS if e.param and e.column is not None]
    assert _predicates("_sidebar_filters.sql") == {e.name for e in selecting if e.column in kept}
    assert _predicates("_place_filters.sql") == {e.name for e in selecting if e.column in places}
    assert _predicates("_fact_filters.sql") == {e.name for e in selecting if e.column not in kept | places}
    assert "-- include: _place_filters" in (SQL / "_fact_filters.sql").read_text(encoding="utf-8")
    assert not (SQL / "_sidebar_filters.sql").read_text().count("$aberrant")


def test_the_aggregates_keep_the_columns_the_table_says(fixture_db: Path) -> None:
    """AGGREGATES against the built DB: each table has the filter columns it claims and none it
    does not (agg_buyer_years keeps frameworks as columns of their own; suppliers is whole-DB)."""
    columns = {e.column for e in FILTERS if e.column is not None}
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        for table, kept in AGGREGATES.items():
            name = "agg_buyer_years" if table == "agg_buyer_years_whole" else table
            present = {row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()} & columns
            if name == "agg_buyer_years":
                present |= {"is_framework"}
            if table == "agg_buyer_years_whole":
                present = {"is_framework"}
            assert present == kept, table
