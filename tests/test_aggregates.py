"""The pre-aggregated answers (agg_overview, agg_buyers, agg_cpv_codes, agg_size_basis, suppliers)
equal the same answers computed straight from the award rows (`awards`, the DESIGN view of
fact_awards' rows) + `contracts`. The award rows themselves are checked rule by rule in
test_etl_rules.py and against an independent recount in test_sample_numbers.py.

Each query function is compared, for a set of filter combinations, with a reference computed here
in pandas from one join of the raw tables: exact equality after rounding to 1e-6 (issue 4).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import queries
from dashboard.filters import Filters

DUNKERQUE = "20002715900017"

FILTERS: dict[str, Filters] = {
    "default": Filters(),
    "year range": Filters(year_from=2019, year_to=2024),
    "cpv division": Filters(cpv="45"),
    "contract type": Filters(contract_type="services"),
    "procedure": Filters(procedure="Procédure adaptée"),
    "framework out": Filters(framework=False),
    "aberrant in": Filters(aberrant=True),
    "one buyer": Filters(buyer=DUNKERQUE),
    "amount basis": Filters(basis="amount"),
    "combined": Filters(year_from=2018, year_to=2019, framework=False, aberrant=True, basis="amount"),
    "buyer and year": Filters(buyer=DUNKERQUE, year_from=2019, cpv="45"),
}

RAW_SQL = """
SELECT
    a.contract_uid,
    c.rowid AS contract_row,
    c.buyer_id,
    c.year,
    c.cpv_code,
    c.cpv_division,
    coalesce(c.contract_type, 'unknown') AS contract_type,
    c.procedure,
    c.is_framework,
    c.amount_status,
    c.amount,
    coalesce(a.supplier_siren, a.supplier_id) AS supplier_key,
    a.supplier_name,
    a.size_class,
    a.weight,
    a.amount_share,
    CASE
        WHEN c.amount_status = 'ok' OR ($aberrant AND c.amount_status = 'aberrant')
            THEN c.amount * a.weight
    END AS amount_counted
FROM awards AS a
JOIN contracts AS c USING (contract_uid)
"""


def raw(db: Path, f: Filters, *, ignore_buyer: bool = False) -> pd.DataFrame:
    """Award rows of the raw tables under `f`, filtered in pandas (one row per award)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(RAW_SQL, {"aberrant": f.aberrant}).df()
    keep = pd.Series(True, index=rows.index)
    if f.buyer is not None and not ignore_buyer:
        keep &= rows["buyer_id"] == f.buyer
    if f.year_from is not None:
        keep &= rows["year"] >= f.year_from
    if f.year_to is not None:
        keep &= rows["year"] <= f.year_to
    if f.cpv is not None:
        keep &= rows["cpv_division"] == f.cpv
    if f.contract_type is not None:
        keep &= rows["contract_type"] == f.contract_type
    if f.procedure is not None:
        keep &= rows["procedure"] == f.procedure
    if not f.framework:
        keep &= ~rows["is_framework"].fillna(False).astype(bool)
    return rows[keep].copy()


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        return round(float(value), 6) + 0.0
    return value


def rounded(frame: pd.DataFrame, columns: list[str]) -> list[tuple[object, ...]]:
    """The rows of `frame` (those columns, in order) with numbers rounded to 1e-6, NaN as None."""
    return [tuple(_cell(v) for v in row) for row in frame[columns].astype(object).itertuples(index=False)]


def _sum(values: pd.Series) -> float | None:
    """SQL sum: None over no non-NULL value. math.fsum, as the ETL's compensated sums."""
    kept = values.dropna()
    return math.fsum(kept) if len(kept) else None


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def share_sums(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """contracts, PME and classified weights and amounts, and the shares, per `keys` group."""
    out = []
    for key, g in rows.groupby(keys, dropna=False, sort=False):
        pme = g["size_class"] == "PME"
        known = g["size_class"] != "unknown"
        contracts = math.fsum(g["weight"])
        pme_weight = math.fsum(g.loc[pme, "weight"])
        classified_weight = math.fsum(g.loc[known, "weight"])
        amount_total = _sum(g["amount_counted"])
        pme_amount = _sum(g.loc[pme, "amount_counted"]) or 0.0
        classified_amount = _sum(g.loc[known, "amount_counted"])
        out.append(
            {
                **dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True)),
                "contracts": contracts,
                "share_count": _ratio(pme_weight, contracts),
                "share_amount": _ratio(pme_amount, amount_total),
                "share_count_classified": _ratio(pme_weight, classified_weight),
                "share_amount_classified": _ratio(pme_amount, classified_amount),
                "coverage": _ratio(classified_weight, contracts),
                "amount_total": amount_total,
                "pme_weight": pme_weight,
                "classified_weight": classified_weight,
                "pme_amount": pme_amount,
                "classified_amount": classified_amount,
            }
        )
    return pd.DataFrame(out, columns=[*keys, *SHARE_COLUMNS])


