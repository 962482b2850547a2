"""TED contract award notices (issue 16, Formats item 3): TED XML R2.0.9, eForms, the TED award CSV.

Real data: tests/fixtures/ted-can-xml/, eight real TED notices (XML R2.0.9) and their eForms
conversion by TED's own converter (ted-can-xml/PROVENANCE.md). No real TED CSV ships:
tests/fixtures/constructed_ted_can.csv is **constructed** from the eight R2.0.9 notices by
tests/tools/construct_ted_csv.py (the documented columns, the notices' values). Every figure pinned
here is also recounted by tests/tools/recount_ted.py (defusedxml and csv, no etl code). Files made
on purpose for one rule (truncated, a bomb, a contract notice, a concession, a French winner) are
written by the tests from the real notices, in a temporary folder, and say so.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.errors import SourceError
from etl.inputs import detect_format
from tests.conftest import FIXTURES, SIRENE, assert_refused, digest, run_etl
from tests.tools import recount_ted

TED = FIXTURES / "ted-can-xml"
R209 = TED / "ted-xml-r209"
EFORMS = TED / "eforms-converted"
CSV = FIXTURES / "constructed_ted_can.csv"
AUSTRIAN = "21-362579-001-EXP.xml"  # one notice, one lot, one SME winner (353237-2021)
CONTRACT_COLUMNS = (
    "contract_uid", "contract_id", "buyer_id", "buyer_name", "country", "cpv_code", "notification_date",
    "amount", "currency", "amount_status", "bids_received", "winners", "is_framework", "grouping_type",
    "subcontracting_declared", "object", "procedure", "techniques",
)  # fmt: skip


def _build(db: Path, *sources: Path | str) -> duckdb.DuckDBPyConnection:
    result = run_etl("build", *sources, "--db", db)
    assert result.returncode == 0, result.stderr
    return duckdb.connect(str(db), read_only=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The R2.0.9 folder, the eForms folder and the CSV, each built alone."""
    folder = tmp_path_factory.mktemp("ted")
    cons = {kind: _build(folder / f"{kind}.duckdb", source) for kind, source in
            (("r209", R209), ("eforms", EFORMS), ("csv", CSV))}  # fmt: skip
    yield cons
    for con in cons.values():
        con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<?xml version="1.0"?>\n<TED_EXPORT xmlns="http://publications.europa.eu/x"><A/></TED_EXPORT>',
            "ted-xml",
        ),
        (
            '<?xml version="1.0"?><!-- eForms -->\n<ContractAwardNotice '
            'xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"/>',
            "ted-eforms",
        ),
        ("ID_NOTICE_CAN,ID_AWARD,WIN_NAME,B_CONTRACTOR_SME\n2021353237,1,ITBinder GmbH,Y\n", "ted-csv"),
        ("ID_NOTICE_CAN;ISO_COUNTRY_CODE;ID_AWARD;WIN_NAME\n", "ted-csv"),
    ],
)
def test_format_is_read_from_the_content(tmp_path, text, expected):
    path = tmp_path / "input.txt"
    path.write_text(text, encoding="utf-8")
    assert detect_format(path, "input.txt") == expected


def test_the_fixtures_are_recognised():
    assert {detect_format(p, p.name) for p in R209.glob("*.xml")} == {"ted-xml"}
    assert {detect_format(p, p.name) for p in EFORMS.glob("*.xml")} == {"ted-eforms"}
    assert detect_format(CSV, CSV.name) == "ted-csv"


@pytest.mark.parametrize(
    ("root", "what"),
    [("ContractNotice", "a contract notice"), ("PriorInformationNotice", "a prior information notice")],
)
def test_eforms_notices_that_award_nothing_are_refused(tmp_path, root, what):
    path = tmp_path / "cn.xml"
    path.write_text(
        f'<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2"/>', encoding="utf-8"
    )
    with pytest.raises(SourceError) as refused:
        detect_format(path, "cn.xml")
    assert (
        str(refused.value)
        == f"cn.xml: an eForms <{root}>, {what}: not a contract award notice, nothing to load"
    )


# --- the pinned figures, recounted -------------------------------------------------------------

