"""Recount issue 16's comparison of countries by a second route (no DuckDB, no etl or dashboard
code): from the contracts tests/tools/recount_ted.py reads in the real TED notices, each country's
contracts, PME shares by count and by amount, and the size known, as Method §18 states them:

- a country's currency is the one most of its contracts are in (ties: the first by code);
- amounts are summed in that currency only: a contract in another one counts in the count shares,
  never in an amount sum; only ok amounts (Method §6) are summed;
- a contract with n winners weighs 1/n for each, its amount split the same way.

Run: `python -m tests.tools.recount_countries` prints the figures; tests/test_countries.py pins
them and checks that the app's « Par pays » table shows the same.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from tests.tools.recount_ted import SIZES, amount_status, r209


def by_country(contracts: list[dict]) -> dict[str, dict]:
    """{country: {contracts, currency, share_count, share_amount, coverage}} (shares rounded to 6
    decimals, None when nothing to divide)."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for contract in contracts:
        grouped[contract["country"]].append(contract)
    out = {}
    for country, rows in sorted(grouped.items()):
        counts = Counter(c["currency"] for c in rows)
        currency = sorted(counts, key=lambda cur: (-counts[cur], cur))[0]
        weight: Counter[str] = Counter()
        amount: Counter[str] = Counter()
        for c in rows:
            counted = amount_status(c["amount"]) == "ok" and c["currency"] == currency
            for size in c["sizes"]:
                cls = SIZES.get(size, "unknown")
                weight[cls] += 1 / len(c["sizes"])
                if counted:
                    amount[cls] += c["amount"] / len(c["sizes"])
        total_amount = sum(amount.values())
        out[country] = {
            "contracts": len(rows),
            "currency": currency,
            "share_count": round(weight["PME"] / len(rows), 6),
            "share_amount": round(amount["PME"] / total_amount, 6) if total_amount else None,
            "coverage": round((len(rows) - weight["unknown"]) / len(rows), 6),
        }
    return out


def main() -> None:
    contracts, _ = r209()
    for country, figures in by_country(contracts).items():
        print(country, figures)


if __name__ == "__main__":
    main()
