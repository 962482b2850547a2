"""Synthetic DECP 2022 files (JSON and XML) at any size, for timing the 2022 loader only.

Each marché is the first example of the schema (139bercy/format-commande-publique v2.0.3,
`exemples/json/marches_avec_modifications.json`, fictitious) with its ids, amounts, dates, codes and
lists drawn from a seed: 0 to 3 modifications, 1 to 3 winners, some `"NC"` placeholders, some
republished copies and about 1 % concessions (the schema's concession example). Only the CPV codes
are real (data/sample/cpv). The same (marches, seed) gives the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import random
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from bench.generate import CPV_FILE, parse_rows
from etl.decp2022 import CODE_LISTS, WRAPPED_LISTS

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "decp2022_schema_examples"
MARCHE_EXAMPLE = EXAMPLES / "marches_avec_modifications.json"
CONCESSION_EXAMPLE = EXAMPLES / "marches_concessions.json"

BUYERS = 20_000
SUPPLIERS = 200_000
PROCEDURES = (
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
    "Dialogue compétitif",
)
TECHNIQUES = (["Sans objet"], ["Accord-cadre"], ["Accord-cadre", "Catalogue électronique"], ["Concours"])
TECHNIQUE_P = (0.6, 0.3, 0.05, 0.05)
SOCIAL = (
    ["Pas de considération sociale"],
    ["Clause sociale"],
    ["Marché réservé"],
    ["Clause sociale", "Critère social"],
)
SOCIAL_P = (0.8, 0.12, 0.03, 0.05)
MODIFICATIONS_P = (0.75, 0.15, 0.07, 0.03)
WINNERS_P = (0.88, 0.09, 0.03)
P_NC = 0.02
P_CONCESSION = 0.01
P_REPUBLISHED = 0.02


def _siret(n: int, first: int) -> str:
    """A 14-digit SIRET-shaped id (not a real establishment's)."""
    return f"{first + n:09d}{n % 100000:05d}"


def _date(rng: random.Random, year_from: int = 2024, days: int = 700) -> str:
    from datetime import date, timedelta

    return (date(year_from, 1, 1) + timedelta(days=rng.randrange(days))).isoformat()


def _titulaires(rng: random.Random) -> list[dict[str, object]]:
    count = rng.choices((1, 2, 3), WINNERS_P)[0]
    ids = {_siret(rng.randrange(SUPPLIERS), 300_000_000) for _ in range(count)}
    return [{"titulaire": {"typeIdentifiant": "SIRET", "id": s}} for s in sorted(ids)]


def make_marche(template: dict[str, object], rng: random.Random, n: int, cpv: list[str]) -> dict[str, object]:
    """The n-th synthetic marché: the example with drawn values."""
    record = copy.deepcopy(template)
    notified = _date(rng)
    amount = round(rng.lognormvariate(10.8, 1.7), 2)
    record.update(
        id=f"BENCH{n:09d}",
        acheteur={"id": _siret(rng.randrange(BUYERS), 200_000_000)},
        objet=f"Marché synthétique {n}",
        codeCPV=rng.choice(cpv),
        procedure=rng.choice(PROCEDURES),
        techniques={"technique": rng.choices(TECHNIQUES, TECHNIQUE_P)[0]},
        considerationsSociales={"considerationSociale": rng.choices(SOCIAL, SOCIAL_P)[0]},
        offresRecues="NC" if rng.random() < P_NC else rng.randint(1, 12),
        marcheInnovant="NC" if rng.random() < P_NC else rng.random() < 0.05,
        sousTraitanceDeclaree=rng.random() < 0.2,
        lieuExecution={"code": f"{rng.randint(1, 95):02d}", "typeCode": "Code département"},
        dureeMois=rng.choice((1, 3, 6, 12, 24, 36, 48)),
        dateNotification=notified,
        datePublicationDonnees=notified,
        montant=amount,
        titulaires=_titulaires(rng),
    )
    if rng.random() < 0.1:
        record["idAccordCadre"] = f"AC{rng.randrange(10**8):08d}"
    else:
        record.pop("idAccordCadre", None)
    if rng.random() < 0.1:
        record["actesSousTraitance"] = [
            {
                "acteSousTraitance": {
                    "id": 1,
                    "sousTraitant": {
                        "typeIdentifiant": "SIRET",
                        "id": _siret(rng.randrange(SUPPLIERS), 300_000_000),
                    },
                    "dureeMois": 12,
                    "dateNotification": notified,
                    "montant": round(amount / 5, 2),
                    "variationPrix": "Ferme",
                    "datePublicationDonnees": notified,
                }
            }
        ]
    else:
        record.pop("actesSousTraitance", None)
        record.pop("modificationsActesSousTraitance", None)
    modifications = []
    for mod_id in range(1, rng.choices((0, 1, 2, 3), MODIFICATIONS_P)[0] + 1):
        modification: dict[str, object] = {
            "id": mod_id,
            "dateNotificationModification": notified,
            "datePublicationDonneesModification": notified,
        }
        if rng.random() < 0.8:
            modification["montant"] = round(amount * (1 + mod_id / 10), 2)
        if rng.random() < 0.3:
            modification["dureeMois"] = 12 + mod_id
        if rng.random() < 0.1:
            modification["titulaires"] = _titulaires(rng)
        modifications.append({"modification": modification})
    if modifications:
        record["modifications"] = modifications
    else:
        record.pop("modifications", None)
    return record


def _cpv_codes() -> list[str]:
    with CPV_FILE.open(encoding="utf-8", newline="") as fh:
        return [row["code"] for row in csv.DictReader(fh)]


def records(marches: int, seed: int) -> tuple[list[str], list[str]]:
    """(marchés, concessions) as JSON texts: `marches` marchés (republished copies included)."""
    rng = random.Random(seed)
    template = json.loads(MARCHE_EXAMPLE.read_text(encoding="utf-8"))["marches"]["marche"][0]
    concession = json.loads(CONCESSION_EXAMPLE.read_text(encoding="utf-8"))["marches"]["contrat-concession"][
        0
    ]
    cpv = _cpv_codes()
    out: list[str] = []
    concessions: list[str] = []
    n = 0
    while len(out) < marches:
        record = make_marche(template, rng, n, cpv)
        # A republished copy, with one modification fewer: the loader keeps the longer one.
        if rng.random() < P_REPUBLISHED and record.get("modifications") and len(out) + 1 < marches:
            shorter = copy.deepcopy(record)
            shorter["modifications"] = shorter["modifications"][:-1]  # type: ignore[index]
            out.append(json.dumps(shorter, ensure_ascii=False))
        out.append(json.dumps(record, ensure_ascii=False))
        if rng.random() < P_CONCESSION:
            item = copy.deepcopy(concession)
            item["id"] = f"CONC{n:09d}"
            concessions.append(json.dumps(item, ensure_ascii=False))
        n += 1
    return out, concessions


def write_json(path: Path, marches: list[str], concessions: list[str]) -> None:
    """The JSON root of the 2022 format: {"marches": {"marche": [...], "contrat-concession": [...]}}."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"marches": {"marche": [\n' + ",\n".join(marches) + '\n], "contrat-concession": [\n')
        fh.write(",\n".join(concessions) + "\n]}}\n")


def _xml(out: IO[str], tag: str, value: object) -> None:
    if tag in WRAPPED_LISTS:
        out.write(f"<{tag}>")
        for item in value:  # type: ignore[attr-defined]
            for child, inner in item.items():
                _xml(out, child, inner)
        out.write(f"</{tag}>")
    elif tag in CODE_LISTS:
        out.write(f"<{tag}>")
        for child, codes in value.items():  # type: ignore[attr-defined]
            for code in codes:
                _xml(out, child, code)
        out.write(f"</{tag}>")
    elif isinstance(value, dict):
        out.write(f"<{tag}>")
        for child, inner in value.items():
            _xml(out, child, inner)
        out.write(f"</{tag}>")
    elif value is not None:
        # The XML schema's booleans are oui/non.
        text = ("oui" if value else "non") if isinstance(value, bool) else str(value)
        out.write(f"<{tag}>{escape(text)}</{tag}>")


def write_xml(path: Path, marches: list[str], concessions: list[str]) -> None:
    """The same records as XML: <marches><marche>…</marche><contrat-concession>…</marches>."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<marches>\n')
        for kind, items in (("marche", marches), ("contrat-concession", concessions)):
            for text in items:
                _xml(fh, kind, json.loads(text))
                fh.write("\n")
        fh.write("</marches>\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate_decp2022", description=__doc__)
    parser.add_argument("--marches", required=True, type=parse_rows, help="e.g. 500000 or 500k")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, help="DECP 2022 JSON file to write")
    parser.add_argument("--xml", type=Path, help="the same contracts as DECP 2022 XML")
    args = parser.parse_args(argv)
    if args.marches < 1:
        parser.error("--marches must be at least 1")
    marches, concessions = records(args.marches, args.seed)
    for path, write in ((args.json, write_json), (args.xml, write_xml)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            write(path, marches, concessions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
