"""Recount the TED fixtures by a second route (defusedxml's ElementTree and the csv module; no DuckDB,
no etl code): contracts, awards, rejected lots, PME / large / unknown shares by count and by amount
in each currency, bids and countries, read from the notices by the Method as issue 16 states it.

Run: `python tests/tools/recount_ted.py` prints the figures of the three fixtures (TED XML R2.0.9,
their eForms conversion, the constructed CSV). tests/test_ted.py pins them by hand and checks that
this script still gives them and that the ETL's build gives the same.

The rules read here, independently of etl/ted.py and etl/sql/load/_ted_awards.sql:
- a contract per awarded contract of a lot (R2.0.9: an AWARD_CONTRACT with an AWARDED_CONTRACT of
  the original-language form; eForms: a settled contract of a lot result; CSV: a row with a winner);
  a lot not awarded is a rejected record;
- its winners: the contractors (eForms: the organisations of the winning tender's tendering party;
  CSV: the « --- »-joined names), one per published id, else per name; each weighs 1/n;
- size: <SME/>, eForms micro / small / medium (and « sme », as TED's converter writes it), CSV Y ->
  PME; <NO_SME/>, large, N -> large; else unknown;
- amount: VAL_TOTAL (eForms: the winning tender's value; CSV: AWARD_VALUE_EURO) in its currency; a
  contract without one takes the currency of its other values, or of the notice's total; amounts
  follow Method §6 (ok, aberrant, missing) and only ok amounts are summed;
- country: the buyer's, TED's UK as GB, eForms' alpha-3 codes as alpha-2.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import parse

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
R209_DIR = FIXTURES / "ted-can-xml" / "ted-xml-r209"
EFORMS_DIR = FIXTURES / "ted-can-xml" / "eforms-converted"
CSV_FILE = FIXTURES / "constructed_ted_can.csv"
R = {"t": "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"}
E = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
# The alpha-3 codes the eForms fixtures use, written out (ISO 3166-1).
ALPHA3 = {
    "AUT": "AT", "CZE": "CZ", "DEU": "DE", "ESP": "ES", "GBR": "GB", "IRL": "IE", "NOR": "NO",
    "POL": "PL", "SVK": "SK", "ZMB": "ZM",
}  # fmt: skip
SIZES = {"SME": "PME", "NO_SME": "large", "micro": "PME", "small": "PME", "medium": "PME", "sme": "PME",
         "large": "large", "Y": "PME", "N": "large"}  # fmt: skip


def amount_status(amount: float | None) -> str:
    """Method §6, read independently."""
    if amount is None:
        return "missing"
    if amount < 1 or amount > 3e9 or amount in (999999999, 12311111111):
        return "aberrant"
    digits = str(int(amount))
    if digits.startswith("123456789") or (amount > 1e8 and re.search(r"([1-9])\1{6}", digits)):
        return "aberrant"
    return "ok"


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _distinct(winners: list[tuple[str | None, str | None, str]]) -> list[str]:
    """The sizes of the distinct winners (by id, else by name) of one contract."""
    seen: dict[str, str] = {}
    for wid, name, size in winners:
        key = re.sub(r"\s", "", wid) if wid and wid.strip() else f"name:{(name or '').upper()}"
        seen.setdefault(key, size)
    return list(seen.values())


def r209(folder: Path = R209_DIR) -> tuple[list[dict], int]:
    """(contracts, lots not awarded) of the R2.0.9 notices of a folder."""
    contracts, rejected = [], 0
    for path in sorted(folder.glob("*.xml")):
        root = parse(path).getroot()
        form = next(f for f in root.find("t:FORM_SECTION", R) if f.get("CATEGORY") == "ORIGINAL")
        country = form.find("t:CONTRACTING_BODY/t:ADDRESS_CONTRACTING_BODY/t:COUNTRY", R).get("VALUE")
        notice_currency = next(
            (e.get("CURRENCY") for e in root.iterfind("t:CODED_DATA_SECTION/t:NOTICE_DATA/t:VALUES/*", R)),
            None,
        )
        for section in form.findall("t:AWARD_CONTRACT", R):
            awarded = section.find("t:AWARDED_CONTRACT", R)
            if awarded is None:
                rejected += 1
                continue
            total = awarded.find("t:VALUES/t:VAL_TOTAL", R)
            currencies = [e.get("CURRENCY") for e in awarded.iterfind("t:VALUES/*", R) if e.get("CURRENCY")]
            winners = [
                (
                    _text(c.find("t:ADDRESS_CONTRACTOR/t:NATIONALID", R)),
                    _text(c.find("t:ADDRESS_CONTRACTOR/t:OFFICIALNAME", R)),
                    "SME"
                    if c.find("t:SME", R) is not None
                    else "NO_SME"
                    if c.find("t:NO_SME", R) is not None
                    else "",
                )
                for c in awarded.iterfind("t:CONTRACTORS/t:CONTRACTOR", R)
            ]
            contracts.append({
                "country": {"UK": "GB", "EL": "GR"}.get(country, country),
                "currency": (total.get("CURRENCY") if total is not None else None)
                or next(iter(currencies), notice_currency),
                "amount": _number(_text(total)),
                "bids": _text(awarded.find("t:TENDERS/t:NB_TENDERS_RECEIVED", R)),
                "sizes": _distinct(winners),
            })  # fmt: skip
    return contracts, rejected


def eforms(folder: Path = EFORMS_DIR) -> tuple[list[dict], int]:
    """(contracts, lots not awarded) of the eForms notices of a folder."""
    contracts, rejected = [], 0
    for path in sorted(folder.glob("*.xml")):
        root = parse(path).getroot()
        ext = root.find("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension", E)
        result = ext.find("efac:NoticeResult", E)
        orgs = {
            o.find("cac:PartyIdentification/cbc:ID", E).text: o
            for o in ext.iterfind("efac:Organizations/efac:Organization/efac:Company", E)
        }
        buyer = orgs[root.find("cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID", E).text]
        country = buyer.find("cac:PostalAddress/cac:Country/cbc:IdentificationCode", E).text
        tenders = {t.find("cbc:ID", E).text: t for t in result.iterfind("efac:LotTender", E)}
        parties = {p.find("cbc:ID", E).text: p for p in result.iterfind("efac:TenderingParty", E)}
        settled = {s.find("cbc:ID", E).text: s for s in result.iterfind("efac:SettledContract", E)}
        notice_currency = next((e.get("currencyID") for e in result if e.get("currencyID")), None)
        for lot_result in result.iterfind("efac:LotResult", E):
            lot = lot_result.find("efac:TenderLot/cbc:ID", E).text
            refs = [s.find("cbc:ID", E).text for s in lot_result.iterfind("efac:SettledContract", E)]
            if not refs:
                rejected += 1
                continue
            bids = next(
                (_text(s.find("efbc:StatisticsNumeric", E)) for s in lot_result.iterfind("efac:ReceivedSubmissionsStatistics", E)
                 if _text(s.find("efbc:StatisticsCode", E)) == "tenders"),
                None,
            )  # fmt: skip
            result_currency = next(
                (e.get("currencyID") for e in lot_result.iter() if e.get("currencyID")), None
            )
            for ref in refs:
                # The contract's tender for this lot (a contract may cover several lots).
                mine = [
                    tenders[t.find("cbc:ID", E).text]
                    for t in settled[ref].iterfind("efac:LotTender", E)
                    if tenders[t.find("cbc:ID", E).text].find("efac:TenderLot/cbc:ID", E).text == lot
                ]
                value = mine[0].find("cac:LegalMonetaryTotal/cbc:PayableAmount", E)
                party = parties[mine[0].find("efac:TenderingParty/cbc:ID", E).text]
                winners = []
                for tenderer in party.iterfind("efac:Tenderer", E):
                    org = orgs[tenderer.find("cbc:ID", E).text]
                    winners.append((
                        _text(org.find("cac:PartyLegalEntity/cbc:CompanyID", E)),
                        _text(org.find("cac:PartyName/cbc:Name", E)),
                        _text(org.find("efbc:CompanySizeCode", E)) or "",
                    ))  # fmt: skip
                contracts.append({
                    "country": ALPHA3[country],
                    "currency": value.get("currencyID") if value is not None else result_currency or notice_currency,
                    "amount": _number(_text(value)),
                    "bids": bids,
                    "sizes": _distinct(winners),
                })  # fmt: skip
    return contracts, rejected


def ted_csv(path: Path = CSV_FILE) -> tuple[list[dict], int]:
    """(contracts, lots not awarded) of a TED award CSV (one award a row, groups joined by ---)."""
    contracts, rejected = [], 0
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["WIN_NAME"].strip():
                rejected += 1
                continue
            names = row["WIN_NAME"].split("---")
            ids = row["WIN_NATIONALID"].split("---") if row["WIN_NATIONALID"] else [None] * len(names)
            flags = row["B_CONTRACTOR_SME"].split("---") if row["B_CONTRACTOR_SME"] else [""] * len(names)
            if len(flags) != len(names):
                flags = [""] * len(names)
            contracts.append({
                "country": {"UK": "GB", "EL": "GR"}.get(row["ISO_COUNTRY_CODE"], row["ISO_COUNTRY_CODE"]),
                "currency": "EUR",
                "amount": _number(row["AWARD_VALUE_EURO"]),
                "bids": row["NUMBER_OFFERS"] or None,
                "sizes": _distinct(list(zip(ids, names, flags, strict=True))),
            })  # fmt: skip
    return contracts, rejected


def figures(contracts: list[dict], rejected: int) -> dict:
    """The pinned figures: counts, shares (6 decimals) by count and by amount in each currency,
    bids, countries and currencies."""
    weight: Counter[str] = Counter()
    amounts: dict[str, Counter[str]] = defaultdict(Counter)
    for c in contracts:
        ok = amount_status(c["amount"]) == "ok"
        for size in c["sizes"]:
            cls = SIZES.get(size, "unknown")
            weight[cls] += 1 / len(c["sizes"])
            if ok:
                amounts[c["currency"]][cls] += c["amount"] / len(c["sizes"])
    total = sum(weight.values())
    return {
        "contracts": len(contracts),
        "awards": sum(len(c["sizes"]) for c in contracts),
        "rejected": rejected,
        "count_shares": {k: round(v / total, 6) for k, v in sorted(weight.items())},
        "amount_shares": {
            cur: {k: round(v / sum(by.values()), 6) for k, v in sorted(by.items())}
            for cur, by in sorted(amounts.items())
        },
        "amount_ok": {cur: round(sum(by.values()), 2) for cur, by in sorted(amounts.items())},
        "bids": dict(sorted(Counter(int(c["bids"]) for c in contracts if c["bids"]).items())),
        "countries": dict(sorted(Counter(c["country"] for c in contracts).items())),
        "currencies": dict(sorted(Counter(c["currency"] for c in contracts).items())),
    }


def main() -> None:
    for name, reader in (("TED XML R2.0.9", r209), ("eForms", eforms), ("CSV", ted_csv)):
        print(name, figures(*reader()))


if __name__ == "__main__":
    main()
