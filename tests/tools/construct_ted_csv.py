"""Construct a TED award-notice CSV from the real TED XML R2.0.9 notices of the fixtures.

No real TED CSV ships with the project, so this script writes one row per award section
(AWARD_CONTRACT) of the eight real notices in tests/fixtures/ted-can-xml/ted-xml-r209/, in the TED
CSV open data's columns (notes and codebook v3.x): ID_NOTICE_CAN, ISO_COUNTRY_CODE, CAE_NAME,
CAE_NATIONALID, B_FRA_AGREEMENT, CPV, ID_AWARD, INFO_ON_NON_AWARD, B_AWARDED_TO_A_GROUP, WIN_NAME,
WIN_NATIONALID, WIN_COUNTRY_CODE, B_CONTRACTOR_SME, TITLE, NUMBER_OFFERS, NUMBER_TENDERS_SME,
AWARD_VALUE_EURO, DT_AWARD. Every value comes from the notice, except:

- ID_NOTICE_CAN: the notice's year then its OJ S number on six digits (« 2021003543 » for
  003543-2021), the form TED's CSV gives it;
- ID_AWARD: TED's database numbers are not in the XML: the rows are numbered 1, 2, 3... in file
  order;
- AWARD_VALUE_EURO: VAL_TOTAL when its currency is EUR; empty otherwise (TED converts other
  currencies with its own rate, which the notice does not give);
- DT_AWARD: DATE_CONCLUSION_CONTRACT written DD/MM/YY, as TED's 2018-2023 exports write dates;
- a group's winners in one row, their names, ids, countries and SME flags joined by « --- »;
- Y / N for the flags (SME / NO_SME, FRAMEWORK, AWARDED_TO_GROUP); a flag not given stays empty.

Only the original-language form is read. Run once: `python tests/tools/construct_ted_csv.py`; it
writes tests/fixtures/constructed_ted_can.csv (committed, see tests/fixtures/PROVENANCE.md).
"""

from __future__ import annotations

import csv
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import parse

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "tests" / "fixtures" / "ted-can-xml" / "ted-xml-r209"
OUT = ROOT / "tests" / "fixtures" / "constructed_ted_can.csv"
NS = {"t": "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"}
COLUMNS = [
    "ID_NOTICE_CAN", "ISO_COUNTRY_CODE", "CAE_NAME", "CAE_NATIONALID", "B_FRA_AGREEMENT", "CPV",
    "ID_AWARD", "INFO_ON_NON_AWARD", "B_AWARDED_TO_A_GROUP", "WIN_NAME", "WIN_NATIONALID",
    "WIN_COUNTRY_CODE", "B_CONTRACTOR_SME", "TITLE", "NUMBER_OFFERS", "NUMBER_TENDERS_SME",
    "AWARD_VALUE_EURO", "DT_AWARD",
]  # fmt: skip


def text(element: Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def value(element: Element | None, attribute: str) -> str:
    return "" if element is None else element.get(attribute, "")


def rows(path: Path) -> list[dict[str, str]]:
    root = parse(path).getroot()
    number, year = root.get("DOC_ID", "").split("-")
    form = next(f for f in root.find("t:FORM_SECTION", NS) if f.get("CATEGORY") == "ORIGINAL")
    body = form.find("t:CONTRACTING_BODY/t:ADDRESS_CONTRACTING_BODY", NS)
    notice = {
        "ID_NOTICE_CAN": f"{year}{int(number):06d}",
        "ISO_COUNTRY_CODE": value(root.find("t:CODED_DATA_SECTION/t:NOTICE_DATA/t:ISO_COUNTRY", NS), "VALUE"),
        "CAE_NAME": text(body.find("t:OFFICIALNAME", NS)),
        "CAE_NATIONALID": text(body.find("t:NATIONALID", NS)),
        "B_FRA_AGREEMENT": "Y" if form.find("t:PROCEDURE/t:FRAMEWORK", NS) is not None else "N",
        "CPV": value(form.find("t:OBJECT_CONTRACT/t:CPV_MAIN/t:CPV_CODE", NS), "CODE"),
    }
    out = []
    for section in form.findall("t:AWARD_CONTRACT", NS):
        row = dict(notice, TITLE=text(section.find("t:TITLE", NS)))
        awarded = section.find("t:AWARDED_CONTRACT", NS)
        if awarded is None:
            row["INFO_ON_NON_AWARD"] = next(iter(section.find("t:NO_AWARDED_CONTRACT", NS))).tag.split("}")[1]
            out.append(row)
            continue
        contractors = awarded.findall("t:CONTRACTORS/t:CONTRACTOR", NS)
        group = awarded.find("t:CONTRACTORS/t:AWARDED_TO_GROUP", NS) is not None
        flags = [
            "Y" if c.find("t:SME", NS) is not None else "N" if c.find("t:NO_SME", NS) is not None else ""
            for c in contractors
        ]
        total = awarded.find("t:VALUES/t:VAL_TOTAL", NS)
        date = text(awarded.find("t:DATE_CONCLUSION_CONTRACT", NS))
        row |= {
            "B_AWARDED_TO_A_GROUP": "Y" if group else "N",
            "WIN_NAME": "---".join(
                text(c.find("t:ADDRESS_CONTRACTOR/t:OFFICIALNAME", NS)) for c in contractors
            ),
            "WIN_NATIONALID": "---".join(
                text(c.find("t:ADDRESS_CONTRACTOR/t:NATIONALID", NS)) for c in contractors
            ),
            "WIN_COUNTRY_CODE": "---".join(
                value(c.find("t:ADDRESS_CONTRACTOR/t:COUNTRY", NS), "VALUE") for c in contractors
            ),
            "B_CONTRACTOR_SME": "---".join(flags) if any(flags) else "",
            "NUMBER_OFFERS": text(awarded.find("t:TENDERS/t:NB_TENDERS_RECEIVED", NS)),
            "NUMBER_TENDERS_SME": text(awarded.find("t:TENDERS/t:NB_TENDERS_RECEIVED_SME", NS)),
            "AWARD_VALUE_EURO": text(total) if value(total, "CURRENCY") == "EUR" else "",
            "DT_AWARD": f"{date[8:10]}/{date[5:7]}/{date[2:4]}" if date else "",
        }
        if not any(row["WIN_NATIONALID"].split("---")):
            row["WIN_NATIONALID"] = ""
        out.append(row)
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        award = 0
        for path in sorted(NOTICES.glob("*.xml")):
            for row in rows(path):
                award += 1
                writer.writerow({c: row.get(c, "") for c in COLUMNS} | {"ID_AWARD": str(award)})


if __name__ == "__main__":
    main()
