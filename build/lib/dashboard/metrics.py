"""Shares and the headline figures computed from the small frames the queries return.

Pure: pandas only. Follows DESIGN §Method 5: count shares over all awards (weights), amount
shares over ok amounts, each also among classified awards, with the coverage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.filters import Lang
from dashboard.i18n import fmt_contracts, fmt_pct, t

Z_95 = 1.959964


@dataclass(frozen=True)
class Summary:
    """Figures of one size split: contracts (weighted), amount (euros), shares 0-1 or None."""

    contracts: float
    amount: float | None
    share_count: float | None
    share_amount: float | None
    share_count_classified: float | None
    share_amount_classified: float | None
    coverage: float | None


def _ratio(num: float, den: float | None) -> float | None:
    if den is None or den == 0 or math.isnan(den):
        return None
    return num / den


def summarise(split: pd.DataFrame) -> Summary:
    """A Summary of rows with size_class, weight_sum, amount_sum (any other grouping summed over)."""
    weight = split.groupby("size_class")["weight_sum"].sum()
    amount = split.groupby("size_class")["amount_sum"].sum(min_count=1)
    total = float(weight.sum())
    pme = float(weight.get("PME", 0.0))
    classified = total - float(weight.get("unknown", 0.0))
    amount_total = float(amount.sum()) if amount.notna().any() else None
    pme_amount = float(amount.get("PME", 0.0)) if amount_total is not None else 0.0
    pme_amount = 0.0 if math.isnan(pme_amount) else pme_amount
    unknown_amount = amount.get("unknown", 0.0)
    unknown_amount = 0.0 if pd.isna(unknown_amount) else float(unknown_amount)
    classified_amount = None if amount_total is None else amount_total - unknown_amount
    return Summary(
        contracts=total,
        amount=amount_total,
        share_count=_ratio(pme, total),
        share_amount=_ratio(pme_amount, amount_total),
        share_count_classified=_ratio(pme, classified),
        share_amount_classified=_ratio(pme_amount, classified_amount),
        coverage=_ratio(classified, total),
    )


def latest_year(split: pd.DataFrame, min_fraction: float = 0.1) -> int | None:
    """The latest notification year of a by-year split holding at least `min_fraction` of the
    contracts of its busiest year (so that a year with a handful of early-published contracts
    does not speak for the period); None when no contract is dated."""
    dated = split.dropna(subset=["year"])
    if dated.empty:
        return None
    per_year = dated.groupby("year")["weight_sum"].sum()
    return int(per_year[per_year >= min_fraction * per_year.max()].index.max())


def wilson(successes: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval (low, high) of successes/n; n may be a weighted count."""
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    den = 1 + z * z / n
    return (centre - half) / den, (centre + half) / den


def headline(by_year: pd.DataFrame, lang: Lang) -> str | None:
    """« En 2019, les PME ont remporté 38 % des contrats mais 32 % des montants » for the latest
    year of a by-year split; None when no contract is dated."""
    year = latest_year(by_year)
    if year is None:
        return None
    s = summarise(by_year[by_year["year"] == year])
    count = fmt_pct(s.share_count, lang)
    if s.share_amount is None or s.share_count is None:
        return t("headline_no_amount", lang, year=year, count=count)
    conj = t("headline_but" if s.share_amount < s.share_count else "headline_and", lang)
    return t("headline", lang, year=year, count=count, conj=conj, amount=fmt_pct(s.share_amount, lang))


def headline_note(by_year: pd.DataFrame, lang: Lang) -> str | None:
    """What the headline's year rests on: its contracts, the part of unknown size and the PME
    share among the known sizes (« 45 % » reads differently when 40 % are unknown)."""
    year = latest_year(by_year)
    if year is None:
        return None
    s = summarise(by_year[by_year["year"] == year])
    if s.coverage is None:
        return None
    values = {"year": year, "contracts": fmt_contracts(s.contracts, lang)}
    if s.share_count_classified is None:
        return t("headline_note_unknown", lang, **values)
    values.update(unknown=fmt_pct(1 - s.coverage, lang), classified=fmt_pct(s.share_count_classified, lang))
    return t("headline_note", lang, **values)


def shares_by_year(split: pd.DataFrame) -> pd.DataFrame:
    """One row per dated year of a by-year split: year (int), share_count, share_amount (0-1),
    contracts (weighted)."""
    dated = split.dropna(subset=["year"])
    rows = []
    for year, group in dated.groupby("year"):
        s = summarise(group)
        shares = {"share_count": s.share_count, "share_amount": s.share_amount}
        rows.append({"year": int(year), **shares, "contracts": s.contracts})
    return pd.DataFrame(rows, columns=["year", "share_count", "share_amount", "contracts"])
