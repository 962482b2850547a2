"""Helpers that write ETL inputs for the rule tests: real published records, one field changed."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def real_marches() -> list[dict[str, Any]]:
    """The 138 verbatim DECP 2019 records of tests/fixtures/fixture_decp2019_138.json."""
    text = (FIXTURES / "fixture_decp2019_138.json").read_text(encoding="utf-8")
    return json.loads(text)["marches"]


def base_marche() -> dict[str, Any]:
    """A real marché (DS Avocats for the SOLIDEO, 26,130 €, one SIRET winner of SIRENE size PME)."""
    return copy.deepcopy(real_marches()[0])


def variant(contract_id: str, **changes: Any) -> dict[str, Any]:
    """The base marché under another id, with top-level fields replaced (None deletes the field)."""
    record = base_marche()
    record["id"] = contract_id
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def write_json(path: Path, marches: list[Any]) -> Path:
    """Write a DECP 2019 file {"marches": [...]}."""
    path.write_text(json.dumps({"marches": marches}, ensure_ascii=False), encoding="utf-8")
    return path


def tabular_rows() -> list[dict[str, str]]:
    """The 75 real rows of the tabular fixture, as dicts of strings."""
    with (FIXTURES / "decp_tabular_2024H2_dep75_2A_16.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write rows (all with the same keys) as a comma CSV with a header."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
