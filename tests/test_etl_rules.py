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

# lieuExecution (the only place DECP 2019 gives) -> contracts.buyer_department: real pairs of the
# shipped sample (AIFE, PES, e-marchespublics).
PLACES = [
    ("Code département", "75", "75"),
    ("Code département", "974", "974"),
    ("CODE DEPARTEMENT", "34", "34"),
    ("Code département", "62041", None),  # a commune code under a département type: not guessed
    ("Code postal", "06364", "06"),
    ("CODE POSTAL", "93160", "93"),
    ("Code postal", "97411", "974"),
    ("Code postal", "20250", None),  # Corsica: 2A or 2B, the postal code does not say
    ("Code commune", "59183", "59"),
    ("Code commune", "2A004", "2A"),
    ("Code commune", "INO", None),
    ("Code région", "94", None),
    ("Code pays", "FR", None),
    ("Code arrondissement", "0901", None),
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
        # A SIRET of zeros with a real name is a winner whose id is unknown: kept (Method §3).
        variant("zero-named", titulaires=[dict(ZERO_WINNER, denominationSociale="DS Avocats")]),
        variant(
            "zero-named-two",
            titulaires=[
                dict(ZERO_WINNER, denominationSociale="DS Avocats"),
                dict(ZERO_WINNER, denominationSociale="DS AVOCATS"),
                dict(ZERO_WINNER, denominationSociale="TOTAL"),
            ],
        ),
        variant("2019", montant=26130),  # an id of 4 characters: a uid that may merge contracts
    ]
    marches += [
        variant(f"place-{n}", lieuExecution={"code": code, "typeCode": kind})
        for n, (kind, code, _) in enumerate(PLACES)
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


# decp.info columns the real sample extract does not carry, as the national file publishes them.
TABULAR_EXTRA = {
    "acheteur_categorie": "Commune",
    "acheteur_commune_code": "75056",
    "titulaire_distance": "12.5",
    "techniques": "Sans objet",
    "sousTraitanceDeclaree": "true",
    "marcheInnovant": "false",
    "considerationsSociales": "Clause sociale, Critère social",
    "considerationsEnvironnementales": "Pas de considération environnementale",
    "typeGroupementOperateurs": "Pas de groupement",
    "ccag": "Travaux",
    "origineFrance": "0.25",
    "montant_anomalie": "suspect",
}
TABULAR_EXTRA_COLUMNS = (*TABULAR_EXTRA, "idAccordCadre", "nature")


def _tabular_variants(row: dict[str, str]) -> list[dict[str, str]]:
    """Rows of the real VULCAIN award (SIREN 421595786, ETI in SIRENE) under test uids."""

    def r(uid: str, **changes: str) -> dict[str, str]:
        out = dict(row, uid=uid, id=uid)
        out.update(changes)
        for column in (*TABULAR_EXTRA_COLUMNS, "titulaire_categorie", "donneesActuelles",
                       "datePublicationDonnees", "titulaire_typeIdentifiant"):  # fmt: skip
            out.setdefault(column, "")
        return out

    ten_dates = [
        r("T-ten-dates", dateNotification=f"2024-{m:02d}-01", montant=str(1000 * m)) for m in range(1, 11)
    ]

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
        # 2024+ frameworks: the nature says « Marché », techniques « Accord-cadre »; a call-off
        # carries its framework's id.
        r("T-framework", nature="Marché", techniques="Accord-cadre, Système d'acquisition dynamique"),
        r("T-calloff", nature="Marché", techniques="Sans objet", idAccordCadre="2023AC17"),
        # « 09310000 » without its leading zero, padded at the end; a CPV 2003 code stays missing.
        r("T-cpv-padded", codeCPV="93100000"),
        r("T-cpv-2003", codeCPV="74200000"),
        r("T-columns", **TABULAR_EXTRA),
        r("T-placeholder", titulaire_id="00000000000000"),
        r("T-sans-suite", titulaire_id="00000000000000", titulaire_nom="SANS SUITE"),
        # Merged uids: a 4-character id; two amounts for one date; ten dates (nine are a contract).
        r("T-short", id="2024"),
        r("T-clash", montant="1000"),
        r("T-clash", montant="2000", titulaire_id="78471226700060"),
        *ten_dates,
        *[dict(x, uid="T-nine-dates", id="T-nine-dates") for x in ten_dates[:9]],
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
        "WHERE contract_id = $id ORDER BY supplier_id, supplier_name",
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
    # JSON: dup-pub and dup-last, one each. CSV, rows outside the current version: T-current 1,
    # T-pub 1, T-last 1, T-clash 1, T-ten-dates 9, T-nine-dates 8.
    assert counts == [("decp-2019", 2), ("decp-tabular-csv", 21)]


def test_latest_modification_gives_current_values(variants_db):
    row = contract(variants_db, "mods")
    assert (row["amount"], row["amount_initial"], row["duration_months"], row["modifications"]) == (
        70000,
        50000,
        18,
        2,
    )
    assert contract(variants_db, "ok")["modifications"] == 0


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


@pytest.mark.parametrize(("kind", "code", "department"), PLACES, ids=[f"{p[0]}-{p[1]}" for p in PLACES])
def test_buyer_department_from_the_place_of_execution(variants_db, kind, code, department):
    n = next(i for i, place in enumerate(PLACES) if place[:2] == (kind, code))
    row = contract(variants_db, f"place-{n}")
    assert (row["buyer_department"], row["buyer_region"], row["buyer_commune"]) == (department, None, None)


def test_frameworks_from_2024_are_read_in_techniques(variants_db):
    assert [
        (c["is_framework"], c["nature"], c["techniques"], c["framework_id"])
        for c in (contract(variants_db, uid) for uid in ("framework", "T-framework", "T-calloff", "T-sirene"))
    ] == [
        (True, "Accord-cadre", None, None),
        (True, "Marché", "Accord-cadre, Système d'acquisition dynamique", None),
        (False, "Marché", "Sans objet", "2023AC17"),
        (False, None, None, None),
    ]


def test_a_cpv_code_padded_at_the_end_is_repaired(variants_db):
    repaired = contract(variants_db, "T-cpv-padded")
    assert (
        repaired["cpv_code"],
        repaired["cpv_division"],
        repaired["contract_type"],
        repaired["quality_flags"],
    ) == ("09310000", "09", "supplies", "cpv_repaired")
    old = contract(variants_db, "T-cpv-2003")
    assert (old["cpv_code"], old["quality_flags"]) == (None, None)
    assert variants_db.execute(
        "SELECT contract_uid, raw_value, note FROM quality_notes WHERE contract_uid IN ('T-cpv-padded', 'T-cpv-2003') "
        "ORDER BY 1"
    ).fetchall() == [
        (
            "T-cpv-2003",
            "74200000",
            "division not in CPV 2008 (a CPV 2003 code or a placeholder): treated as missing",
        ),
        (
            "T-cpv-padded",
            "93100000",
            "division not in CPV 2008: its trailing zero moved to the front (a 7-digit code padded at the end)",
        ),
    ]


def test_the_columns_decp_info_publishes_are_carried(variants_db):
    row = contract(variants_db, "T-columns")
    assert {k: row[k] for k in (
        "buyer_category", "buyer_department", "buyer_region", "buyer_commune", "techniques",
        "subcontracting_declared", "innovative", "social_clause", "environmental_clause", "grouping_type",
        "ccag", "origin_france", "publisher_amount_flag", "amount_status",
    )} == {
        "buyer_category": "Commune", "buyer_department": "75", "buyer_region": "11", "buyer_commune": "75056",
        "techniques": "Sans objet", "subcontracting_declared": True, "innovative": False,
        "social_clause": "Clause sociale, Critère social",
        "environmental_clause": "Pas de considération environnementale", "grouping_type": "Pas de groupement",
        "ccag": "Travaux", "origin_france": 0.25, "publisher_amount_flag": "suspect", "amount_status": "ok",
    }  # fmt: skip
    assert variants_db.execute(
        "SELECT supplier_department, supplier_region, supplier_distance_km FROM awards WHERE contract_uid = 'T-columns'"
    ).fetchall() == [("91", "11", 12.5)]
    # Not published: NULL, never guessed.
    sirene = contract(variants_db, "T-sirene")
    assert (sirene["buyer_category"], sirene["subcontracting_declared"], sirene["publisher_amount_flag"]) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("contract_id", "awards"),
    [
        ("zero-named", [(None, "SIRET", None, "DS Avocats", "unknown", "none", 1.0, 26130.0)]),
        (
            "zero-named-two",
            [
                (None, "SIRET", None, "DS Avocats", "unknown", "none", 0.5, 13065.0),
                (None, "SIRET", None, "TOTAL", "unknown", "none", 0.5, 13065.0),
            ],
        ),
        ("T-placeholder", [(None, None, None, "VULCAIN", "unknown", "none", 1.0, 2957063.0)]),
    ],
)
def test_a_winner_id_of_zeros_with_a_name_keeps_its_award(variants_db, contract_id, awards):
    """Regression (issue 12): the contract was rejected (« no titulaire with an id »), taking a real
    contract out of its buyer's totals."""
    assert awards_of(variants_db, contract_id) == awards
    row = contract(variants_db, contract_id)
    assert (row["winners"], row["quality_flags"]) == (len(awards), "winner_id_placeholder")
    notes = variants_db.execute(
        "SELECT field, raw_value, note FROM quality_notes WHERE contract_uid = $u", {"u": row["contract_uid"]}
    ).fetchall()
    assert notes == [
        (
            "supplier_id",
            "00000000000000",
            "winner id of zeros with a published name: award kept without id, size unknown",
        )
    ] * len(awards)


def test_a_winner_of_zeros_named_sans_suite_is_no_winner(variants_db):
    assert variants_db.execute(
        "SELECT reason FROM rejected_records WHERE record_ref = 'T-sans-suite'"
    ).fetchall() == [("no titulaire with an id",)]


@pytest.mark.parametrize(
    ("contract_id", "flags", "modifications"),
    [
        ("2024", "merged_uid", 0),  # T-short
        ("2019", "merged_uid", 0),
        ("T-clash", "merged_uid", 0),
        ("T-ten-dates", "merged_uid", 9),
        ("T-nine-dates", None, 8),
        ("T-sirene", None, 0),
    ],
)
def test_uids_that_look_like_merged_contracts_are_flagged(variants_db, contract_id, flags, modifications):
    row = contract(variants_db, contract_id)
    assert (row["quality_flags"], row["modifications"]) == (flags, modifications)


def test_a_merged_uid_is_kept_with_its_latest_version(variants_db):
    row = contract(variants_db, "T-ten-dates")
    assert (row["notification_date"], row["amount_initial"], row["amount"]) == (date(2024, 1, 1), 1000, 10000)
