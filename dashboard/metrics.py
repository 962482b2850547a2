"""The headline figures read from the PME shares the SQL computes (dashboard/sql/sme_share_by_year.sql,
Method §5: count shares over all awards, amount shares over ok amounts, each also among classified
awards, with the coverage): one formula, in SQL; here only which row says what.

Pure: pandas only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.filters import Lang
from dashboard.i18n import fmt_contracts, fmt_decimal, fmt_pct, t


@dataclass(frozen=True)
class Summary:
    """Figures of one row of PME shares: contracts (weighted), amount (euros), shares 0-1 or None."""

    contracts: float
    amount: float | None
    share_count: float | None
    share_amount: float | None
    share_count_classified: float | None
    share_amount_classified: float | None
    coverage: float | None


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _summary(row: pd.Series) -> Summary:
    return Summary(
        contracts=_number(row["contracts"]) or 0.0,
        amount=_number(row["amount_total"]),
        share_count=_number(row["share_count"]),
        share_amount=_number(row["share_amount"]),
        share_count_classified=_number(row["share_count_classified"]),
        share_amount_classified=_number(row["share_amount_classified"]),
        coverage=_number(row["coverage"]),
    )


def summarise(shares: pd.DataFrame) -> Summary:
    """The whole selection's Summary: the is_total row of a sme_share_by_year frame."""
    return _summary(shares[shares["is_total"]].iloc[0])


def _years(shares: pd.DataFrame) -> pd.DataFrame:
    """The rows of the dated years of a sme_share_by_year frame."""
    return shares[~shares["is_total"] & shares["year"].notna()]


def undated(shares: pd.DataFrame) -> Summary | None:
    """The undated contracts' Summary (no usable notification date), or None when there are none."""
    rows = shares[~shares["is_total"] & shares["year"].isna()]
    return _summary(rows.iloc[0]) if len(rows) else None


def latest_year(shares: pd.DataFrame, min_fraction: float = 0.1) -> int | None:
    """The latest notification year holding at least `min_fraction` of the contracts of its
    busiest year (so that a year with a handful of early-published contracts does not speak for
    the period); None when no contract is dated."""
    dated = _years(shares)
    if dated.empty:
        return None
    per_year = dated.set_index("year")["contracts"]
    return int(per_year[per_year >= min_fraction * per_year.max()].index.max())


def _year_summary(shares: pd.DataFrame, year: int) -> Summary:
    dated = _years(shares)
    return _summary(dated[dated["year"] == year].iloc[0])


def headline(shares: pd.DataFrame, lang: Lang) -> str | None:
    """« En 2019, les PME ont remporté 38 % des contrats mais 32 % des montants » for the latest
    year of a sme_share_by_year frame; None when no contract is dated."""
    year = latest_year(shares)
    if year is None:
        return None
    s = _year_summary(shares, year)
    count = fmt_pct(s.share_count, lang)
    if s.share_amount is None or s.share_count is None:
        return t("headline_no_amount", lang, year=year, count=count)
    conj = t("headline_but" if s.share_amount < s.share_count else "headline_and", lang)
    return t("headline", lang, year=year, count=count, conj=conj, amount=fmt_pct(s.share_amount, lang))


def headline_note(shares: pd.DataFrame, lang: Lang) -> str | None:
    """What the headline's year rests on: its contracts, the part of unknown size and the PME
    share among the known sizes (« 45 % » reads differently when 40 % are unknown)."""
    year = latest_year(shares)
    if year is None:
        return None
    s = _year_summary(shares, year)
    if s.coverage is None:
        return None
    values = {"year": year, "contracts": fmt_contracts(s.contracts, lang)}
    if s.share_count_classified is None:
        return t("headline_note_unknown", lang, **values)
    values.update(unknown=fmt_pct(1 - s.coverage, lang), classified=fmt_pct(s.share_count_classified, lang))
    return t("headline_note", lang, **values)


def shares_by_year(shares: pd.DataFrame) -> pd.DataFrame:
    """One row per dated year of a sme_share_by_year frame: year (int), share_count, share_amount
    (0-1), contracts (weighted)."""
    dated = _years(shares)
    return pd.DataFrame(
        {
            "year": dated["year"].astype(int).tolist(),
            "share_count": dated["share_count"].tolist(),
            "share_amount": dated["share_amount"].tolist(),
            "contracts": dated["contracts"].tolist(),
        },
        columns=["year", "share_count", "share_amount", "contracts"],
    )


# The contracts' columns behind the Concurrence page's clauses (sme_share_by_clause.sql).
CLAUSE_COLUMNS = ("social_clause", "innovative", "subcontracting_declared")


def clauses_published(coverage: pd.DataFrame) -> bool:
    """Whether any contract publishes a social clause, innovation or subcontracting (a
    published_by_column frame)."""
    rows = coverage[(coverage["table_name"] == "contracts") & coverage["column_name"].isin(CLAUSE_COLUMNS)]
    return bool((rows["published"] > 0).any())


def _reading(value: object, kind: str, lang: Lang) -> str:
    number = _number(value)
    if kind == "pct":
        return fmt_pct(number, lang, 1)
    return fmt_decimal(number, lang, 2 if kind == "index" else 1)


def _rates(frame: pd.DataFrame, column: str, floor: float) -> pd.Series:
    """A column of competition_by_buyer rows; the single-bid rate only over `floor` published counts."""
    if column == "single_bid_rate":
        return frame[column].where(frame["bids_published"] >= floor)
    return frame[column]


def competition_against(
    mine: pd.DataFrame,
    peers: pd.DataFrame,
    every: pd.DataFrame,
    rows: tuple[tuple[str, str, str], ...],
    floor: float,
    lang: Lang,
) -> pd.DataFrame:
    """One row per indicator (key, this_buyer, peers, all as texts): the buyer's value (its
    competition_by_buyer row), the median over comparable buyers and over all buyers. A single-bid
    rate over fewer than `floor` published counts reads « moins de N offres publiées » (issue 14)."""
    out = []
    for column, key, kind in rows:
        value = mine[column].iloc[0] if len(mine) else None
        published = mine["bids_published"].iloc[0] if len(mine) else 0
        if column == "single_bid_rate" and published == 0:
            text = t("not_published", lang)
        elif column == "single_bid_rate" and published < floor:
            text = t("too_few_published", lang, published=fmt_contracts(published, lang))
        else:
            text = _reading(value, kind, lang)
        medians = [_reading(_rates(frame, column, floor).median(), kind, lang) for frame in (peers, every)]
        out.append({"key": key, "this_buyer": text, "peers": medians[0], "all": medians[1]})
    return pd.DataFrame(out)
