"""The Method, rule by rule: one real record varied in one field -> the exact published values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from tests.etl_inputs import base_marche, tabular_rows, variant, write_csv, write_json

ROOT = Path(__file__).resolve().parents[1]
SIRENE = ROOT / "data" / "sample" / "sirene" / "sirene_unites_legales_categorie.csv"
BUYER = "83455372900015"
# How some buyers publish a procedure closed without award ("sans suite"): a winner of zeros.
ZERO_WINNER = {"typeIdentifiant": "SIRET", "id": "00000000000000", "denominationSociale": "SANS SUITE"}

AMOUNTS = [
    ("ok", 26130, "ok"),
    ("one-euro", 1, "ok"),
    ("three-billion", 3e9, "ok"),
    ("round-400m", 400000000, "ok"),
    ("seven-ones-below-100m", 11111110, "ok"),
    ("zero", 0, "aberrant"),
    ("below-one", 0.5, "aberrant"),
    ("negative", -5000, "aberrant"),
    ("huge", 1e308, "aberrant"),
    ("above-three-billion", 3000000001, "aberrant"),
    ("run-of-nines", 199999999, "aberrant"),
    ("run-of-sevens", 777777777, "aberrant"),
    ("run-then-zeros", 111111100, "aberrant"),
    ("starts-123456789", 123456789.5, "aberrant"),
    ("placeholder-999999999", 999999999, "aberrant"),
    ("placeholder-12311111111", 12311111111, "aberrant"),
    ("text", "abc", "missing"),
    ("null", None, "missing"),
]
CPVS = [
    ("cpv-check-digit", "50700000-2", "50700000", "50", "services"),
    ("cpv-lost-zero", "9132100", "09132100", "09", "supplies"),
    ("cpv-works", "45261210-9", "45261210", "45", "works"),
    ("cpv-software", "48000000", "48000000", "48", "supplies"),
    ("cpv-junk", "None", None, None, None),
    ("cpv-zero", "0", None, None, None),
    ("cpv-no-division", "00000000", None, None, None),
]
DATES = [
    ("date-plain", "2018-12-03", date(2018, 12, 3), None),
    ("date-tz", "2018-12-17+01:00", date(2018, 12, 17), None),
    ("date-typo", "0218-10-29", None, "before 2000: treated as missing"),
    ("date-future", "2999-01-01", None, "in the future: treated as missing"),
    ("date-1999", "1999-12-31", None, "before 2000: treated as missing"),
    ("date-text", "abc", None, "not a date: treated as missing"),
]


@pytest.fixture(scope="module")
def variants_db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """One DB built from every variant below."""
    folder = tmp_path_factory.mktemp("variants")
    marches = [variant(name, montant=value) for name, value, _ in AMOUNTS]
    marches[-1]["montant"] = None
    marches += [variant(name, codeCPV=raw) for name, raw, *_ in CPVS]
    marches += [variant(name, dateNotification=raw) for name, raw, *_ in DATES]
    marches += [
        variant("date-absent", dateNotification=None),
        # Duplicates: latest datePublicationDonnees wins, then the last one read.
        variant("dup-pub", montant=1000, datePublicationDonnees="2019-03-01"),
        variant("dup-pub", montant=2000, datePublicationDonnees="2019-02-01"),
        variant("dup-last", montant=1000),
        variant("dup-last", montant=3000),
        # Modifications: the latest one carrying a field gives it; the initial amount is kept.
        variant(
            "mods",
            montant=50000,
            dureeMois=12,
            modifications=[
                {"montant": 70000, "datePublicationDonneesModification": "2019-05-01"},
                {"montant": 60000, "dureeMois": 18, "datePublicationDonneesModification": "2019-04-01"},
            ],
        ),
        # Groupement: three listed, two distinct winners (a GE and a PME by SIRENE).
        variant(
            "groupement",
            montant=90000,
            titulaires=[
                {
                    "typeIdentifiant": "SIRET",
                    "id": "780 060 406 00045",
                    "denominationSociale": "TOTAL REUNION",
                },
                {"typeIdentifiant": "SIRET", "id": "78471226700060", "denominationSociale": "DS Avocats"},
                {"typeIdentifiant": "SIRET", "id": "78006040600045", "denominationSociale": "TOTAL"},
            ],
        ),
        variant("framework", nature="Accord-cadre"),
        variant(
            "hostile",
            objet="'); DROP TABLE contracts; --",
            titulaires=[
                {
                    "typeIdentifiant": "SIRET",
                    "id": "01575090400094",
                    "denominationSociale": "<script>alert(1)</script>",
                }
            ],
        ),
        # Ids made of zeros only are placeholders: no buyer, no winner.
        dict(variant("zero-buyer"), acheteur={"id": "00000000000000"}),
        variant("zero-winner", titulaires=[ZERO_WINNER]),
        variant("zero-and-real", titulaires=[ZERO_WINNER, base_marche()["titulaires"][0]]),
    ]
    json_file = write_json(folder / "variants.json", marches)
    rows = tabular_rows()[:1]
    tabular = _tabular_variants(rows[0])
    csv_file = write_csv(folder / "tabular.csv", tabular)
    db = folder / "variants.duckdb"
    build([str(json_file), str(csv_file)], db, [str(SIRENE)])
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def _tabular_variants(row: dict[str, str]) -> list[dict[str, str]]:
    """Rows of the real VULCAIN award (SIREN 421595786, ETI in SIRENE) under test uids."""

    def r(uid: str, **changes: str) -> dict[str, str]:
        out = dict(row, uid=uid, id=uid, **changes)
        out.setdefault("titulaire_categorie", "")
        out.setdefault("donneesActuelles", "")
        out.setdefault("datePublicationDonnees", "")
        out.setdefault("titulaire_typeIdentifiant", "")
        return out

    return [
        r("T-source", titulaire_categorie="PME"),  # the publisher's own field beats SIRENE (ETI)
        r("T-sirene"),  # no own field: SIRENE's ETI
        r("T-unknown", titulaire_id="99999999900011"),
        r("T-tva", titulaire_id="FR 12 345678901", titulaire_typeIdentifiant="TVA_INTRACOMMUNAUTAIRE"),
        r("T-current", montant="1000", donneesActuelles="false", datePublicationDonnees="2024-12-01"),
        r("T-current", montant="2000", donneesActuelles="true", datePublicationDonnees="2024-10-01"),
        r("T-pub", montant="1000", datePublicationDonnees="2024-12-01"),
        r("T-pub", montant="2000", datePublicationDonnees="2024-10-01"),
        r("T-last", montant="1000"),
        r("T-last", montant="2000"),
        r("T-last", montant="2000", titulaire_id="78471226700060"),
        r("T-zero-buyer", acheteur_id="00000000000000"),
    ]


def contract(con: duckdb.DuckDBPyConnection, contract_id: str) -> dict:
    cur = con.execute("SELECT * FROM contracts WHERE contract_id = $id", {"id": contract_id})
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, (contract_id, rows)
    return dict(zip(names, rows[0], strict=True))


def awards_of(con: duckdb.DuckDBPyConnection, contract_id: str) -> list[tuple]:
    return con.execute(
        "SELECT supplier_id, supplier_id_scheme, supplier_siren, supplier_name, size_class, size_basis, "
        "weight, amount_share FROM awards JOIN contracts USING (contract_uid) "
        "WHERE contract_id = $id ORDER BY supplier_id",
        {"id": contract_id},
    ).fetchall()


@pytest.mark.parametrize(("name", "montant", "status"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amount_status(variants_db, name, montant, status):
    row = contract(variants_db, name)
    assert row["amount_status"] == status
    share = awards_of(variants_db, name)[0][-1]
    assert share == (row["amount"] if status == "ok" else None)


@pytest.mark.parametrize(("name", "raw", "code", "division", "kind"), CPVS, ids=[c[0] for c in CPVS])
def test_cpv_normalised(variants_db, name, raw, code, division, kind):
    row = contract(variants_db, name)
    assert (row["cpv_code"], row["cpv_division"], row["contract_type"]) == (code, division, kind)


@pytest.mark.parametrize(("name", "raw", "expected", "note"), DATES, ids=[d[0] for d in DATES])
def test_dates(variants_db, name, raw, expected, note):
    row = contract(variants_db, name)
    assert row["notification_date"] == expected
    assert row["year"] == (expected.year if expected else None)
    notes = variants_db.execute(
        "SELECT raw_value, note FROM quality_notes WHERE contract_uid = $uid AND field = 'notification_date'",
        {"uid": BUYER + name},
    ).fetchall()
    assert notes == ([(raw, note)] if note else [])


def test_absent_date_is_missing_without_note(variants_db):
    assert contract(variants_db, "date-absent")["notification_date"] is None
    count = variants_db.execute(
        "SELECT count(*) FROM quality_notes WHERE contract_uid = $u", {"u": BUYER + "date-absent"}
    ).fetchone()
    assert count == (0,)


@pytest.mark.parametrize(("name", "amount"), [("dup-pub", 1000), ("dup-last", 3000)])
def test_duplicates_keep_latest_publication_then_last_read(variants_db, name, amount):
    assert contract(variants_db, name)["amount"] == amount


def test_duplicates_are_counted(variants_db):
    counts = variants_db.execute(
        "SELECT format, duplicates_dropped FROM etl_inputs WHERE format <> 'sirene-csv' ORDER BY format"
    ).fetchall()
    # JSON: dup-pub and dup-last, one each. CSV: T-current 1, T-pub 1, T-last 1 (older version row).
    assert counts == [("decp-2019", 2), ("decp-tabular-csv", 3)]


def test_latest_modification_gives_current_values(variants_db):
    row = contract(variants_db, "mods")
    assert (row["amount"], row["amount_initial"], row["duration_months"]) == (70000, 50000, 18)


def test_groupement_split_equally(variants_db):
    assert contract(variants_db, "groupement")["winners"] == 2
    assert awards_of(variants_db, "groupement") == [
        ("78006040600045", "SIRET", "780060406", "TOTAL REUNION", "GE", "sirene", 0.5, 45000.0),
        ("78471226700060", "SIRET", "784712267", "DS Avocats", "PME", "sirene", 0.5, 45000.0),
    ]


def test_framework_flag(variants_db):
    assert contract(variants_db, "framework")["is_framework"] is True
    assert contract(variants_db, "ok")["is_framework"] is False


def test_hostile_text_is_stored_as_plain_text(variants_db):
    assert contract(variants_db, "hostile")["object"] == "'); DROP TABLE contracts; --"
    assert awards_of(variants_db, "hostile") == [
        ("01575090400094", "SIRET", "015750904", "<script>alert(1)</script>", "unknown", "none", 1.0, 26130.0)
    ]


@pytest.mark.parametrize(
    ("uid", "expected"),
    [
        ("T-source", [("42159578600045", "SIRET", "421595786", "PME", "source")]),
        ("T-sirene", [("42159578600045", "SIRET", "421595786", "ETI", "sirene")]),
        ("T-unknown", [("99999999900011", "SIRET", "999999999", "unknown", "none")]),
        ("T-tva", [("FR12345678901", "TVA", None, "unknown", "none")]),
    ],
)
def test_size_from_source_then_sirene_then_unknown(variants_db, uid, expected):
    rows = [(a[0], a[1], a[2], a[4], a[5]) for a in awards_of(variants_db, uid)]
    assert rows == expected


@pytest.mark.parametrize(
    ("uid", "amount", "winners"),
    [("T-current", 2000, 1), ("T-pub", 1000, 1), ("T-last", 2000, 2)],
    ids=["donneesActuelles", "latest-datePublicationDonnees", "last-row-read"],
)
def test_tabular_current_version(variants_db, uid, amount, winners):
    row = contract(variants_db, uid)
    assert (row["amount"], row["winners"]) == (amount, winners)


@pytest.mark.parametrize(
    ("record_ref", "reason"),
    [
        ("00000000000000zero-buyer", "acheteur.id is a placeholder (zeros)"),
        (BUYER + "zero-winner", "no titulaire with an id"),
        ("T-zero-buyer", "acheteur_id is a placeholder (zeros)"),
    ],
)
def test_ids_of_zeros_are_no_ids(variants_db, record_ref, reason):
    rows = variants_db.execute(
        "SELECT reason FROM rejected_records WHERE record_ref = $r", {"r": record_ref}
    ).fetchall()
    assert rows == [(reason,)]


def test_a_winner_of_zeros_beside_a_real_one_is_left_out(variants_db):
    assert contract(variants_db, "zero-and-real")["winners"] == 1
    assert awards_of(variants_db, "zero-and-real") == [
        ("78471226700060", "SIRET", "784712267", "DS Avocats", "PME", "sirene", 1.0, 26130.0)
    ]


def test_base_record_is_unchanged_real_data():
    assert base_marche()["titulaires"][0]["denominationSociale"] == "DS Avocats"
