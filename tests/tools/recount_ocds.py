"""Recount an OCDS release package by a second route (plain Python and json, no DuckDB, no etl code).

Run: `python tests/tools/recount_ocds.py FILE.json`. Each ocid's releases are compiled the way
OCDS merging does (sorted by date; objects merged key by key, a null or absent value leaving the
earlier one; arrays of objects with an `id` merged by id; any other array replaced whole), then
every award with suppliers is a contract and every distinct supplier an award of weight
1/suppliers, sized by its party's details.scale. Its figures are written by hand into
tests/test_ocds.py, which runs it again and compares both with the ETL's build.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

SME_SCALES = {"micro", "sme", "small", "medium", "selfemployed"}


def merge(earlier: Any, later: Any) -> Any:
    """`later` merged over `earlier` (OCDS 1.1 merging, null values skipped)."""
    if later is None:
        return earlier
    if isinstance(later, dict) and isinstance(earlier, dict):
        out = dict(earlier)
        for key, value in later.items():
            out[key] = merge(earlier.get(key), value)
        return out
    if (
        isinstance(later, list)
        and isinstance(earlier, list)
        and all(isinstance(x, dict) and "id" in x for x in earlier + later)
    ):
        by_id = {str(x["id"]): x for x in earlier}
        for item in later:
            key = str(item["id"])
            by_id[key] = merge(by_id.get(key), item)
        return list(by_id.values())
    return later


def compiled(releases: list[dict]) -> dict[str, tuple[dict, list[dict]]]:
    """ocid -> (its compiled release, its releases in date order)."""
    by_ocid: dict[str, list[dict]] = defaultdict(list)
    for release in releases:
        by_ocid[release["ocid"]].append(release)
    out = {}
    for ocid, group in by_ocid.items():
        group = sorted(group, key=lambda r: r["date"])  # a stable sort: reading order on a tie
        state: dict = {}
        for release in group:
            state = merge(state, release)
        out[ocid] = (state, group)
    return out


def amount_ok(value: float | None) -> bool:
    """Method §6 for the amounts of this file (none is a placeholder): at least 1, at most 3 billion."""
    return value is not None and 1 <= value <= 3e9


def recount(path: Path) -> dict:
    """The figures of one release package built alone."""
    package = json.loads(path.read_text(encoding="utf-8"))
    country = re.match(r"([A-Z]{2})-", package["publisher"]["scheme"]).group(1)
    contracts = []
    awards = []
    for ocid, (release, history) in sorted(compiled(package["releases"]).items()):
        parties = {p["id"]: p for p in release.get("parties", [])}
        for award in release.get("awards", []):
            suppliers = list({s["id"]: s for s in award.get("suppliers", [])})
            if not suppliers:
                continue
            first_value = next(
                a["value"]["amount"]
                for r in history
                for a in r.get("awards", [])
                if a["id"] == award["id"] and a.get("value", {}).get("amount") is not None
            )
            amount = award["value"]["amount"]
            contracts.append(
                {
                    "uid": f"{ocid}/{award['id']}",
                    "amount": amount,
                    "amount_initial": first_value,
                    "currency": award["value"]["currency"],
                    "date": award["date"][:10],
                    "suppliers": len(suppliers),
                }
            )
            for supplier_id in suppliers:
                scale = (parties.get(supplier_id, {}).get("details") or {}).get("scale", "")
                size = "PME" if scale.lower() in SME_SCALES else "large" if scale == "large" else "unknown"
                awards.append(
                    {
                        "size": size,
                        "weight": 1 / len(suppliers),
                        "amount_share": amount / len(suppliers) if amount_ok(amount) else None,
                    }
                )
    weight = sum(a["weight"] for a in awards)
    amount = sum(a["amount_share"] for a in awards if a["amount_share"] is not None)
    shares = {}
    for size in sorted({a["size"] for a in awards}):
        mine = [a for a in awards if a["size"] == size]
        shares[size] = (
            round(sum(a["weight"] for a in mine) / weight, 6),
            round(sum(a["amount_share"] for a in mine if a["amount_share"] is not None) / amount, 6),
        )
    return {
        "releases": len(package["releases"]),
        "contracts": len(contracts),
        "awards": len(awards),
        "countries": sorted({country}),
        "currencies": sorted({c["currency"] for c in contracts}),
        "amount_total": round(sum(c["amount"] for c in contracts), 2),
        "amount_initial_total": round(sum(c["amount_initial"] for c in contracts), 2),
        "shares": shares,
        "years": dict(sorted(_count(c["date"][:4] for c in contracts).items())),
        "groupings": sum(1 for c in contracts if c["suppliers"] > 1),
    }


def _count(values: Any) -> dict:
    out: dict = defaultdict(int)
    for value in values:
        out[value] += 1
    return dict(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("package", type=Path)
    print(json.dumps(recount(parser.parse_args(argv).package), indent=2))


if __name__ == "__main__":
    main()