SHARE_COLUMNS = [
    "contracts",
    "share_count",
    "share_amount",
    "share_count_classified",
    "share_amount_classified",
    "coverage",
    "amount_total",
    "pme_weight",
    "classified_weight",
    "pme_amount",
    "classified_amount",
]


def same_rows(app: pd.DataFrame, expected: pd.DataFrame, keys: list[str], columns: list[str]) -> None:
    """Equal after rounding, rows matched by `keys` (the app's own order is checked elsewhere)."""
    cols = [*keys, *columns]
    assert sorted(rounded(app, cols), key=repr) == sorted(rounded(expected, cols), key=repr)


@pytest.fixture(scope="module", params=list(FILTERS), ids=list(FILTERS))
def case(request: pytest.FixtureRequest, fixture_db: Path) -> tuple[Path, Filters]:
    return fixture_db, FILTERS[request.param]


def _size_split(db: Path, f: Filters, key: str, fn: Callable[[Path, Filters], pd.DataFrame]) -> None:
    rows = raw(db, f)
    expected = (
        rows.groupby([key, "size_class"], dropna=False)
        .agg(weight_sum=("weight", math.fsum), amount_sum=("amount_counted", _sum))
        .reset_index()
    )
    same_rows(fn(db, f), expected, [key, "size_class"], ["weight_sum", "amount_sum"])


def test_size_split_by_year(case: tuple[Path, Filters]) -> None:
    _size_split(*case, "year", queries.size_split_by_year)


def test_size_split_by_contract_type(case: tuple[Path, Filters]) -> None:
    _size_split(*case, "contract_type", queries.size_split_by_contract_type)


def test_sme_share_by_cpv_division(case: tuple[Path, Filters]) -> None:
    db, f = case
    expected = share_sums(raw(db, f), ["cpv_division"])
    same_rows(queries.sme_share_by_cpv_division(db, f), expected, ["cpv_division"], SHARE_COLUMNS)


def test_sme_share_by_cpv_division_year(case: tuple[Path, Filters]) -> None:
    db, f = case
    rows = raw(db, f)
    expected = share_sums(rows[rows["year"].notna()], ["cpv_division", "year"])
    app = queries.sme_share_by_cpv_division_year(db, f)
    same_rows(app, expected, ["cpv_division", "year"], SHARE_COLUMNS)


@pytest.mark.parametrize("prefix", ["45", "452", "4521", "71"])
def test_sme_share_by_cpv_code(case: tuple[Path, Filters], prefix: str) -> None:
    db, f = case
    rows = raw(db, f)
    rows = rows[rows["cpv_code"].fillna("").str.startswith(prefix) & (rows["cpv_code"].str.len() == 8)]
    rows["code"] = rows["cpv_code"].str[: len(prefix) + 1]
    expected = share_sums(rows, ["code"])
    same_rows(queries.sme_share_by_cpv_code(db, f, prefix), expected, ["code"], SHARE_COLUMNS)


def test_sme_share_by_amount_bracket(case: tuple[Path, Filters]) -> None:
    db, f = case
    rows = raw(db, f)
    if not f.aberrant:
        rows = rows[rows["amount_status"] != "aberrant"]
    amount = rows["amount"]
    rows["amount_bracket"] = pd.Series("gt5.5M", index=rows.index, dtype=object)
    rows.loc[amount <= 5_500_000, "amount_bracket"] = "215k-5.5M"
    rows.loc[amount < 215_000, "amount_bracket"] = "90k-215k"
    rows.loc[amount < 90_000, "amount_bracket"] = "40k-90k"
    rows.loc[amount < 40_000, "amount_bracket"] = "lt40k"
    rows.loc[rows["amount_status"] == "missing", "amount_bracket"] = "unknown"
    expected = share_sums(rows, ["amount_bracket"])
    app = queries.sme_share_by_amount_bracket(db, f)
    same_rows(app, expected, ["amount_bracket"], SHARE_COLUMNS)


