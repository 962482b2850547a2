"""TED contract award notices, TED XML R2.0.9 and eForms UBL, streamed into JSON lines, one awarded
contract (or lot not awarded) a line, that the one loader etl/sql/load/ted_xml.sql reads.

A notice is one file. Each child of its root is read and then cleared (defusedxml's iterparse), so
that no more than one section is held at a time; an eForms notice's references (lot result ->
settled contract -> tender -> tendering party -> organisation) are resolved once its sections are
read. XML is parsed by defusedxml: a DTD that declares entities (an "XML bomb") is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from etl.errors import SchemaError, SourceError, unsafe_xml

R209 = "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"
CAN = "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
EFAC = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
EFBC = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
EFEXT = "http://data.europa.eu/p27/eforms-ubl-extensions/1"
# The concessions directive: a concession award is no marché (counted, then skipped, as in DECP).
CONCESSIONS_DIRECTIVE = "32014L0023"


def _t(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _r(name: str) -> str:
    return _t(R209, name)


def _path(*steps: tuple[str, str]) -> str:
    """An ElementTree path of namespaced steps: ((CAC, "Party"), (CBC, "ID")) -> "{…}Party/{…}ID"."""
    return "/".join(_t(namespace, name) for namespace, name in steps)


EXTENSION_PATH = _path((EXT, "UBLExtension"), (EXT, "ExtensionContent"), (EFEXT, "EformsExtension"))
PARTY_ID = _path((CAC, "PartyIdentification"), (CBC, "ID"))
BUYER_ID = _path((CAC, "Party"), (CAC, "PartyIdentification"), (CBC, "ID"))
FRAMEWORK_CODES = _path(
    (CAC, "TenderingProcess"), (CAC, "ContractingSystem"), (CBC, "ContractingSystemTypeCode")
)
COMPANIES = _path((EFAC, "Organizations"), (EFAC, "Organization"), (EFAC, "Company"))
COUNTRY_CODE = _path((CAC, "PostalAddress"), (CAC, "Country"), (CBC, "IdentificationCode"))
COMPANY_ID = _path((CAC, "PartyLegalEntity"), (CBC, "CompanyID"))
COMPANY_NAME = _path((CAC, "PartyName"), (CBC, "Name"))
TENDER_VALUE = _path((CAC, "LegalMonetaryTotal"), (CBC, "PayableAmount"))
SUBCONTRACTING = _path((EFAC, "SubcontractingTerm"), (EFBC, "TermCode"))
MAIN_CPV = _path((CAC, "MainCommodityClassification"), (CBC, "ItemClassificationCode"))


@dataclass
class Award:
    """One line: an awarded contract of a lot, or a lot not awarded (`not_awarded` says why)."""

    notice: str | None
    lot: str | None
    rank: int | None
    buyer_id: str | None
    buyer_name: str | None
    buyer_country: str | None
    notice_country: str | None
    procedure: str | None
    title: str | None
    cpv: str | None
    date: str | None
    published: str | None
    amount: str | None = None
    currency: str | None = None
    bids: str | None = None
    framework: bool = False
    grouped: bool | None = None
    subcontracted: bool | None = None
    concession: bool = False
    not_awarded: str | None = None
    winners: list[dict[str, str | None]] = field(default_factory=list)


def json_lines(notices: list[tuple[int, Path, str, bool]], target: Path) -> None:
    """Write the awards of each (input_no, path, label, eforms) notice to `target`, one a line:
    {"input_no", "ord": its order in the notice, the Award's fields, "source"}. SourceError names
    the file when it is not well-formed or safe XML, or no contract award notice."""
    with target.open("w", encoding="utf-8") as out:
        for input_no, path, label, eforms in notices:
            source = "TED eForms" if eforms else "TED"
            for ord_, award in enumerate(_awards(path, label, eforms), start=1):
                line = {"input_no": input_no, "ord": ord_, "source": source} | award.__dict__
                out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _awards(path: Path, label: str, eforms: bool) -> list[Award]:
    try:
        with path.open("rb") as fh:
            return _eforms_awards(fh, label) if eforms else _r209_awards(fh, label)
    except DefusedXmlException as exc:
        raise unsafe_xml(label, exc) from exc
    except ParseError as exc:
        kind = "eForms" if eforms else "TED XML"
        raise SourceError(f"{label}: unreadable {kind} notice ({exc})") from exc


def _root_children(fh: IO[bytes]) -> Iterator[tuple[Element, Element]]:
    """(root, child) for each child of the root once it is read whole; the child is cleared after."""
    depth = 0
    root: Element | None = None
    for event, element in iterparse(fh, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 1:
                root = element
            continue
        depth -= 1
        if depth == 1 and root is not None:
            yield root, element
            element.clear()
            root.remove(element)


def _text(element: Element | None) -> str | None:
    """The element's own text, stripped; None for a missing or empty element."""
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _paragraphs(element: Element | None) -> str | None:
    """A TED text block (<TITLE><P>…</P></TITLE>) as one line."""
    if element is None:
        return None
    text = " ".join(" ".join(t.split()) for t in element.itertext() if t.strip())
    return text or None


def _iso_date(text: str | None) -> str | None:
    """'20210713' (TED's DATE_PUB) or '2021-07-13+01:00' (eForms) as '2021-07-13'."""
    if text is None:
        return None
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text[:10]


# --- TED XML R2.0.9 ----------------------------------------------------------------------------

GROUP_TAGS = (_r("AWARDED_TO_GROUP"), _r("NO_AWARDED_TO_GROUP"))


def _r209_awards(fh: IO[bytes], label: str) -> list[Award]:
    """The awards of the original-language form of a <TED_EXPORT> notice."""
    notice: dict[str, str | None] = {}
    awards: list[Award] | None = None
    forms: list[str] = []
    for root, child in _root_children(fh):
        if root.tag != _r("TED_EXPORT"):
            raise SchemaError(
                f"{label}: TED XML whose root is {root.tag}: this build reads the R2.0.9 schema ({R209})"
            )
        if child.tag == _r("CODED_DATA_SECTION"):
            values = child.find(f"{_r('NOTICE_DATA')}/{_r('VALUES')}")
            notice = {
                "doc_id": root.get("DOC_ID"),
                "currency": None if values is None else _currency(values, deep=True, attribute="CURRENCY"),
                "country": _attr(child.find(f"{_r('NOTICE_DATA')}/{_r('ISO_COUNTRY')}"), "VALUE"),
                "published": _iso_date(_text(child.find(f"{_r('REF_OJS')}/{_r('DATE_PUB')}"))),
                "document": _text(child.find(f"{_r('CODIF_DATA')}/{_r('TD_DOCUMENT_TYPE')}")),
            }
        elif child.tag == _r("FORM_SECTION"):
            found = [form for form in child if form.tag != _r("NOTICE_UUID")]
            forms = [form.tag.rsplit("}", 1)[-1] for form in found]
            # Translations repeat the original form: the first ORIGINAL one is read (else the first).
            if found:
                original = next((f for f in found if f.get("CATEGORY", "ORIGINAL") == "ORIGINAL"), found[0])
                awards = _r209_form(original, notice)
    if not awards:
        kind = f" « {notice['document']} »" if notice.get("document") else ""
        raise SourceError(
            f"{label}: a TED notice{kind} (form {', '.join(forms) or 'none'}) without AWARD_CONTRACT: "
            "not a contract award notice, nothing to load"
        )
    return awards


def _attr(element: Element | None, name: str) -> str | None:
    return None if element is None else (element.get(name) or "").strip() or None


def _r209_form(form: Element, notice: dict[str, str | None]) -> list[Award]:
    body = form.find(f"{_r('CONTRACTING_BODY')}/{_r('ADDRESS_CONTRACTING_BODY')}")
    obj = form.find(_r("OBJECT_CONTRACT"))
    procedure = form.find(_r("PROCEDURE"))
    kinds = [] if procedure is None else [e.tag.rsplit("}", 1)[-1] for e in procedure.iter()]
    common = {
        "notice": notice.get("doc_id"),
        "buyer_id": _text(body.find(_r("NATIONALID"))) if body is not None else None,
        "buyer_name": _text(body.find(_r("OFFICIALNAME"))) if body is not None else None,
        "buyer_country": _attr(body.find(_r("COUNTRY")), "VALUE") if body is not None else None,
        "notice_country": notice.get("country"),
        "procedure": next((k for k in kinds if k.startswith("PT_")), None),
        "cpv": _attr(obj.find(f"{_r('CPV_MAIN')}/{_r('CPV_CODE')}"), "CODE") if obj is not None else None,
        "published": notice.get("published"),
        "framework": "FRAMEWORK" in kinds,
        "concession": _attr(form.find(_r("LEGAL_BASIS")), "VALUE") == CONCESSIONS_DIRECTIVE,
    }
    notice_title = _paragraphs(obj.find(_r("TITLE"))) if obj is not None else None
    awards = []
    ranks: dict[str | None, int] = {}
    for section in form.findall(_r("AWARD_CONTRACT")):
        lot = _text(section.find(_r("LOT_NO")))
        title = _paragraphs(section.find(_r("TITLE"))) or notice_title
        awarded = section.find(_r("AWARDED_CONTRACT"))
        if awarded is None:
            why = section.find(_r("NO_AWARDED_CONTRACT"))
            reason = None if why is None else next((e.tag.rsplit("}", 1)[-1] for e in list(why)), None)
            awards.append(
                Award(
                    lot=lot,
                    rank=None,
                    title=title,
                    date=None,
                    not_awarded=reason or "no AWARDED_CONTRACT",
                    **common,
                )
            )
            continue
        ranks[lot] = ranks.get(lot, 0) + 1
        value = awarded.find(f".//{_r('VAL_TOTAL')}")
        # The award's currency, said with its value, else with its estimate or offer range, else
        # with the notice's total: a contract without amount still belongs to a currency.
        said = [e.get("CURRENCY") for e in (value, *awarded.iter()) if e is not None and e.get("CURRENCY")]
        group = [e.tag for e in awarded.iter() if e.tag in GROUP_TAGS]
        awards.append(
            Award(
                lot=lot,
                rank=ranks[lot],
                title=title,
                date=_text(awarded.find(_r("DATE_CONCLUSION_CONTRACT"))),
                amount=_text(value),
                currency=next(iter(said), notice.get("currency")),
                bids=_text(awarded.find(f"{_r('TENDERS')}/{_r('NB_TENDERS_RECEIVED')}")),
                grouped=(group[0] == _r("AWARDED_TO_GROUP")) if group else None,
                # The form's box « likely to be subcontracted », ticked or not.
                subcontracted=awarded.find(_r("LIKELY_SUBCONTRACTED")) is not None,
                winners=[_r209_contractor(c) for c in awarded.iter(_r("CONTRACTOR"))],
                **common,
            )
        )
    return awards


def _r209_contractor(contractor: Element) -> dict[str, str | None]:
    address = contractor.find(_r("ADDRESS_CONTRACTOR"))
    size = next((e.tag.rsplit("}", 1)[-1] for e in contractor if e.tag in (_r("SME"), _r("NO_SME"))), None)
    return {
        "id": _text(address.find(_r("NATIONALID"))) if address is not None else None,
        "name": _text(address.find(_r("OFFICIALNAME"))) if address is not None else None,
        "country": _attr(address.find(_r("COUNTRY")), "VALUE") if address is not None else None,
        "size": size,
    }


# --- eForms ------------------------------------------------------------------------------------


@dataclass
class _Notice:
    """What an eForms notice's sections say, read one section at a time."""

    notice_id: str | None = None
    notice_type: str | None = None
    regulatory_domain: str | None = None
    publication_id: str | None = None
    published: str | None = None
    buyer_ref: str | None = None
    procedure: str | None = None
    title: str | None = None
    cpv: str | None = None
    organisations: dict[str, dict[str, str | None]] = field(default_factory=dict)
    parties: dict[str, list[str]] = field(default_factory=dict)
    tenders: dict[str, dict[str, Any]] = field(default_factory=dict)
    contracts: dict[str, dict[str, Any]] = field(default_factory=dict)
    lot_results: list[dict[str, Any]] = field(default_factory=list)
    lots: dict[str, dict[str, Any]] = field(default_factory=dict)
    currency: str | None = None


def _eforms_awards(fh: IO[bytes], label: str) -> list[Award]:
    """The awards of an eForms <ContractAwardNotice>: one per settled contract of each lot result."""
    notice = _Notice()
    for root, child in _root_children(fh):
        if root.tag != _t(CAN, "ContractAwardNotice"):
            raise SchemaError(f"{label}: eForms XML whose root is {root.tag}, not a ContractAwardNotice")
        _eforms_section(child, notice)
    if notice.notice_type == "can-modif":
        raise SourceError(
            f"{label}: an eForms contract modification notice (can-modif), not a contract award notice"
        )
    return list(_eforms_resolve(notice))


def _eforms_section(child: Element, notice: _Notice) -> None:
    tag = child.tag
    if tag == _t(EXT, "UBLExtensions"):
        extension = child.find(EXTENSION_PATH)
        if extension is not None:
            _eforms_extension(extension, notice)
    elif tag == _t(CBC, "ID"):
        notice.notice_id = _text(child)
    elif tag == _t(CBC, "NoticeTypeCode"):
        notice.notice_type = _text(child)
    elif tag == _t(CBC, "RegulatoryDomain"):
        notice.regulatory_domain = _text(child)
    elif tag == _t(CAC, "ContractingParty") and notice.buyer_ref is None:
        notice.buyer_ref = _text(child.find(BUYER_ID))
    elif tag == _t(CAC, "TenderingProcess"):
        notice.procedure = _text(child.find(_t(CBC, "ProcedureCode")))
    elif tag == _t(CAC, "ProcurementProject"):
        notice.title, notice.cpv = _project(child)
    elif tag == _t(CAC, "ProcurementProjectLot"):
        project = child.find(_t(CAC, "ProcurementProject"))
        title, cpv = _project(project) if project is not None else (None, None)
        # BT-765 Framework Agreement: none, or a kind of framework (fa-wo-rc, fa-w-rc, fa-mix).
        framework = any(
            c.get("listName") == "framework-agreement" and _text(c) not in (None, "none")
            for c in child.iterfind(FRAMEWORK_CODES)
        )
        lot_id = _text(child.find(_t(CBC, "ID"))) or ""
        notice.lots[lot_id] = {"title": title, "cpv": cpv, "framework": framework}


def _project(project: Element) -> tuple[str | None, str | None]:
    """A ProcurementProject's name and main CPV code."""
    return _text(project.find(_t(CBC, "Name"))), _text(project.find(MAIN_CPV))


def _ref(element: Element, path: str) -> list[str]:
    """The ids of the references `path` (e.g. efac:LotTender) under `element`, in order."""
    return [i for i in (_text(e.find(_t(CBC, "ID"))) for e in element.findall(path)) if i]


def _eforms_extension(extension: Element, notice: _Notice) -> None:
    """The notice-level eForms extension: results, organisations and the publication."""
    publication = extension.find(_t(EFAC, "Publication"))
    if publication is not None:
        notice.publication_id = _text(publication.find(_t(EFBC, "NoticePublicationID")))
        notice.published = _iso_date(_text(publication.find(_t(EFBC, "PublicationDate"))))
    for org in extension.iterfind(COMPANIES):
        org_id = _text(org.find(PARTY_ID))
        if org_id:
            notice.organisations[org_id] = {
                "id": _text(org.find(COMPANY_ID)),
                "name": _text(org.find(COMPANY_NAME)),
                "country": alpha2(_text(org.find(COUNTRY_CODE))),
                "size": _text(org.find(_t(EFBC, "CompanySizeCode"))),
            }
    result = extension.find(_t(EFAC, "NoticeResult"))
    if result is None:
        return
    notice.currency = _currency(result, deep=False)
    for party in result.iterfind(_t(EFAC, "TenderingParty")):
        notice.parties[_text(party.find(_t(CBC, "ID"))) or ""] = _ref(party, _t(EFAC, "Tenderer"))
    for tender in result.iterfind(_t(EFAC, "LotTender")):
        value = tender.find(TENDER_VALUE)
        terms = tender.find(SUBCONTRACTING)
        notice.tenders[_text(tender.find(_t(CBC, "ID"))) or ""] = {
            "amount": _text(value),
            "currency": None if value is None else value.get("currencyID"),
            "party": next(iter(_ref(tender, _t(EFAC, "TenderingParty"))), None),
            "lot": next(iter(_ref(tender, _t(EFAC, "TenderLot"))), None),
            "subcontracted": {"yes": True, "no": False}.get(_text(terms) or ""),
        }
    for contract in result.iterfind(_t(EFAC, "SettledContract")):
        notice.contracts[_text(contract.find(_t(CBC, "ID"))) or ""] = {
            # Contract Conclusion Date (BT-145), else Winner Decision Date (BT-1451).
            "date": _iso_date(
                _text(contract.find(_t(CBC, "IssueDate"))) or _text(contract.find(_t(CBC, "AwardDate")))
            ),
            "title": _text(contract.find(_t(CBC, "Title"))),
            "framework": _text(contract.find(_t(EFBC, "ContractFrameworkIndicator"))) == "true",
            "tenders": _ref(contract, _t(EFAC, "LotTender")),
        }
    for lot_result in result.iterfind(_t(EFAC, "LotResult")):
        statistics = {
            _text(s.find(_t(EFBC, "StatisticsCode"))): _text(s.find(_t(EFBC, "StatisticsNumeric")))
            for s in lot_result.iterfind(_t(EFAC, "ReceivedSubmissionsStatistics"))
        }
        notice.lot_results.append(
            {
                "lot": next(iter(_ref(lot_result, _t(EFAC, "TenderLot"))), None),
                "code": _text(lot_result.find(_t(CBC, "TenderResultCode"))),
                "tenders": _ref(lot_result, _t(EFAC, "LotTender")),
                "contracts": _ref(lot_result, _t(EFAC, "SettledContract")),
                "bids": statistics.get("tenders"),
                "currency": _currency(lot_result, deep=True),
            }
        )


def _eforms_resolve(notice: _Notice) -> Iterator[Award]:
    """LotResult -> SettledContract -> its LotTender of that lot -> TenderingParty -> Tenderer ->
    Organization: one Award per (lot result, settled contract), in the notice's order."""
    buyer = notice.organisations.get(notice.buyer_ref or "", {})
    common = {
        # The OJ S publication number as TED writes it (00123456-2024), else the notice's own id.
        "notice": notice.publication_id or notice.notice_id,
        "buyer_id": buyer.get("id"),
        "buyer_name": buyer.get("name"),
        "buyer_country": buyer.get("country"),
        "notice_country": None,
        "procedure": notice.procedure,
        "published": notice.published,
        "concession": notice.regulatory_domain == CONCESSIONS_DIRECTIVE,
    }
    # A contract's rank among its lot's, counted over the notice: TED's converter writes one lot
    # result per TED award, several for one lot (notice 154292-2020: four for LOT-0000).
    ranks: dict[str | None, int] = {}
    for result in notice.lot_results:
        lot = notice.lots.get(result["lot"] or "", {})
        cpv = lot.get("cpv") or notice.cpv
        if not result["contracts"]:
            yield Award(lot=result["lot"], rank=None, title=lot.get("title") or notice.title, cpv=cpv,
                        date=None, not_awarded=result["code"] or "no SettledContract", **common)  # fmt: skip
            continue
        for contract_id in result["contracts"]:
            ranks[result["lot"]] = rank = ranks.get(result["lot"], 0) + 1
            contract = notice.contracts.get(contract_id, {"tenders": []})
            tenders = _contract_tenders(notice, contract["tenders"], result)
            amounts = [t["amount"] for t in tenders]
            priced = {t["currency"] for t in tenders if t["amount"] is not None}
            # The tenders' currency; without a value, the currency of the result's other amounts
            # (lowest and highest tender) or of the notice's total.
            named = {t["currency"] for t in tenders} - {None}
            currency = next(iter(priced if priced else named), None) if len(priced or named) == 1 else None
            currency = currency or (None if priced else result["currency"] or notice.currency)
            parties = [notice.parties.get(t["party"] or "", []) for t in tenders]
            winners: dict[str, dict[str, str | None]] = {}
            for org_id in (o for p in parties for o in p):
                winners.setdefault(org_id, notice.organisations.get(org_id, {"id": None, "name": None}))
            subcontracted = {t["subcontracted"] for t in tenders}
            yield Award(
                lot=result["lot"],
                rank=rank,
                # A contract of several lots (one tender each) has one title for them all: its
                # line of one lot takes the lot's.
                title=(lot.get("title") if len(contract["tenders"]) > 1 else None)
                or contract.get("title")
                or lot.get("title")
                or notice.title,
                cpv=cpv,
                date=contract.get("date"),
                # One tender's value (BT-720), or their sum in one currency; else no amount.
                amount=_sum(amounts) if amounts and None not in amounts and len(priced) == 1 else None,
                currency=currency,
                bids=result["bids"],
                framework=bool(contract.get("framework")) or bool(lot.get("framework")),
                grouped=any(len(p) > 1 for p in parties) if parties else None,
                subcontracted=subcontracted.pop() if len(subcontracted) == 1 else None,
                winners=[dict(w) for w in winners.values()],
                **common,
            )


def _contract_tenders(notice: _Notice, refs: list[str], result: dict[str, Any]) -> list[dict[str, Any]]:
    """The contract's tenders for this lot result: those of its lot, else those the result lists,
    else all of them (a contract may cover several lots, one tender each)."""
    tenders = [notice.tenders[r] for r in refs if r in notice.tenders]
    return (
        [t for t in tenders if t["lot"] == result["lot"]]
        or [notice.tenders[r] for r in refs if r in result["tenders"] and r in notice.tenders]
        or tenders
    )


def _currency(element: Element, deep: bool, attribute: str = "currencyID") -> str | None:
    """The first currency (eForms' currencyID, TED XML's CURRENCY) of the element's children, or of
    any element under it when deep."""
    elements = element.iter() if deep else iter(element)
    return next((e.get(attribute) for e in elements if e.get(attribute)), None)


def _sum(amounts: list[str | None]) -> str | None:
    if len(amounts) == 1:
        return amounts[0]
    try:
        return repr(sum(float(a) for a in amounts if a is not None))
    except ValueError:
        return None


@cache
def _alpha3() -> dict[str, str]:
    """ISO 3166 alpha-3 -> alpha-2, from CLDR's territory aliases (babel)."""
    from babel.core import get_global

    aliases = get_global("territory_aliases")
    return {k: v[0] for k, v in aliases.items() if len(k) == 3 and k.isalpha() and len(v) == 1}


def alpha2(code: str | None) -> str | None:
    """An eForms country code (ISO 3166 alpha-3, 'AUT') as alpha-2 ('AT'); an unknown code as it is."""
    if code is None:
        return None
    return _alpha3().get(code.upper(), code)