PINNED = {
    "r209": {
        "contracts": 35,
        "awards": 39,
        "rejected": 3,
        "count_shares": {"PME": 0.314286, "large": 0.685714},
        "amount_shares": {
            "EUR": {"PME": 0.432414, "large": 0.567586},
            "GBP": {"PME": 0.027778, "large": 0.972222},
            "PLN": {"PME": 1.0},
        },
        "amount_ok": {"EUR": 18874593.44, "GBP": 1800000000.0, "PLN": 183506.5},
        "bids": {1: 1, 2: 6, 3: 2, 4: 3, 5: 3, 6: 4, 7: 10, 8: 6},
        "countries": {"AT": 1, "DE": 6, "ES": 3, "GB": 12, "NO": 4, "PL": 7, "SK": 1, "ZM": 1},
        "currencies": {"EUR": 13, "GBP": 12, "NOK": 4, "PLN": 6},
    },
}
# TED's converter writes no size for <NO_SME/>: the large winners are of unknown size in eForms, and
# it drops the non-awarded section of a lot that other sections award (092731-2022 lot 2).
PINNED["eforms"] = PINNED["r209"] | {
    "rejected": 2,
    "count_shares": {"PME": 0.314286, "unknown": 0.685714},
    "amount_shares": {
        "EUR": {"PME": 0.432414, "unknown": 0.567586},
        "GBP": {"PME": 0.027778, "unknown": 0.972222},
        "PLN": {"PME": 1.0},
    },
}
# The CSV is in euros: the GBP, NOK and PLN awards have no AWARD_VALUE_EURO (construct_ted_csv.py).
PINNED["csv"] = PINNED["r209"] | {
    "amount_shares": {"EUR": {"PME": 0.432414, "large": 0.567586}},
    "amount_ok": {"EUR": 18874593.44},
    "currencies": {"EUR": 35},
}
RECOUNT = {"r209": recount_ted.r209, "eforms": recount_ted.eforms, "csv": recount_ted.ted_csv}


def _figures(con: duckdb.DuckDBPyConnection) -> dict:
    """The pinned figures as the build gives them (recount_ted.figures' names and rounding)."""
    amount = _rows(
        con,
        "SELECT c.currency, a.size_class, round(sum(a.amount_share) / sum(sum(a.amount_share)) "
        "OVER (PARTITION BY c.currency), 6) FROM awards AS a JOIN contracts AS c USING (contract_uid) "
        "WHERE c.amount_status = 'ok' GROUP BY 1, 2 ORDER BY 1, 2",
    )
    shares: dict[str, dict[str, float]] = {}
    for currency, size, share in amount:
        shares.setdefault(currency, {})[size] = share
    return {
        "contracts": _rows(con, "SELECT count(*) FROM contracts")[0][0],
        "awards": _rows(con, "SELECT count(*) FROM awards")[0][0],
        "rejected": _rows(con, "SELECT count(*) FROM rejected_records")[0][0],
        "count_shares": dict(
            _rows(
                con,
                "SELECT size_class, round(sum(weight) / (SELECT sum(weight) FROM awards), 6) "
                "FROM awards GROUP BY 1 ORDER BY 1",
            )
        ),
        "amount_shares": shares,
        "amount_ok": dict(
            _rows(
                con,
                "SELECT currency, round(sum(amount), 2) FROM contracts "
                "WHERE amount_status = 'ok' GROUP BY 1 ORDER BY 1",
            )
        ),
        "bids": dict(
            _rows(
                con,
                "SELECT bids_received, count(*) FROM contracts WHERE bids_received IS NOT NULL "
                "GROUP BY 1 ORDER BY 1",
            )
        ),
        "countries": dict(_rows(con, "SELECT country, count(*) FROM contracts GROUP BY 1 ORDER BY 1")),
        "currencies": dict(_rows(con, "SELECT currency, count(*) FROM contracts GROUP BY 1 ORDER BY 1")),
    }


@pytest.mark.parametrize("kind", ["r209", "eforms", "csv"])
def test_the_recount_gives_the_pinned_figures(kind):
    assert recount_ted.figures(*RECOUNT[kind]()) == PINNED[kind]


@pytest.mark.parametrize("kind", ["r209", "eforms", "csv"])
def test_the_build_gives_the_pinned_figures(built, kind):
    assert _figures(built[kind]) == PINNED[kind]


