"""The one set of filters shared by every page, parsed from and written back to URL query params.

Pure: imports neither streamlit nor duckdb. Values are only checked for shape here; whether a
buyer, procedure or supplier exists in the database is checked by `dashboard.ui`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

Basis = Literal["count", "amount"]
ContractType = Literal["works", "supplies", "services"]
Lang = Literal["fr", "en"]
SizeClass = Literal["PME", "ETI", "GE", "large", "unknown"]

BASES: tuple[str, ...] = get_args(Basis)
CONTRACT_TYPES: tuple[str, ...] = get_args(ContractType)
LANGS: tuple[str, ...] = get_args(Lang)
SIZE_CLASSES: tuple[str, ...] = get_args(SizeClass)

# The 45 divisions of the CPV 2008 nomenclature (Regulation (EC) No 213/2008).
CPV_DIVISIONS: frozenset[str] = frozenset(
    (
        "03",
        "09",
        "14",
        "15",
        "16",
        "18",
        "19",
        "22",
        "24",
        "30",
        "31",
        "32",
        "33",
        "34",
        "35",
        "37",
        "38",
        "39",
        "41",
        "42",
        "43",
        "44",
        "45",
        "48",
        "50",
        "51",
        "55",
        "60",
        "63",
        "64",
        "65",
        "66",
        "70",
        "71",
        "72",
        "73",
        "75",
        "76",
        "77",
        "79",
        "80",
        "85",
        "90",
        "92",
        "98",
    )
)

YEAR_MIN, YEAR_MAX = 2000, 2100
# Buyer ids are SIRETs for DECP; OCDS/TED ids carry letters, dots and dashes.
_ID_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:/-]{0,63}")
_YEAR_RE = re.compile(r"\d{4}")
_GROUP_RE = re.compile(r"\d{2,4}")
_MIN_RE = re.compile(r"\d{1,6}")
DEFAULT_MIN_CONTRACTS = 10  # Acheteurs ranking: buyers with fewer contracts are left out
MAX_MIN_CONTRACTS = 100_000
MAX_PAGE = 999_999
_SHOWN_CHARS = 40

PARAM_KEYS: tuple[str, ...] = (
    "year_from",
    "year_to",
    "buyer",
    "cpv",
    "group",
    "type",
    "procedure",
    "framework",
    "aberrant",
    "basis",
    "supplier",
    "min",
    "page",
    "lang",
)


@dataclass(frozen=True)
class Filters:
    """What the user is looking at; None means "no restriction" for every optional field."""

    year_from: int | None = None
    year_to: int | None = None
    buyer: str | None = None
    cpv: str | None = None
    group: str | None = None  # Secteurs drill-down: CPV prefix opened (2, 3 or 4 digits), inside `cpv`
    contract_type: ContractType | None = None
    procedure: str | None = None
    framework: bool = True  # framework agreements included
    aberrant: bool = False  # aberrant amounts included in amount sums
    basis: Basis = "count"
    supplier: str | None = None  # Titulaires: supplier_key (SIREN, else the published id)
    min_contracts: int = DEFAULT_MIN_CONTRACTS  # Acheteurs ranking (page only: no query reads it)
    page: int = 1  # Données: the page of rows shown (page only: the query gets its offset)
    lang: Lang = "fr"

    def replace(self, **changes: object) -> Filters:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def sql_params(self) -> dict[str, object]:
        """The bound parameters every app query accepts ($year_from ... $aberrant)."""
        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "buyer": self.buyer,
            "cpv": self.cpv,
            "contract_type": self.contract_type,
            "procedure": self.procedure,
            "framework": self.framework,
            "aberrant": self.aberrant,
        }


def _shown(value: str) -> str:
    """A value as echoed in a warning (inside a code span): one line, capped, no backtick or <>."""
    flat = re.sub(r"[\x00-\x1f\x7f`<>]", "?", value)
    return flat if len(flat) <= _SHOWN_CHARS else flat[: _SHOWN_CHARS - 1] + "…"


def _text_ok(value: str) -> bool:
    return 0 < len(value) <= 200 and not re.search(r"[\x00-\x1f\x7f<>]", value)


def _one(value: str | list[str]) -> str:
    """The last value of a repeated parameter, as Streamlit's st.query_params does."""
    if isinstance(value, list):
        return value[-1] if value else ""
    return value


