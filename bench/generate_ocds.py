"""Synthetic OCDS 1.1 release packages (or JSON Lines) at any size, for timing the OCDS loader only.

Each contracting process (ocid) has a tender release and, for most, an award release published
later (some also an awardUpdate that revises the value), shaped as the real UK Contracts Finder
releases of tests/fixtures/ocds-uk-contracts-finder/ (the same keys, an English buyer, parties with
`details.scale`), with ids, dates, amounts, codes and suppliers drawn from a seed: 1 to 3 suppliers
an award, sizes sme / large / unpublished, some bid statistics and numberOfTenderers. Only the CPV
codes are real (data/sample/cpv). The same (releases, seed) gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from bench.generate import CPV_FILE, parse_rows

BUYERS = 20_000
SUPPLIERS = 200_000
P_AWARD = 0.85
P_UPDATE = 0.05
P_TENDERERS = 0.4
P_STATISTICS = 0.2
SUPPLIERS_P = (0.9, 0.07, 0.03)
# A supplier's published scale, by its number (the same supplier keeps its size): 45 % sme, 40 %
# large, 15 % unpublished.
SCALE_BANDS = ((45, "sme"), (85, "large"))
METHODS = (
    ("open", "Open procedure (below threshold)"),
    ("open", "Open procedure (above threshold)"),
    ("selective", "Call-off from a framework agreement"),
    ("selective", "Restricted procedure"),
    ("limited", "Competitive quotation (below threshold)"),
    ("direct", "Single tender action (below threshold)"),
    (None, "Other - "),
)
METHODS_P = (0.25, 0.15, 0.15, 0.05, 0.05, 0.2, 0.15)
START = datetime(2024, 1, 1, tzinfo=UTC)
PACKAGE = {
    "uri": "https://example.invalid/bench/ocds/package.json",
    "version": "1.1",
    "publishedDate": "2025-01-23T22:10:19Z",
    "publisher": {"name": "bench-synthetic", "scheme": "GB-GOR", "uid": "D2"},
    "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _buyer(n: int) -> dict[str, Any]:
    return {
        "id": f"GB-CFS-{n}",
        "name": f"Synthetic Council {n}",
        "identifier": {"legalName": f"Synthetic Council {n}"},
        "address": {"locality": "Town", "postalCode": "AB1 2CD", "countryName": "England"},
        "contactPoint": {"email": "procurement@example.invalid"},
        "roles": ["buyer"],
    }


def _supplier(n: int) -> dict[str, Any]:
    party: dict[str, Any] = {"id": f"GB-CFS-9{n:06d}", "name": f"Synthetic Supplier {n} Ltd"}
    if n % 3 == 0:
        party["id"] = f"GB-COH-{n:08d}"
        party["identifier"] = {"legalName": party["name"], "scheme": "GB-COH", "id": f"{n:08d}"}
    else:
        party["identifier"] = {"legalName": party["name"]}
    party["address"] = {"streetAddress": f"{n} High Street, London"}
    scale = next((scale for band, scale in SCALE_BANDS if n * 7919 % 100 < band), None)
    if scale is not None:
        party["details"] = {"scale": scale, "vcse": False}
    party["roles"] = ["supplier"]
    return party


def _tender(n: int, cpv: str, method: tuple[str | None, str], amount: float) -> dict[str, Any]:
    tender: dict[str, Any] = {
        "id": f"BENCH-{n:09d}",
        "title": f"Synthetic contract {n}",
        "description": f"Synthetic services for contracting process {n}, drawn for the OCDS benchmark.",
        "status": "active",
        "classification": {"scheme": "CPV", "id": cpv, "description": "Synthetic"},
        "items": [{"id": "1", "deliveryAddresses": [{"region": "England", "countryName": "United Kingdom"}]}],
        "value": {"amount": amount, "currency": "GBP"},
    }
    if method[0] is not None:
        tender["procurementMethod"] = method[0]
    tender["procurementMethodDetails"] = method[1]
    tender["suitability"] = {"sme": True, "vcse": False}
    tender["mainProcurementCategory"] = "services"
    return tender


def _notice(ocid: str, kind: str, published: datetime) -> dict[str, Any]:
    return {
        "id": "1",
        "documentType": kind,
        "description": "Notice on the synthetic register",
        "url": f"https://example.invalid/Notice/{ocid}",
        "datePublished": _time(published),
        "format": "text/html",
        "language": "en",
    }


def _awarded(rng: random.Random, tender_release: dict[str, Any], amount: float) -> list[dict[str, Any]]:
    """The award release of a process (and its awardUpdate, for some): 1 to 3 suppliers."""
    ocid = tender_release["ocid"]
    published = datetime.strptime(tender_release["date"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    awarded = published + timedelta(days=rng.randrange(20, 90))
    count = rng.choices((1, 2, 3), SUPPLIERS_P)[0]
    suppliers = [_supplier(rng.randrange(SUPPLIERS)) for _ in range(count)]
    award = {
        "id": f"{ocid}-1",
        "status": "active",
        "date": _time(awarded - timedelta(days=3)),
        "datePublished": _time(awarded),
        "value": {"amount": round(amount * rng.uniform(0.7, 1.05), 2), "currency": "GBP"},
        "suppliers": [{"id": s["id"], "name": s["name"]} for s in suppliers],
        "contractPeriod": {"startDate": _time(awarded), "endDate": _time(awarded + timedelta(days=365))},
        "documents": [_notice(ocid, "awardNotice", awarded)],
    }
    tender = tender_release["tender"] | {"status": "complete"}
    if rng.random() < P_TENDERERS:
        tender["numberOfTenderers"] = rng.randint(1, 12)
    release = tender_release | {
        "id": f"{ocid}-award",
        "date": _time(awarded),
        "tag": ["award"],
        "tender": tender,
        "parties": [*tender_release["parties"], *suppliers],
        "awards": [award],
    }
    if rng.random() < P_STATISTICS:
        bids = rng.randint(1, 15)
        release["bids"] = {
            "statistics": [
                {"id": "1", "measure": "bids", "value": bids},
                {"id": "2", "measure": "validBids", "value": max(1, bids - 1)},
            ]
        }
    out = [release]
    if rng.random() < P_UPDATE:
        value = {"amount": round(award["value"]["amount"] * 1.1, 2), "currency": "GBP"}
        updated = _time(awarded + timedelta(days=30))
        out.append(release | {"id": f"{ocid}-awardUpdate", "date": updated, "tag": ["awardUpdate"],
                              "awards": [award | {"value": value}]})  # fmt: skip
    return out


def releases(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """`count` releases, each process's in date order: tender, then award, then awardUpdate."""
    rng = random.Random(seed)
    cpv = _cpv_codes()
    written = n = 0
    while written < count:
        ocid = f"ocds-bench0-{n:09d}"
        published = START + timedelta(minutes=rng.randrange(525_600))
        buyer = _buyer(rng.randrange(BUYERS))
        amount = round(rng.lognormvariate(11.0, 1.6), 2)
        tender = _tender(n, rng.choice(cpv), rng.choices(METHODS, METHODS_P)[0], amount)
        tender["documents"] = [_notice(ocid, "tenderNotice", published)]
        out = [
            {
                "ocid": ocid,
                "id": f"{ocid}-tender",
                "language": "en",
                "date": _time(published),
                "tag": ["tender"],
                "initiationType": "tender",
                "tender": tender,
                "parties": [buyer],
                "buyer": {"id": buyer["id"], "name": buyer["name"]},
            }
        ]
        if rng.random() < P_AWARD:
            out.extend(_awarded(rng, out[0], amount))
        yield from out[: count - written]
        written += min(len(out), count - written)
        n += 1


