"""Recount the shipped sample by a second route (plain Python + pandas, no DuckDB, no etl code).

Run: `python tests/tools/recount_sample.py` (the sample), or
`python tests/tools/recount_sample.py --tabular tests/fixtures/constructed_decp_tabular_versions_2019.csv`
(one tabular file alone, with the sample's SIRENE categories). Its figures are written by hand into
tests/test_sample_numbers.py and tests/test_versions.py, and tests/test_recount.py runs it again to
check that it still gives them, so that the ETL's SQL is checked against an independent reading of
the Method on the same raw files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SIRENE = SAMPLE / "sirene" / "sirene_unites_legales_categorie.csv"
TRUE = {"true", "1", "t", "oui", "yes"}
NO_WINNER = re.compile(
    r"\b(SANS SUITE|INFRUCTUEU[SX]|PAS DE CANDIDAT|AUCUN CANDIDAT|AUCUNE OFFRE|NEANT|NON ATTRIBUE)\b"
)


def amount_status(x: object) -> str:
    """Method §6, read independently."""
    try:
        a = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "missing"
    if a != a:
        return "missing"
    if a < 1 or a > 3e9 or a in (999999999, 12311111111):
        return "aberrant"
    digits = str(int(a))
    if digits.startswith("123456789"):
        return "aberrant"
    if a > 1e8 and re.search(r"([1-9])\1{6}", digits):
        return "aberrant"
    return "ok"


def names_a_winner(name: str) -> bool:
    """Method §3: a published name that names someone (a letter, and no « sans suite »-like word)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    return bool(re.search(r"[A-Za-z]", plain)) and not NO_WINNER.search(plain)


def winners_of(titulaires: list) -> list[dict]:
    """Distinct winners in listing order: by id; an id of zeros with a real name is a winner without
    id (one per name), other ids of zeros are no winner."""
    out: dict[str, dict] = {}
    for t in titulaires:
        if not isinstance(t, dict):
            continue
        wid = re.sub(r"\s", "", str(t.get("id") or ""))
        name = str(t.get("denominationSociale") or "").strip()
        scheme = (t.get("typeIdentifiant") or "").upper() or None
        cat = (t.get("categorie") or "").strip().upper() or None
        if wid.strip("0"):
            out.setdefault(wid, {"id": wid, "scheme": scheme, "cat": cat})
        elif wid and names_a_winner(name):
            out.setdefault("name:" + name.upper(), {"id": None, "scheme": scheme, "cat": None})
    return list(out.values())


def notified_year(raw: object) -> int | None:
    """Method §8: the year of a date between 2000-01-01 and today, else None."""
    try:
        day = dt.date.fromisoformat(str(raw or "").strip()[:10])
    except ValueError:
        return None
    return day.year if dt.date(2000, 1, 1) <= day <= dt.datetime.now(dt.UTC).date() else None