# --- what the R2.0.9 notices give --------------------------------------------------------------


def test_r209_inputs_and_rejected_lots(built):
    con = built["r209"]
    assert _rows(
        con,
        "SELECT path, format, records_read, records_loaded, records_rejected FROM etl_inputs ORDER BY path",
    ) == [
        (str(R209 / "20-157399-001-EXP.xml"), "ted-xml", 4, 4, 0),
        (str(R209 / "20-157543-001-EXP.xml"), "ted-xml", 3, 3, 0),
        (str(R209 / "21-000061-001-EXP.xml"), "ted-xml", 12, 12, 0),
        (str(R209 / "21-010961-001-EXP.xml"), "ted-xml", 1, 1, 0),
        (str(R209 / "21-362579-001-EXP.xml"), "ted-xml", 1, 1, 0),
        (str(R209 / "21-364180-001-EXP.xml"), "ted-xml", 1, 1, 0),
        (str(R209 / "22-086633-001-EXP.xml"), "ted-xml", 8, 7, 1),
        (str(R209 / "22-091559-001-EXP.xml"), "ted-xml", 8, 6, 2),
    ]
    assert _rows(con, "SELECT DISTINCT licence FROM etl_inputs") == [
        ("TED (EU Publications Office): reuse authorised, source acknowledged (Decision 2011/833/EU)",)
    ]
    assert _rows(con, "SELECT source_name, record_ref, reason FROM rejected_records ORDER BY 2") == [
        ("TED", "88158-2022/8", "lot not awarded (PROCUREMENT_UNSUCCESSFUL)"),
        ("TED", "92731-2022/2", "lot not awarded (PROCUREMENT_DISCONTINUED)"),
        ("TED", "92731-2022/4", "lot not awarded (PROCUREMENT_DISCONTINUED)"),
    ]


def test_r209_contracts_of_three_notices(built):
    """A group of three (3543-2021 lot 1, 4th contract), a lot in euros among zlotys (88158-2022 lot
    1), a notice without lots and its buyer keyed by name (353237-2021), a notice without VAL_TOTAL
    (154292-2020: its NOK estimate is no award amount, the contract keeps NOK), a LOT_NO « N/A »."""
    got = _rows(
        built["r209"],
        "SELECT contract_uid, buyer_id, country, currency, amount, amount_status, bids_received, winners, "
        "is_framework, grouping_type, procedure, notification_date::VARCHAR FROM contracts "
        "WHERE contract_uid IN ('3543-2021/1/4', '88158-2022/1/1', '88158-2022/2/1', '353237-2021/-/1', "
        "'154292-2020/-/3', '15463-2021/N/A/1') ORDER BY 1",
    )
    assert got == [
        ("154292-2020/-/3", "940363586", "NO", "NOK", None, "missing", 6, 1, False, "No group", "PT_OPEN", "2019-09-24"),
        ("15463-2021/N/A/1", "ZM:MULONGAWATERSUPPLYANDSANITATIONCOMPANYLTD", "ZM", "EUR", None, "missing", 4, 1,
         False, "No group", "PT_RESTRICTED", "2020-07-10"),
        ("353237-2021/-/1", "AT:WIENERWOHNENHAUSBETREUUNGGMBH", "AT", "EUR", 1220020.0, "ok", 2, 1, False,
         "No group", "PT_COMPETITIVE_NEGOTIATION", "2021-06-15"),
        ("3543-2021/1/4", "GB:HIGHWAYSENGLAND", "GB", "GBP", 250000000.0, "ok", 7, 3, True,
         "Group of economic operators", "PT_OPEN", "2020-09-09"),
        ("88158-2022/1/1", "7292345599", "PL", "EUR", 47620.0, "ok", 3, 1, False, "No group", "PT_OPEN", "2021-04-20"),
        ("88158-2022/2/1", "7292345599", "PL", "PLN", 57231.0, "ok", 2, 1, False, "No group", "PT_OPEN", "2021-04-20"),
    ]  # fmt: skip
    assert _rows(
        built["r209"],
        "SELECT supplier_id, supplier_id_scheme, supplier_name, size_class, size_basis, round(weight, 6), "
        "round(amount_share, 2) FROM awards WHERE contract_uid IN ('3543-2021/1/4', '353237-2021/-/1') ORDER BY 1",
    ) == [
        ("9110016767246", "NATIONALID", "ITBinder GmbH", "PME", "source", 1.0, 1220020.0),
        ("GB:ARCADISCONSULTING(UK)LTD", "NAME", "Arcadis Consulting (UK) Ltd", "large", "source", 0.333333, 83333333.33),
        ("GB:PELLFRISCHMANNCONSULTINGENGINEERSLTD", "NAME", "Pell Frischmann Consulting Engineers Ltd", "large",
         "source", 0.333333, 83333333.33),
        ("GB:TRLLTD", "NAME", "TRL Ltd", "large", "source", 0.333333, 83333333.33),
    ]  # fmt: skip