def _wilson(p: float, n: float, sign: int) -> float:
    z = 1.959964
    return (p + z * z / (2 * n) + sign * z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (
        1 + z * z / n
    )


@pytest.mark.parametrize(
    ("minimum", "order", "limit"), [(1, "wilson", 1000), (3, "wilson", 5), (1, "volume", 4)]
)
def test_sme_share_by_buyer(case: tuple[Path, Filters], minimum: float, order: str, limit: int) -> None:
    db, f = case
    sums = share_sums(raw(db, f, ignore_buyer=True), ["buyer_id"])
    sums = sums[sums["contracts"] >= minimum - 1e-9].copy()
    sums["coverage"] = sums["classified_weight"] / sums["contracts"]
    sums["wilson_low"] = [
        _wilson(p, n, -1) for p, n in zip(sums["share_count"], sums["contracts"], strict=True)
    ]
    sums["wilson_high"] = [
        _wilson(p, n, 1) for p, n in zip(sums["share_count"], sums["contracts"], strict=True)
    ]
    rank = (sums["contracts"] if order == "volume" else sums["wilson_low"]).round(9)
    sums = sums.assign(rank=rank).sort_values(["rank", "buyer_id"], ascending=[False, True]).head(limit)
    app = queries.sme_share_by_buyer(db, f, minimum, order, limit)  # type: ignore[arg-type]
    columns = ["contracts", "amount_total", "share_count", "coverage", "wilson_low", "wilson_high"]
    assert rounded(app, ["buyer_id", *columns]) == rounded(sums, ["buyer_id", *columns])


def _main_divisions(db: Path) -> dict[str, str]:
    """Per buyer, the CPV division of most of its contracts (whole database), ties to the lowest."""
    with duckdb.connect(str(db), read_only=True) as con:
        contracts = con.execute("SELECT buyer_id, cpv_division FROM contracts").df()
    counts = contracts.dropna().groupby(["buyer_id", "cpv_division"]).size()
    best: dict[str, tuple[int, str]] = {}
    for (buyer, division), n in counts.items():
        if buyer not in best or (-n, division) < (-best[buyer][0], best[buyer][1]):
            best[buyer] = (n, division)
    return {buyer: division for buyer, (_, division) in best.items()}


# One filter set per path of the query: whole database (agg_buyer_totals), years (agg_buyers), a
# CPV division or a procedure (fact_awards), frameworks out and aberrant amounts in.
SIMILAR_FILTERS = ["default", "year range", "cpv division", "procedure", "combined"]


@pytest.mark.parametrize("filters", SIMILAR_FILTERS)
@pytest.mark.parametrize(("buyer", "limit"), [(DUNKERQUE, 10), ("21740281700019", 3)])
def test_similar_buyers(sample_db: Path, filters: str, buyer: str, limit: int) -> None:
    """On the shipped sample (the fixture has too few buyers for a peer group): 215 buyers share
    Dunkerque's main division (45) and volume band with no filter."""
    db, f = sample_db, FILTERS[filters].replace(buyer=buyer)
    sums = share_sums(raw(db, f, ignore_buyer=True), ["buyer_id"])
    sums["coverage"] = sums["classified_weight"] / sums["contracts"]
    sums["share_count"] = sums["share_count"].round(9)  # as the query: equal shares compare equal
    app = queries.similar_buyers(db, f, 2.0, limit)
    if buyer not in set(sums["buyer_id"]):  # Thonon has no contract in 2019-2024 nor 2018-2019
        assert (app.empty, buyer, filters) == (True, "21740281700019", filters)
        assert filters in ("year range", "combined")
        return
    divisions = _main_divisions(db)
    me = sums[sums["buyer_id"] == buyer].iloc[0]
    n = me["contracts"]
    same = sums["buyer_id"].map(divisions) == divisions[buyer]
    band = (sums["contracts"] >= n / 2 - 1e-9) & (sums["contracts"] <= n * 2 + 1e-9)
    group = sums[same & band].copy()
    group["is_self"] = group["buyer_id"] == buyer
    group["distance"] = [round(abs(math.log(c / n)), 9) for c in group["contracts"]]
    others = group[~group["is_self"]]
    expected = group.sort_values(["is_self", "distance", "buyer_id"], ascending=[False, True, True])
    expected = expected.head(limit + 1).assign(
        peers=len(others),
        peers_median=others["share_count"].median(),
        peers_below=(others["share_count"] < me["share_count"]).mean(),
    )
    columns = [
        "buyer_id",
        "contracts",
        "share_count",
        "coverage",
        "is_self",
        "peers",
        "peers_median",
        "peers_below",
    ]
    assert rounded(app, columns) == rounded(expected, columns)
    assert set(app["main_cpv_division"]) == {divisions[buyer]}
    if filters == "default" and buyer == DUNKERQUE:
        assert (len(app), len(others), divisions[buyer]) == (11, 215, "45")


def _most_frequent(rows: pd.DataFrame, column: str) -> dict[str, object]:
    """Per supplier, the most frequent non-NULL value, ties to the greater (as the ETL)."""
    counts = rows.dropna(subset=[column]).groupby(["supplier_key", column], observed=True).size()
    best: dict[str, tuple[int, object]] = {}
    for (key, value), n in counts.items():
        if key not in best or (n, value) > best[key]:
            best[key] = (n, value)
    return {key: value for key, (_, value) in best.items()}


def _supplier_totals(rows: pd.DataFrame, names_from: pd.DataFrame) -> pd.DataFrame:
    totals = (
        rows.groupby("supplier_key")
        .agg(contracts=("weight", math.fsum), amount_total=("amount_counted", _sum))
        .reset_index()
    )
    names = _most_frequent(names_from, "supplier_name")
    sizes = _most_frequent(names_from, "size_class")
    totals["supplier_name"] = totals["supplier_key"].map(names)
    totals["size_class"] = totals["supplier_key"].map(sizes)
    return totals


SUPPLIER_COLUMNS = ["supplier_name", "size_class", "contracts", "amount_total"]


@pytest.mark.parametrize("order", ["count", "amount"])
def test_totals_by_supplier(case: tuple[Path, Filters], order: str) -> None:
    """Names and size classes are the most frequent over the whole database."""
    db, f = case
    expected = _supplier_totals(raw(db, f), raw(db, Filters()))
    app = queries.totals_by_supplier(db, f, order, 10_000)  # type: ignore[arg-type]
    same_rows(app, expected, ["supplier_key"], SUPPLIER_COLUMNS)
    # Issue 17: one explicit order, the figure ranked by, then the other one, then the name.
    first, second = ("amount_total", "contracts") if order == "amount" else ("contracts", "amount_total")
    ranked = expected.assign(
        first=expected[first].fillna(0).round(2), second=expected[second].fillna(0).round(2)
    ).sort_values(
        ["first", "second", "supplier_name", "supplier_key"],
        ascending=[False, False, True, True],
        na_position="last",
    )
    assert app["supplier_key"].tolist() == ranked["supplier_key"].tolist()


@pytest.mark.parametrize("one_supplier", [False, True], ids=["all suppliers", "one supplier"])
def test_award_rows_count_and_ranges(case: tuple[Path, Filters], one_supplier: bool) -> None:
    """Counts (agg_overview or fact_awards), the extract's row ranges (agg_buyers or fact_awards)
    and a page."""
    db, f = case
    rows = raw(db, f)
    if one_supplier:
        supplier = rows["supplier_key"].mode().sort_values().iloc[0] if len(rows) else "none"
        f = f.replace(supplier=supplier)
        rows = rows[rows["supplier_key"] == supplier]
    count = queries.award_rows_count(db, f)
    assert count[["award_rows", "contracts"]].to_dict("records") == [
        {"award_rows": len(rows), "contracts": rows["contract_uid"].nunique()}
    ]
    # Issue 17: the total of the shares under Données' table, over ok amounts and as the page counts.
    totals = count[["amount_share_total", "amount_counted_total"]].iloc[0].map(_cell).tolist()
    expected = [rows["amount_share"].sum(min_count=1), rows["amount_counted"].sum(min_count=1)]
    assert totals == [_cell(v) for v in expected]
    # Ranges of 5 award rows: a cut at the first buyer-year group with 5, 10, ... rows before it,
    # at the group's first contract row.
    groups = rows.groupby(["buyer_id", "year"], dropna=False).agg(
        n=("contract_row", "size"), first_row=("contract_row", "min")
    )
    groups = groups.sort_values("first_row")
    groups["before"] = groups["n"].cumsum() - groups["n"]
    late = groups[groups["before"] >= 5]
    cuts = late.groupby((late["before"] - 5) // 5)["first_row"].min().tolist()
    with duckdb.connect(str(db), read_only=True) as con:
        assert queries._row_ranges(con, f, 5) == list(itertools.pairwise([None, *cuts, None]))
    pages = queries.award_rows(db, f, limit=7, offset=3)
    ordered = rows.sort_values(["buyer_id", "year", "contract_uid"], na_position="last")
    assert list(pages["contract_uid"]) == list(ordered["contract_uid"].iloc[3:10])


def test_awards_by_size_basis(fixture_db: Path) -> None:
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        expected = con.execute(
            "SELECT size_basis, size_class, count(*) AS award_rows, sum(weight) AS contracts "
            "FROM awards GROUP BY ALL ORDER BY ALL"
        ).df()
    columns = ["size_basis", "size_class", "award_rows", "contracts"]
    assert rounded(queries.awards_by_size_basis(fixture_db), columns) == rounded(expected, columns)


def test_reference_lists(fixture_db: Path) -> None:
    rows = raw(fixture_db, Filters())
    by_year = (
        rows[rows["year"].notna()].groupby("year")["weight"].agg(math.fsum).reset_index(name="contracts")
    )
    assert rounded(queries.contracts_by_year(fixture_db), ["year", "contracts"]) == rounded(
        by_year, ["year", "contracts"]
    )
    by_procedure = (
        rows[rows["procedure"].notna()]
        .groupby("procedure")["weight"]
        .agg(math.fsum)
        .reset_index(name="contracts")
    )
    same_rows(queries.contracts_by_procedure(fixture_db), by_procedure, ["procedure"], ["contracts"])