def records_2019(paths: list[Path]) -> list[dict]:
    rows = []
    for order, path in enumerate(paths):
        for i, r in enumerate(json.loads(path.read_text(encoding="utf-8"))["marches"]):
            if "concession" in (r.get("_type") or "").lower() or "concessionnaires" in r:
                continue
            tit = r.get("titulaires")
            amount = r.get("montant")
            mods = r.get("modifications") or []
            keyed = sorted(
                enumerate(mods),
                key=lambda p: ((p[1].get("datePublicationDonneesModification") or "")[:10], p[0]),
            )
            for _, m in keyed:
                if m.get("montant") is not None:
                    amount = m["montant"]
                if isinstance(m.get("titulaires"), list) and m["titulaires"]:
                    tit = m["titulaires"]
            buyer = ((r.get("acheteur") or {}).get("id") or "").strip()
            cid = (r.get("id") or "").strip()
            ok = bool(buyer.strip("0")) and bool(cid) and isinstance(tit, list)
            winners = winners_of(tit) if isinstance(tit, list) else []
            rows.append({
                "order": (order, i), "uid": buyer + cid, "ok": ok and bool(winners),
                "pub": (r.get("datePublicationDonnees") or "")[:10], "amount": amount,
                "amount_initial": r.get("montant"), "year": notified_year(r.get("dateNotification")),
                "merged": len(cid) <= 4, "winners": winners,
                "buyer": buyer, "bids": _number(str(r.get("offresRecues") or "")),
            })  # fmt: skip
    return rows


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def records_tabular(paths: list[Path], first_order: int) -> list[dict]:
    """One record per uid of decp.info tabular files, by the versions rule (DESIGN §Method 2): the
    current version (donneesActuelles, then the highest modification_id, then the latest date and
    publication, then the last row read) gives the amount and winners; the initial one
    (modification_id 0, else the earliest date, then the first row read) the year and the initial
    amount."""
    records = []
    for order, path in enumerate(paths, start=first_order):
        with path.open(encoding="utf-8", newline="") as fh:
            by_uid: dict[str, list[dict]] = {}
            for number, row in enumerate(csv.DictReader(fh)):
                row = {key: (value or "").strip() for key, value in row.items()}
                version = _number(row.get("modification_id", ""))
                row.update(
                    row=number, day=row["dateNotification"][:10], pub=row.get("datePublicationDonnees", "")[:10],
                    current=row.get("donneesActuelles", "").lower() in TRUE, version=version,
                    amount=_number(row["montant"]),
                )  # fmt: skip
                by_uid.setdefault(row["uid"], []).append(row)
        for uid, rows in by_uid.items():
            last = max(rows, key=lambda r: (r["current"], -1 if r["version"] is None else r["version"],
                                            r["day"], r["pub"], r["row"]))  # fmt: skip
            version = [
                r for r in rows
                if (r["current"], r["dateNotification"], r["amount"], r["pub"])
                == (last["current"], last["dateNotification"], last["amount"], last["pub"])
            ]  # fmt: skip
            first = min(
                rows, key=lambda r: (1e9 if r["version"] is None else r["version"], r["day"] or "~", r["row"])
            )
            amounts_by_day: dict[str, set] = {}
            for r in rows:
                if r["day"]:
                    amounts_by_day.setdefault(r["day"], set()).add(r["amount"])
            titulaires = [
                {"id": r["titulaire_id"], "typeIdentifiant": r.get("titulaire_typeIdentifiant"),
                 "denominationSociale": r.get("titulaire_nom", ""), "categorie": r.get("titulaire_categorie")}
                for r in version
            ]  # fmt: skip
            winners = winners_of(titulaires)
            records.append({
                "order": (order, last["row"]), "uid": uid,
                "ok": bool(winners) and bool(last["acheteur_id"].strip("0")),
                "pub": last["pub"], "amount": last["amount"], "amount_initial": first["amount"],
                "year": notified_year(first["dateNotification"]),
                "merged": len(last["id"]) <= 4 or any(len(a) > 1 for a in amounts_by_day.values())
                or len(amounts_by_day) >= 10,
                "winners": winners,
                "buyer": last["acheteur_id"], "bids": _number(last.get("offresRecues", "")),
            })  # fmt: skip
    return records


def recount(json_files: list[Path], tabular_files: list[Path], sirene: Path = SIRENE) -> dict:
    """Contracts, awards, rejected and duplicate records, shares by size and the per-contract rows
    of the given inputs, read with plain Python and pandas."""
    records = records_2019(json_files) + records_tabular(tabular_files, first_order=len(json_files))
    rejected = sum(not r["ok"] for r in records)
    usable = [r for r in records if r["ok"]]
    best: dict[str, dict] = {}
    for r in usable:
        cur = best.get(r["uid"])
        if cur is None or (r["pub"] or "0", r["order"]) >= (cur["pub"] or "0", cur["order"]):
            best[r["uid"]] = r
    table = pd.read_csv(sirene, dtype=str, keep_default_na=False)
    category = dict(zip(table.siren, table.categorieEntreprise, strict=True))
    awards = []
    for r in best.values():
        status = amount_status(r["amount"])
        n = len(r["winners"])
        for w in r["winners"]:
            siret = (
                w["id"] is not None and re.fullmatch(r"\d{14}", w["id"]) and w["scheme"] in (None, "SIRET")
            )
            cat = w["cat"] if w["cat"] in ("PME", "ETI", "GE") else None
            cat = cat or (category.get(w["id"][:9], "") if siret else "")
            size = cat if cat in ("PME", "ETI", "GE") else "unknown"
            share = float(r["amount"]) / n if status == "ok" else None
            key = w["id"][:9] if siret else w["id"]  # the SIREN of a SIRET, else the published id
            awards.append({"size": size, "weight": 1 / n, "share": share, "placeholder": w["id"] is None,
                           "buyer": r["buyer"], "supplier": key})  # fmt: skip
    a = pd.DataFrame(awards)
    by_count = a.groupby("size").weight.sum() / a.weight.sum()
    by_amount = a.groupby("size").share.sum() / a.share.sum()
    return {
        "contracts": len(best),
        "awards": len(a),
        "rejected": rejected,
        "duplicates": len(usable) - len(best),
        "merged": sum(r["merged"] for r in best.values()),
        "placeholder_awards": int(a.placeholder.sum()),
        "years": dict(sorted(Counter(r["year"] for r in best.values()).items(), key=lambda kv: kv[0] or 0)),
        "shares": {
            size: (round(float(by_count.get(size, 0)), 6), round(float(by_amount.get(size, 0)), 6))
            for size in ("ETI", "GE", "PME", "unknown")
        },
        "amount_ok_total": round(float(a.share.sum()), 2),
        **competition(list(best.values()), a),
        "rows": {
            uid: (r["year"], _amount(r["amount_initial"]), _amount(r["amount"]))
            for uid, r in sorted(best.items())
        },
    }