def test_procedures_and_frameworks(built):
    """PT_* codes and eForms codes fall in their families (etl/rules/procedure_families.csv); a
    FRAMEWORK element (eForms: BT-765 or BT-768) makes a framework, as « Framework agreement »."""
    sql = ("SELECT procedure, procedure_family::VARCHAR, is_framework, count(*) AS awards FROM fact_awards "
           "GROUP BY ALL ORDER BY ALL")  # fmt: skip
    assert _rows(built["r209"], sql) == [
        ("PT_COMPETITIVE_NEGOTIATION", "negotiated", False, 1),
        ("PT_OPEN", "open", False, 12),
        ("PT_OPEN", "open", True, 25),
        ("PT_RESTRICTED", "restricted", False, 1),
    ]
    assert _rows(built["eforms"], sql) == [
        ("neg-w-call", "negotiated", False, 1),
        ("open", "open", False, 12),
        ("open", "open", True, 25),
        ("restricted", "restricted", False, 1),
    ]
    assert _rows(built["r209"], "SELECT DISTINCT techniques FROM contracts WHERE is_framework") == [
        ("Framework agreement",)
    ]


# --- R2.0.9 and its eForms conversion ----------------------------------------------------------

# Where the eForms conversion differs, and why (TED's converter, ted-can-xml/PROVENANCE.md):
# - object: 153579-2020 lot 3 takes its lot's title (the converter merged the three lots' award
#   sections into one settled contract whose title joins theirs), which differs from the award's;
# - notification_date: 88158-2022 lot 6 was concluded on 2021-04-13, but the converter merged it
#   with five other lots into one settled contract dated 2021-04-20;
# - subcontracting: the converter says « yes » for 8 awards that have no LIKELY_SUBCONTRACTED.
DIFFERENCES = {
    ("153579-2020/3/1", "object"),
    ("88158-2022/6/1", "notification_date"),
    ("153579-2020/2/1", "subcontracting_declared"),
    ("153579-2020/3/1", "subcontracting_declared"),
    *(("3543-2021/2/" + str(rank), "subcontracting_declared") for rank in range(1, 7)),
}


def test_r209_and_eforms_give_the_same_contracts(built):
    """Same uids, buyers, countries, CPV, amounts, currencies, bids, winners, frameworks, groups:
    all 35 contracts agree on every column but the differences listed above."""
    cols = ", ".join(c for c in CONTRACT_COLUMNS if c != "procedure")
    sql = f"SELECT {cols} FROM contracts ORDER BY contract_uid"
    r209, eforms = (_rows(built[k], sql) for k in ("r209", "eforms"))
    assert [r[0] for r in r209] == [r[0] for r in eforms]
    names = cols.split(", ")
    differ = {
        (a[0], names[i]) for a, b in zip(r209, eforms, strict=True) for i in range(len(names)) if a[i] != b[i]
    }
    assert differ == DIFFERENCES


def test_r209_and_eforms_give_the_same_winners_and_smes(built):
    """The same 39 awards (ids, names, weights); every SME agrees; the 28 <NO_SME/> awards are
    large in R2.0.9 and of unknown size in eForms (the converter writes no size for them)."""
    sql = ("SELECT contract_uid, supplier_id, supplier_name, weight, size_class::VARCHAR FROM awards "
           "ORDER BY 1, 2")  # fmt: skip
    r209, eforms = (_rows(built[k], sql) for k in ("r209", "eforms"))
    assert [r[:4] for r in r209] == [r[:4] for r in eforms]
    sizes = {(a[4], b[4]) for a, b in zip(r209, eforms, strict=True)}
    assert sizes == {("PME", "PME"), ("large", "unknown")}
    assert sum(a[4] == "large" for a in r209) == 28