def parse_params(params: Mapping[str, str | list[str]]) -> tuple[Filters, list[str]]:
    """Filters from URL params, and the `key=value` items that were ignored (shape-checked only)."""
    fields: dict[str, object] = {}
    ignored: list[str] = []
    for key, raw in params.items():
        value = _one(raw).strip()
        parsed = _parse_one(key, value)
        if parsed is None:
            ignored.append(f"{_shown(key)}={_shown(value)}")
        else:
            fields.update(parsed)
    year_from, year_to = fields.get("year_from"), fields.get("year_to")
    if isinstance(year_from, int) and isinstance(year_to, int) and year_from > year_to:
        ignored.append(f"year_to={year_to}")
        del fields["year_to"]
    group, cpv = fields.get("group"), fields.get("cpv")
    if isinstance(group, str) and cpv is not None and group[:2] != cpv:
        ignored.append(f"group={group}")
        del fields["group"]
    return Filters(**fields), ignored  # type: ignore[arg-type]


def _parse_one(key: str, value: str) -> dict[str, object] | None:
    """One URL param as Filters fields, or None when its key or value is not accepted."""
    if key in ("year_from", "year_to", "year"):
        if not _YEAR_RE.fullmatch(value) or not YEAR_MIN <= int(value) <= YEAR_MAX:
            return None
        year = int(value)
        return {"year_from": year, "year_to": year} if key == "year" else {key: year}
    if key in ("buyer", "supplier"):
        return {key: value} if _ID_RE.fullmatch(value) else None
    if key == "cpv":
        return {"cpv": value} if value in CPV_DIVISIONS else None
    if key == "group":
        return {"group": value} if _GROUP_RE.fullmatch(value) and value[:2] in CPV_DIVISIONS else None
    if key == "min":
        if not _MIN_RE.fullmatch(value) or not 1 <= int(value) <= MAX_MIN_CONTRACTS:
            return None
        return {"min_contracts": int(value)}
    if key == "page":
        if not _MIN_RE.fullmatch(value) or not 1 <= int(value) <= MAX_PAGE:
            return None
        return {"page": int(value)}
    if key == "type":
        return {"contract_type": value} if value in CONTRACT_TYPES else None
    if key == "procedure":
        return {"procedure": value} if _text_ok(value) else None
    if key in ("framework", "aberrant"):
        return {key: value == "1"} if value in ("0", "1") else None
    if key == "basis":
        return {"basis": value} if value in BASES else None
    if key == "lang":
        return {"lang": value} if value in LANGS else None
    return None


def to_params(f: Filters) -> dict[str, str]:
    """URL params for `f`, defaults left out, in PARAM_KEYS order (the inverse of parse_params)."""
    out: dict[str, str] = {}
    if f.year_from is not None:
        out["year_from"] = str(f.year_from)
    if f.year_to is not None:
        out["year_to"] = str(f.year_to)
    for key, value in (("buyer", f.buyer), ("cpv", f.cpv), ("group", f.group)):
        if value is not None:
            out[key] = value
    if f.contract_type is not None:
        out["type"] = f.contract_type
    if f.procedure is not None:
        out["procedure"] = f.procedure
    if not f.framework:
        out["framework"] = "0"
    if f.aberrant:
        out["aberrant"] = "1"
    if f.basis != "count":
        out["basis"] = f.basis
    if f.supplier is not None:
        out["supplier"] = f.supplier
    if f.min_contracts != DEFAULT_MIN_CONTRACTS:
        out["min"] = str(f.min_contracts)
    if f.page != 1:
        out["page"] = str(f.page)
    if f.lang != "fr":
        out["lang"] = f.lang
    return out


def without(f: Filters, *names: str) -> Filters:
    """A copy of `f` with the named optional fields reset to their defaults."""
    defaults = Filters()
    return f.replace(**{name: getattr(defaults, name) for name in names})
