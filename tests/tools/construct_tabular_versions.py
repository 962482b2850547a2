"""Construct a decp.info-tabular version file from the real DECP 2019 records with modifications.

No real extract of the national tabular file with its version rows ships with the project, so this
script makes one from real records, by decp-processing's documented rule (`src/tasks/transform.py`,
`apply_modifications` and `sort_modifications`; issue 12):

1. Each marché with a non-empty `modifications` list (concessions left out) gives its initial
   version and one version per modification. A modification's version takes the modification's
   `dateNotificationModification` as its `dateNotification` (empty when it has none) and its
   `datePublicationDonneesModification` as its `datePublicationDonnees`; its `montant`,
   `dureeMois` and `titulaires` when it gives them. As upstream (`unique("uid")`), one record's
   fixed fields per uid (the last one read) and the modifications of every record of the uid.
2. A uid's versions sorted by `dateNotification` (empty first, as polars sorts) carry `montant`,
   `dureeMois` and `titulaires` forward where a version leaves them empty.
3. One row per version and titulaire; rows repeating (uid, titulaire id, id type,
   dateNotification) are dropped (upstream keeps an arbitrary one: here the last version read).
4. `modification_id` is the dense rank of `dateNotification` within the uid, from 0, empty for an
   empty date; `donneesActuelles` is true on the rows of the highest rank (empty when unranked).
5. Dates are cut to YYYY-MM-DD (decp-processing types them as dates); rows are sorted by
   dateNotification, latest first (empty last), then uid, as the published file is.

Run once: `python tests/tools/construct_tabular_versions.py`; it writes
tests/fixtures/constructed_decp_tabular_versions_2019.csv (committed, see tests/fixtures/PROVENANCE.md).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample" / "decp-2019"
OUT = ROOT / "tests" / "fixtures" / "constructed_decp_tabular_versions_2019.csv"
COLUMNS = [
    "uid",
    "id",
    "nature",
    "acheteur_id",
    "acheteur_nom",
    "titulaire_id",
    "titulaire_typeIdentifiant",
    "titulaire_nom",
    "montant",
    "codeCPV",
    "procedure",
    "objet",
    "dureeMois",
    "dateNotification",
    "datePublicationDonnees",
    "modification_id",
    "donneesActuelles",
    "lieuExecution_code",
    "lieuExecution_typeCode",
    "sourceFile",
]


def day(value: object) -> str | None:
    """A published date as YYYY-MM-DD (its first 10 characters), None when absent."""
    text = str(value or "").strip()
    return text[:10] or None


def text(value: object) -> str:
    """A CSV cell: empty for None, the number as JSON writes it, else the text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def marches_with_modifications() -> list[tuple[str, dict]]:
    """(file name, record) of every marché with a non-empty modifications list, in reading order."""
    out = []
    for path in sorted(SAMPLE.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["marches"]:
            concession = "concession" in (record.get("_type") or "").lower() or "concessionnaires" in record
            if not concession and isinstance(record.get("modifications"), list) and record["modifications"]:
                out.append((path.name, record))
    return out


def versions_of(records: list[tuple[str, dict]]) -> list[dict]:
    """The version rows (before titulaires are split) of one uid's records, steps 1 and 2."""
    source, base = records[-1]
    versions = [
        {
            "dateNotification": day(base.get("dateNotification")),
            "datePublicationDonnees": day(base.get("datePublicationDonnees")),
            "montant": base.get("montant"),
            "dureeMois": base.get("dureeMois"),
            "titulaires": base.get("titulaires") or None,
        }
    ]
    for _, record in records:
        for mod in record["modifications"]:
            versions.append(
                {
                    "dateNotification": day(mod.get("dateNotificationModification")),
                    "datePublicationDonnees": day(mod.get("datePublicationDonneesModification")),
                    "montant": mod.get("montant"),
                    "dureeMois": mod.get("dureeMois"),
                    "titulaires": mod.get("titulaires") or None,
                }
            )
    # A stable sort: versions of one date keep their reading order (the initial one first).
    versions.sort(key=lambda v: (v["dateNotification"] is not None, v["dateNotification"] or ""))
    for earlier, later in itertools.pairwise(versions):
        for field in ("montant", "dureeMois", "titulaires"):
            if later[field] is None:
                later[field] = earlier[field]
    fixed = {
        "id": base.get("id"),
        "nature": base.get("nature"),
        "acheteur_id": (base.get("acheteur") or {}).get("id"),
        "acheteur_nom": (base.get("acheteur") or {}).get("nom"),
        "codeCPV": base.get("codeCPV"),
        "procedure": base.get("procedure"),
        "objet": base.get("objet"),
        "lieuExecution_code": (base.get("lieuExecution") or {}).get("code"),
        "lieuExecution_typeCode": (base.get("lieuExecution") or {}).get("typeCode"),
        "sourceFile": source,
    }
    return [{**fixed, **version} for version in versions]


def rows_of(uid: str, versions: list[dict]) -> list[dict]:
    """One row per version and titulaire, deduplicated and ranked (steps 3 and 4)."""
    rows: dict[tuple, dict] = {}
    for version in versions:
        for titulaire in version["titulaires"] or [{}]:
            titulaire = titulaire if isinstance(titulaire, dict) else {}
            row = {key: value for key, value in version.items() if key != "titulaires"}
            row.update(
                uid=uid,
                titulaire_id=titulaire.get("id"),
                titulaire_typeIdentifiant=titulaire.get("typeIdentifiant"),
                titulaire_nom=titulaire.get("denominationSociale"),
            )
            key = (uid, row["titulaire_id"], row["titulaire_typeIdentifiant"], row["dateNotification"])
            rows.pop(key, None)
            rows[key] = row
    ranks = {
        d: rank for rank, d in enumerate(sorted({r["dateNotification"] for r in rows.values()} - {None}))
    }
    top = max(ranks.values(), default=None)
    for row in rows.values():
        rank = ranks.get(row["dateNotification"])
        row["modification_id"] = rank
        row["donneesActuelles"] = None if rank is None else ("true" if rank == top else "false")
    return list(rows.values())


def construct() -> list[dict]:
    """Every row of the constructed file, in the published file's order (step 5)."""
    by_uid: dict[str, list[tuple[str, dict]]] = {}
    for source, record in marches_with_modifications():
        buyer = str((record.get("acheteur") or {}).get("id") or "").strip()
        uid = buyer + re.sub(r"^\s+|\s+$", "", str(record.get("id") or ""))
        by_uid.setdefault(uid, []).append((source, record))
    rows = [row for uid, records in by_uid.items() for row in rows_of(uid, versions_of(records))]
    rows.sort(key=lambda r: r["uid"])
    rows.sort(key=lambda r: r["dateNotification"] or "", reverse=True)
    rows.sort(key=lambda r: r["dateNotification"] is None)
    return rows


def main() -> None:
    rows = construct()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([text(row.get(column)) for column in COLUMNS])
    print(f"wrote {len(rows)} rows ({len({r['uid'] for r in rows})} uids) to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