def test_the_csv_gives_the_notices_contracts(built):
    """The constructed CSV (built from the R2.0.9 notices) gives the same contracts per notice, in
    their award order (its uids are notice/ID_AWARD), the same winners and sizes."""
    sql = ("SELECT c.contract_id, c.notification_date, c.bids_received, c.winners, c.is_framework, c.country, "
           "list(a.supplier_id ORDER BY a.supplier_id), list(a.size_class::VARCHAR ORDER BY a.supplier_id) "
           "FROM contracts AS c JOIN awards AS a USING (contract_uid) GROUP BY ALL ORDER BY ALL")  # fmt: skip
    assert _rows(built["csv"], sql) == _rows(built["r209"], sql)


# --- bad inputs --------------------------------------------------------------------------------


def _notice(name: str = AUSTRIAN) -> str:
    return (R209 / name).read_text(encoding="utf-8")


def _contract_notice() -> bytes:
    """Constructed from the real Austrian award notice: its form made a contract notice (F02_2014,
    TD_DOCUMENT_TYPE 3) and its award section removed."""
    text = re.sub(r"<AWARD_CONTRACT .*?</AWARD_CONTRACT>\s*", "", _notice(), flags=re.DOTALL)
    text = text.replace("F03_2014", "F02_2014").replace('FORM="F03"', 'FORM="F02"')
    return text.replace(
        '<TD_DOCUMENT_TYPE CODE="7">Contract award notice', '<TD_DOCUMENT_TYPE CODE="3">Contract notice'
    ).encode()


def _concession() -> bytes:
    """Constructed from the real Austrian award notice: its legal basis made the concessions directive."""
    return (
        _notice().replace('<LEGAL_BASIS VALUE="32014L0024"/>', '<LEGAL_BASIS VALUE="32014L0023"/>').encode()
    )


# Constructed: the classic "billion laughs" under a <TED_EXPORT> root (ten levels of ten).
TED_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE TED_EXPORT [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n'
        % (level, (b"&lol%s;" % (b"" if level == 1 else str(level - 1).encode())) * 10)
        for level in range(1, 10)
    )
    + b']>\n<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication">'
    b"<CODED_DATA_SECTION><X>&lol9;</X></CODED_DATA_SECTION></TED_EXPORT>\n"
)