def _cpv_codes() -> list[str]:
    with CPV_FILE.open(encoding="utf-8", newline="") as fh:
        return [row["code"] for row in csv.DictReader(fh)]


def write_package(out: IO[str], items: Iterator[dict[str, Any]]) -> None:
    """A release package, its metadata first, one release a line inside its list."""
    head = json.dumps(PACKAGE, ensure_ascii=False)[:-1]
    out.write(head + ', "releases": [\n')
    for i, release in enumerate(items):
        out.write((",\n" if i else "") + json.dumps(release, ensure_ascii=False))
    out.write("\n]}\n")


def write_lines(out: IO[str], items: Iterator[dict[str, Any]]) -> None:
    """JSON Lines, one release a line (no package: the country comes from the buyers' address)."""
    for release in items:
        out.write(json.dumps(release, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate_ocds", description=__doc__)
    parser.add_argument("--releases", required=True, type=parse_rows, help="e.g. 1000000 or 1M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, help="release package (JSON) to write")
    parser.add_argument("--jsonl", type=Path, help="the same releases as JSON Lines")
    args = parser.parse_args(argv)
    if args.releases < 1:
        parser.error("--releases must be at least 1")
    for path, write in ((args.out, write_package), (args.jsonl, write_lines)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                write(fh, releases(args.releases, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
