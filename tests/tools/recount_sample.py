"""Recount the shipped sample by a second route (plain Python + pandas, no DuckDB, no etl code).

Run once: `python tests/tools/recount_sample.py`. Its figures are written by hand into
tests/test_sample_numbers.py, so that the ETL's SQL is checked against an independent reading of
the Method on the same raw files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


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


def winners_of(titulaires: list) -> list[dict]:
    out: dict[str, dict] = {}
    for t in titulaires:
        if not isinstance(t, dict):
            continue
        wid = re.sub(r"\s", "", str(t.get("id") or ""))
        if wid.strip("0") and wid not in out:  # "000…0" is a placeholder, not an id
            scheme = (t.get("typeIdentifiant") or "").upper() or None
            out[wid] = {"id": wid, "scheme": scheme, "cat": None}
    return list(out.values())


def records_2019() -> list[dict]:
    rows = []
    for order, path in enumerate(sorted((SAMPLE / "decp-2019").glob("*.json"))):
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
                "winners": winners,
            })  # fmt: skip
    return rows


def records_tabular() -> list[dict]:
    rows = []
    for path in sorted((SAMPLE / "decp-tabular").glob("*.csv")):
        d = pd.read_csv(path, dtype=str, keep_default_na=False)
        d["row"] = range(len(d))
        for uid, g in d.groupby("uid", sort=False):
            last = g.iloc[-1]
            version = g[(g.dateNotification == last.dateNotification) & (g.montant == last.montant)]
            winners = winners_of([{"id": t} for t in version.titulaire_id])
            rows.append({
                "order": (10, int(last.row)), "uid": uid, "ok": bool(winners) and bool(last.acheteur_id.strip().strip("0")),
                "pub": "", "amount": last.montant, "winners": winners,
            })  # fmt: skip
    return rows


def main() -> None:
    records = records_2019() + records_tabular()
    rejected = sum(not r["ok"] for r in records)
    usable = [r for r in records if r["ok"]]
    best: dict[str, dict] = {}
    for r in usable:
        cur = best.get(r["uid"])
        if cur is None or (r["pub"] or "0", r["order"]) >= (cur["pub"] or "0", cur["order"]):
            best[r["uid"]] = r
    sirene = pd.read_csv(
        SAMPLE / "sirene" / "sirene_unites_legales_categorie.csv", dtype=str, keep_default_na=False
    )
    category = dict(zip(sirene.siren, sirene.categorieEntreprise, strict=True))
    awards = []
    for r in best.values():
        status = amount_status(r["amount"])
        n = len(r["winners"])
        for w in r["winners"]:
            siret = re.fullmatch(r"\d{14}", w["id"]) and w["scheme"] in (None, "SIRET")
            cat = category.get(w["id"][:9], "") if siret else ""
            size = cat if cat in ("PME", "ETI", "GE") else "unknown"
            share = float(r["amount"]) / n if status == "ok" else None
            awards.append({"size": size, "weight": 1 / n, "share": share})
    a = pd.DataFrame(awards)
    print(
        f"contracts {len(best)}  awards {len(a)}  rejected {rejected}  duplicates {len(usable) - len(best)}"
    )
    by_count = a.groupby("size").weight.sum() / a.weight.sum()
    by_amount = a.groupby("size").share.sum() / a.share.sum()
    for size in ("PME", "ETI", "GE", "unknown"):
        print(f"{size:8} count {by_count.get(size, 0):.6f}  amount {by_amount.get(size, 0):.6f}")
    print(f"amount ok total {a.share.sum():.2f}")


if __name__ == "__main__":
    main()