BAD_INPUTS = [
    (
        "truncated_r209.xml",
        (R209 / AUSTRIAN).read_bytes()[:9000],
        "unreadable TED XML notice (unclosed token: line 209, column 15)",
    ),
    (
        "truncated_eforms.xml",
        (EFORMS / AUSTRIAN).read_bytes()[:20000],
        "unreadable eForms notice (no element found: line 315, column 5)",
    ),
    (
        "bomb.xml",
        TED_BOMB,
        "XML that declares entities or external resources (EntitiesForbidden): refused, "
        "an entity expansion can be an XML bomb",
    ),
    (
        "contract_notice.xml",
        _contract_notice(),
        "a TED notice « Contract notice » (form F02_2014) without AWARD_CONTRACT: "
        "not a contract award notice, nothing to load",
    ),
    (
        "can_modif.xml",
        (EFORMS / AUSTRIAN).read_bytes().replace(b">can-standard<", b">can-modif<"),
        "an eForms contract modification notice (can-modif), not a contract award notice",
    ),
    (
        "r208.xml",
        (R209 / AUSTRIAN).read_bytes().replace(b"/ted/R2.0.9/publication", b"/ted/R2.0.8/publication"),
        "TED XML whose root is {http://publications.europa.eu/resource/schema/ted/R2.0.8/publication}"
        "TED_EXPORT: this build reads the R2.0.9 schema",
    ),
    (
        "concession.xml",
        _concession(),
        "no usable contract (1 records read, 1 concessions skipped, 0 rejected)",
    ),
    (
        "header.csv",
        CSV.read_bytes().split(b"\n")[0] + b"\n",
        "no usable contract (0 records read, 0 concessions skipped, 0 rejected)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_1_with_one_line_and_keeps_db(tmp_path, published, name, content, message):
    assert_refused(tmp_path, name, content, published, message)


def test_one_bad_notice_in_a_folder_refuses_the_build(tmp_path, published):
    """A TED folder with a truncated notice among seven real ones: the line names that file."""
    folder = tmp_path / "notices"
    shutil.copytree(R209, folder)
    cut = folder / "22-091559-001-EXP.xml"
    cut.write_bytes(cut.read_bytes()[:3000])
    before = digest(published)
    result = run_etl("build", folder, "--db", published)
    assert result.returncode == 1
    assert result.stderr == f"error: {cut}: unreadable TED XML notice (unclosed token: line 60, column 9)\n"
    assert digest(published) == before


def test_a_concession_in_a_folder_is_counted_and_skipped(tmp_path):
    """A concession award notice (constructed, above) beside the real R2.0.9 notices."""
    folder = tmp_path / "notices"
    shutil.copytree(R209, folder)
    (folder / "99-concession.xml").write_bytes(_concession())
    db = tmp_path / "ted.duckdb"
    result = run_etl("build", folder, "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"built {db}: 35 contracts, 39 awards from 9 file(s) (39 records read); 3 records rejected "
        "(see rejected_records), 0 duplicates dropped, 1 concessions skipped\n"
    )


# --- the CSV's own rules -----------------------------------------------------------------------

CSV_HEADER = "ID_NOTICE_CAN,ID_AWARD,ISO_COUNTRY_CODE,CAE_NAME,WIN_NAME,WIN_NATIONALID,WIN_COUNTRY_CODE,B_CONTRACTOR_SME,AWARD_VALUE_EURO,DT_AWARD\n"


def test_csv_dates_groups_and_french_winners(tmp_path):
    """Constructed rows: the export's date forms; a group with one flag for two winners (no size,
    nothing is guessed); an award on two rows read as one; French winners whose national id is a
    SIRET (spaces removed): sized by SIRENE without a flag, by their flag with one. The SIRETs are
    head offices of data/sample/sirene (007050065: PME; 006580195: ETI)."""
    path = tmp_path / "ted.csv"
    path.write_text(
        CSV_HEADER
        + "2021000001,1,FR,Commune A,Alpha---Beta,,DE---DE,Y,1000,18/03/20\n"
        + "2021000001,2,FR,Commune A,Gamma SA,007 050 065 00015,FR,,2000,18/03/2020\n"
        + "2021000001,3,FR,Commune A,Delta SA,00658019500011,FR,N,3000,18-MAR-20\n"
        + "2021000001,4,FR,Commune A,Epsilon,,FR,Y,4000,2020-03-18\n"
        + "2021000001,4,FR,Commune A,Zeta,,FR,N,4000,2020-03-18\n"
        + "2021000001,5,FR,Commune A,Eta,,FR,Y,5000,31/02/20\n",
        encoding="utf-8",
    )
    con = _build(tmp_path / "csv.duckdb", path, "--sirene", SIRENE)
    assert _rows(
        con, "SELECT contract_uid, notification_date::VARCHAR, amount, winners FROM contracts ORDER BY 1"
    ) == [
        ("1-2021/1", "2020-03-18", 1000.0, 2),
        ("1-2021/2", "2020-03-18", 2000.0, 1),
        ("1-2021/3", "2020-03-18", 3000.0, 1),
        ("1-2021/4", "2020-03-18", 4000.0, 2),
        ("1-2021/5", None, 5000.0, 1),
    ]
    assert _rows(
        con,
        "SELECT contract_uid, supplier_id, supplier_id_scheme, supplier_siren, size_class::VARCHAR, "
        "size_basis::VARCHAR FROM awards ORDER BY 1, 2",
    ) == [
        ("1-2021/1", "DE:ALPHA", "NAME", None, "unknown", "none"),
        ("1-2021/1", "DE:BETA", "NAME", None, "unknown", "none"),
        ("1-2021/2", "00705006500015", "SIRET", "007050065", "PME", "sirene"),
        ("1-2021/3", "00658019500011", "SIRET", "006580195", "large", "source"),
        ("1-2021/4", "FR:EPSILON", "NAME", None, "PME", "source"),
        ("1-2021/4", "FR:ZETA", "NAME", None, "large", "source"),
        ("1-2021/5", "FR:ETA", "NAME", None, "PME", "source"),
    ]
    assert _rows(con, "SELECT contract_uid, field, raw_value, note FROM quality_notes") == [
        ("1-2021/5", "notification_date", "31/02/20", "not a date: treated as missing")
    ]
    assert _rows(con, "SELECT records_read, records_loaded FROM etl_inputs WHERE format = 'ted-csv'") == [
        (5, 5)
    ]


def test_a_mixed_build_with_decp_and_ted(tmp_path):
    """DECP 2019, DECP 2022, a TED folder and the TED CSV in one build: the publication checks pass."""
    db = tmp_path / "mixed.duckdb"
    sources = (FIXTURES / "fixture_decp2019_138.json", FIXTURES / "constructed_decp2022.json", R209, CSV)
    result = run_etl("build", *sources, "--sirene", SIRENE, "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"built {db}: 208 contracts, 242 awards from 11 file(s) (222 records read); 7 records rejected "
        "(see rejected_records), 3 duplicates dropped, 4 concessions skipped\n"
    )
    con = duckdb.connect(str(db), read_only=True)
    assert _rows(con, "SELECT source_format, country, count(*) FROM contracts GROUP BY ALL ORDER BY ALL") == [
        ("decp-2019", "FR", 133),
        ("decp-2022", "FR", 5),
        ("ted", "AT", 2),
        ("ted", "DE", 12),
        ("ted", "ES", 6),
        ("ted", "GB", 24),
        ("ted", "NO", 8),
        ("ted", "PL", 14),
        ("ted", "SK", 2),
        ("ted", "ZM", 2),
    ]
    assert _rows(con, "SELECT format, count(*) FROM etl_inputs GROUP BY 1 ORDER BY 1") == [
        ("decp-2019", 1),
        ("decp-2022", 1),
        ("sirene-csv", 1),
        ("ted-csv", 1),
        ("ted-xml", 8),
    ]


def test_generated_notices_and_csv(tmp_path):
    """bench/generate_ted.py (same arguments, same bytes): 16 notices are the 8 real ones twice under
    new numbers, 76 CSV rows the constructed file twice; their R2.0.9 and eForms copies of one
    notice have one uid, so that a build of both keeps each contract once."""
    from bench.generate_ted import main

    for run in ("a", "b"):
        for kind in ("r209", "eforms"):
            assert main(["--notices", "16", "--format", kind, "--out", str(tmp_path / run / kind)]) == 0
        assert main(["--csv-rows", "76", "--csv", str(tmp_path / run / "ted.csv")]) == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 33
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    db = tmp_path / "generated.duckdb"
    result = run_etl(
        "build", tmp_path / "a" / "r209", tmp_path / "a" / "eforms", tmp_path / "a" / "ted.csv", "--db", db
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"built {db}: 140 contracts, 156 awards from 33 file(s) (226 records read); 16 records rejected "
        "(see rejected_records), 70 duplicates dropped, 0 concessions skipped\n"
    )


def test_the_original_form_is_read(tmp_path):
    """Constructed from the real Austrian notice: a translated copy of its form, placed first, says
    <NO_SME/> and another amount; the ORIGINAL form (SME, 1,220,020 EUR) is the one read."""
    text = _notice()
    form = re.search(r'<F03_2014 CATEGORY="ORIGINAL".*?</F03_2014>', text, flags=re.DOTALL).group(0)
    translated = form.replace('CATEGORY="ORIGINAL"', 'CATEGORY="TRANSLATION"').replace("<SME/>", "<NO_SME/>")
    translated = translated.replace(">1220020<", ">1<")
    path = tmp_path / "translated.xml"
    path.write_text(text.replace(form, translated + form), encoding="utf-8")
    con = _build(tmp_path / "t.duckdb", path)
    assert _rows(
        con,
        "SELECT contract_uid, amount, size_class::VARCHAR FROM awards JOIN contracts USING (contract_uid)",
    ) == [("353237-2021/-/1", 1220020.0, "PME")]
