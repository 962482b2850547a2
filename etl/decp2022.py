"""DECP 2022 files (JSON and XML) streamed into JSON lines, one record a line, that the one loader
etl/sql/load/decp2022.sql reads: the JSON and the XML of the same contracts give the same rows.

The records are streamed (ijson, defusedxml), never held whole: DuckDB cuts a root object's list
fast but needs several times the file's size in memory to do it. XML is parsed by defusedxml: a DTD
that declares entities (an "XML bomb") or points outside the file is refused, never expanded.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal
from xml.etree.ElementTree import ParseError

import ijson
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from etl.errors import SchemaError, SourceError, unsafe_xml

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
        raise unsafe_xml(label, exc) from exc
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
        paths = ((MARCHE, "marches.marche.item"),)
        # The second pass costs a third of the read: only when the file names concessions at all.
        if _mentions(path, b'"contrat-concession"'):
            paths += ((CONCESSION, "marches.contrat-concession.item"),)
    else:
        raise SchemaError(f'{label}: JSON without a "marches" list or object')
    for kind, prefix in paths:
        with _open_json(path) as fh:
            for record in ijson.items(fh, prefix, use_float=True):
                yield kind, json.dumps(record, ensure_ascii=False)


def _mentions(path: Path, text: bytes) -> bool:
    """Whether the file's bytes hold `text` (a memory-mapped search, no copy)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        return mapped.find(text) >= 0


def _name(tag: str) -> str:
    """A tag without its namespace ("{urn:x}marche" -> "marche")."""
    return tag.rsplit("}", 1)[-1]


class _RecordBuilder:
    """An XMLParser target that builds each record of a <marches> root as the value the 2022 JSON
    format gives it (text stays text: the loader casts every value from text; an empty element is
    null), straight from the parser's events, and hands it over complete."""

    def __init__(self, label: str) -> None:
        self.label = label
        # One frame per open element: its name, its children as (name, value), its text.
        self.stack: list[tuple[str, list[tuple[str, object]], list[str]]] = []
        self.records: list[tuple[Kind, str]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _name(tag)
        if not self.stack and name != "marches":
            raise SchemaError(f"{self.label}: XML whose root is <{name}>, not <marches>")
        self.stack.append((name, [], []))

    def data(self, text: str) -> None:
        self.stack[-1][2].append(text)

    def end(self, tag: str) -> None:
        name, children, text = self.stack.pop()
        if len(self.stack) == 1:
            if name in (MARCHE, CONCESSION):
                record = json.dumps(self._value(name, children, text), ensure_ascii=False)
                self.records.append((MARCHE if name == MARCHE else CONCESSION, record))
        elif self.stack:
            self.stack[-1][1].append((name, self._value(name, children, text)))

    def close(self) -> None:
        return None

    @staticmethod
    def _value(name: str, children: list[tuple[str, object]], text: list[str]) -> object:
        if name in WRAPPED_LISTS:
            return [{child: value} for child, value in children]
        if name in CODE_LISTS:
            codes: dict[str, list[object]] = {}
            for child, value in children:
                codes.setdefault(child, []).append(value)
            return codes
        if not children:
            return "".join(text).strip() or None
        return dict(children)


def _xml_records(path: Path, label: str) -> Iterator[tuple[Kind, str]]:
    """The <marche> and <contrat-concession> children of a <marches> root, in file order."""
    builder = _RecordBuilder(label)
    parser = DefusedXMLParser(target=builder)
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            parser.feed(block)
            yield from builder.records
            builder.records.clear()
    parser.close()
    yield from builder.records
