"""DECP 2022 files (JSON and XML) streamed into JSON lines, one record a line, that the one loader
etl/sql/load/decp2022.sql reads: the JSON and the XML of the same contracts give the same rows.

The records are streamed (ijson, defusedxml), never held whole: DuckDB cuts a root object's list
fast but needs several times the file's size in memory to do it. XML is parsed by defusedxml: a DTD
that declares entities (an "XML bomb") or points outside the file is refused, never expanded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal
from xml.etree.ElementTree import Element, ParseError

import ijson
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from etl.errors import SchemaError, SourceError

# The schema's lists whose every item is wrapped in an element of its own (JSON
# `titulaires: [{"titulaire": {...}}]`, XML `<titulaires><titulaire>…</titulaire></titulaires>`).
WRAPPED_LISTS = frozenset(
    {
        "titulaires",
        "modifications",
        "actesSousTraitance",
        "modificationsActesSousTraitance",
        "concessionnaires",
        "donneesExecution",
        "tarifs",
    }
)
# The schema's lists of codes held in an object (JSON `techniques: {"technique": [...]}`).
CODE_LISTS = frozenset(
    {
        "techniques",
        "modalitesExecution",
        "typesPrix",
        "considerationsSociales",
        "considerationsEnvironnementales",
    }
)
MARCHE, CONCESSION = "marche", "contrat-concession"
BOM = b"\xef\xbb\xbf"

Kind = Literal["marche", "contrat-concession"]


def json_lines(path: Path, target: Path, label: str, xml: bool) -> None:
    """Write the records of the DECP 2022 file `path` (JSON, or XML when `xml`) to `target`, one a
    line: {"ord": reading order, "concession": bool, "j": the record}. SourceError names the file
    when it is not well-formed (or safe) JSON or XML."""
    records = _xml_records(path, label) if xml else _json_records(path, label)
    try:
        with target.open("w", encoding="utf-8") as out:
            for ord_, (kind, record) in enumerate(records, start=1):
                concession = "true" if kind == CONCESSION else "false"
                out.write(f'{{"ord":{ord_},"concession":{concession},"j":{record}}}\n')
    except DefusedXmlException as exc:
        raise SourceError(
            f"{label}: XML that declares entities or external resources ({type(exc).__name__}): "
            "refused, an entity expansion can be an XML bomb"
        ) from exc
    except ParseError as exc:
        raise SourceError(f"{label}: unreadable DECP 2022 XML ({exc})") from exc
    except ijson.JSONError as exc:
        # yajl points at the error on two more lines: the first one says it.
        raise SourceError(f"{label}: unreadable DECP 2022 JSON ({str(exc).strip().splitlines()[0]})") from exc


def _open_json(path: Path) -> IO[bytes]:
    fh = path.open("rb")
    if fh.read(3) != BOM:
        fh.seek(0)
    return fh


def _json_records(path: Path, label: str) -> Iterator[tuple[Kind, str]]:
    """A root {"marches": {"marche": [...], "contrat-concession": [...]}} (two passes: ijson follows
    one path at a time), or a list of 2022 records {"marches": [...]} (the loader tells concessions
    by their keys)."""
    with _open_json(path) as fh:
        root = next((event for prefix, event, _ in ijson.parse(fh) if prefix == "marches"), None)
    if root == "start_array":
        paths: tuple[tuple[Kind, str], ...] = ((MARCHE, "marches.item"),)
    elif root == "start_map":
        paths = ((MARCHE, "marches.marche.item"), (CONCESSION, "marches.contrat-concession.item"))
    else:
        raise SchemaError(f'{label}: JSON without a "marches" list or object')
    for kind, prefix in paths:
        with _open_json(path) as fh:
            for record in ijson.items(fh, prefix, use_float=True):
                yield kind, json.dumps(record, ensure_ascii=False)


def _name(tag: str) -> str:
    """A tag without its namespace ("{urn:x}marche" -> "marche")."""
    return tag.rsplit("}", 1)[-1]


def _value(element: Element) -> object:
    """An element as the JSON value the 2022 JSON format gives it: text stays text (the loader
    casts every value from text), an empty element is null."""
    children = list(element)
    tag = _name(element.tag)
    if tag in WRAPPED_LISTS:
        return [{_name(child.tag): _value(child)} for child in children]
    if tag in CODE_LISTS:
        codes: dict[str, list[object]] = {}
        for child in children:
            codes.setdefault(_name(child.tag), []).append(_value(child))
        return codes
    if not children:
        text = (element.text or "").strip()
        return text or None
    return {_name(child.tag): _value(child) for child in children}


def _xml_records(path: Path, label: str) -> Iterator[tuple[Kind, str]]:
    """The <marche> and <contrat-concession> children of a <marches> root, in file order."""
    root: Element | None = None
    depth = 0
    for event, element in iterparse(str(path), events=("start", "end")):
        if event == "start":
            if root is None:
                root = element
                if _name(element.tag) != "marches":
                    raise SchemaError(f"{label}: XML whose root is <{_name(element.tag)}>, not <marches>")
            depth += 1
            continue
        depth -= 1
        if depth != 1 or root is None:
            continue
        kind = _name(element.tag)
        if kind in (MARCHE, CONCESSION):
            yield kind, json.dumps(_value(element), ensure_ascii=False)  # type: ignore[misc]
        # Each record is written once read: the tree never holds more than one.
        root.clear()