def competition(contracts: list[dict], awards: pd.DataFrame, minimum: int = 10) -> dict:
    """Issue 14, read independently: the single-bid rate over the contracts that publish their
    bids, its coverage and lower median, and the five buyers (of `minimum` contracts or more) whose
    amounts are the most concentrated (Herfindahl-Hirschman index over their suppliers' shares)."""
    bids = sorted(r["bids"] for r in contracts if r["bids"] is not None)
    per_buyer = Counter(r["buyer"] for r in contracts)
    followed = awards[~awards.placeholder & awards.buyer.map(lambda b: per_buyer[b] >= minimum)]
    sums = followed.groupby(["buyer", "supplier"]).share.sum(min_count=1).dropna()
    shares = sums / sums.groupby(level="buyer").transform("sum")
    hhi = (shares**2).groupby(level="buyer").sum()
    top = sorted(hhi.items(), key=lambda kv: (-round(kv[1], 9), -per_buyer[kv[0]], kv[0]))[:5]
    return {
        "single_bid": (sum(b == 1 for b in bids), len(bids), len(contracts)),
        "median_bids": bids[(len(bids) - 1) // 2] if bids else None,
        "most_concentrated": [(buyer, round(value, 6)) for buyer, value in top],
    }


def _amount(value: object) -> float | None:
    """A published amount as a number, None when it is none (as the ETL's try_cast)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def sample_inputs() -> tuple[list[Path], list[Path]]:
    """The sample's (DECP 2019 JSON, tabular CSV) files, in the order `etl build` reads them."""
    return sorted((SAMPLE / "decp-2019").glob("*.json")), sorted((SAMPLE / "decp-tabular").glob("*.csv"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabular", type=Path, help="recount this tabular file alone, not the sample")
    args = parser.parse_args(argv)
    json_files, tabular_files = ([], [args.tabular]) if args.tabular else sample_inputs()
    figures = recount(json_files, tabular_files)
    print(
        f"contracts {figures['contracts']}  awards {figures['awards']}  rejected {figures['rejected']}  "
        f"duplicates {figures['duplicates']}  merged uids {figures['merged']}  "
        f"awards without winner id {figures['placeholder_awards']}"
    )
    for size, (count, amount) in figures["shares"].items():
        print(f"{size:8} count {count:.6f}  amount {amount:.6f}")
    print(f"amount ok total {figures['amount_ok_total']:.2f}")
    print("years", figures["years"])
    single, published, contracts = figures["single_bid"]
    print(f"single bid {single} of {published} published ({contracts} contracts)")
    print(f"median bids {figures['median_bids']}")
    print("most concentrated (buyer, HHI)", figures["most_concentrated"])
    if args.tabular:
        for uid, (year, initial, current) in figures["rows"].items():
            print(f"{uid:32} {year}  initial {initial!s:>12}  current {current!s:>12}")


if __name__ == "__main__":
    main()
