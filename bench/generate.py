"""Synthetic decp.info-tabular data at any size, for the benchmarks in bench/run.py only.

Buyers, suppliers, names, amounts and dates are made up from a seed and a small vocabulary (every
row says `sourceDataset = bench-synthetic`); only the CPV codes are real (data/sample/cpv). The
rows are shaped as decp-processing writes the national file: one row per contract x winner x
version, a modification's row carrying its own notification date, `modification_id` the dense rank
of that date within the uid and `donneesActuelles` on the last version.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
CPV_FILE = ROOT / "data" / "sample" / "cpv" / "cpv_2008_fr_en.csv"
SOURCE_DATASET = "bench-synthetic"

# Fixed, so that a file's bytes depend only on (rows, seed).
CHUNK_ROWS = 1_000_000

# Pools sized so that 1.6 M rows show ~60k distinct buyers and ~500k distinct suppliers, as the
# national file does; (exponent, offset) of the Zipf-Mandelbrot popularity of each pool.
ROWS_PER_BUYER = 25
ROWS_PER_SUPPLIER = 2
BUYER_ZIPF = (1.0, 10.0)
SUPPLIER_ZIPF = (0.8, 50.0)
CPV_ZIPF = (1.1, 5.0)

# Size mix of winner rows in the shipped real sample (titulaire SIREN joined to the SIRENE
# categories): PME 45.8 %, ETI 8.4 %, GE 6.4 %, no category 39.4 %.
CATEGORY_MIX = (("GE", 0.064), ("ETI", 0.084), ("PME", 0.458), (None, 0.394))
# Winners not identified by a SIRET have no INSEE category.
ID_SCHEME_MIX = (("SIRET", 0.984), ("TVA", 0.012), ("HORS-UE", 0.004))

# Versions per contract: 1 to 4, 1.31 on average (the national file: ~1.3 rows of versions per
# contract and winner).
VERSIONS_P = (0.78, 0.15, 0.05, 0.02)
WINNERS_P = (0.86, 0.08, 0.035, 0.017, 0.008)  # 1..5 winners
YEARS = np.arange(2018, 2026)
YEAR_P = np.array([0.07, 0.09, 0.10, 0.12, 0.13, 0.15, 0.17, 0.17])
LAST_DAY = np.datetime64("2025-12-31")

AMOUNT_MEDIAN = 50_000.0
AMOUNT_SIGMA = 1.7  # the sample's log(montant) standard deviation
ABERRANT_AMOUNTS = np.array([999_999_999.0, 1e12, 0.5])
P_ABERRANT = 0.0006
P_AMOUNT_NULL = 0.005
P_CPV_NULL = 0.003
P_DATE_NULL = 0.003
P_DATE_IMPOSSIBLE = 0.00005  # the real file has dateNotification 0218-10-29
P_BIDS_NULL = 0.1

NATURES = np.array(["Marché", "Accord-cadre", "Marché subséquent"])
NATURE_P = (0.76, 0.19, 0.05)
# From 2024 (the 2022 format) there is no « Accord-cadre » nature: a framework is a « Marché »
# whose `techniques` list « Accord-cadre », a call-off a « Marché » with an `idAccordCadre`; the
# 2022 format's other fields (clauses, subcontracting, CCAG...) exist from then on only.
FORMAT_2022_FROM_YEAR = 2024
TECHNIQUES_OTHER = np.array(
    ["Sans objet", "Système d'acquisition dynamique", "Concours", "Catalogue électronique"]
)
TECHNIQUES_OTHER_P = (0.93, 0.03, 0.02, 0.02)
SOCIAL = np.array(
    ["Pas de considération sociale", "Clause sociale", "Critère social", "Clause sociale, Critère social"]
)
SOCIAL_P = (0.84, 0.10, 0.03, 0.03)
ENVIRONMENTAL = np.array(
    [
        "Pas de considération environnementale",
        "Clause environnementale",
        "Critère environnemental",
        "Clause environnementale, Critère environnemental",
    ]
)
ENVIRONMENTAL_P = (0.74, 0.16, 0.05, 0.05)
CCAG_BY_TYPE = {
    "Travaux": np.array(["Travaux", "Pas de CCAG"]),
    "Fournitures": np.array(["Fournitures courantes et services", "Pas de CCAG"]),
    "Services": np.array(["Fournitures courantes et services", "Prestations intellectuelles", "Pas de CCAG"]),
}
P_SUBCONTRACTING = 0.12
P_INNOVATIVE = 0.02
P_ORIGIN_FRANCE = 0.05  # supplies only: the share of French products, 0-1
# decp-processing's own amount check (montant_anomalie): null, « suspect » or « aberrant ».
P_PUBLISHER_SUSPECT = 0.015
P_PUBLISHER_ABERRANT = 0.005
# Quirks of the national file that the ETL's rules are for, at small rates:
# - an id of 4 characters: a buyer's contracts published under one uid (merged in one chunk only);
P_SHORT_ID = 0.002
# - a winner published with the SIRET 00000000000000 and its name (single-winner contracts);
P_PLACEHOLDER_WINNER = 0.001
# - a CPV code of division 03 or 09 that lost its leading zero and was padded at the end
#   (« 09310000 » -> « 93100000 »).
P_CPV_PADDED_AT_END = 0.3
PROCEDURES = np.array(
    [
        "Procédure adaptée",
        "Appel d'offres ouvert",
        "Procédure avec négociation",
        "Marché passé sans publicité ni mise en concurrence préalable",
        "Dialogue compétitif",
        "Appel d'offres restreint",
    ]
)
PROCEDURE_P = (0.70, 0.18, 0.056, 0.03, 0.024, 0.01)
PRICE_FORMS = np.array(["Ferme", "Révisable", "Actualisable", "Unitaire"])
DURATIONS = np.array([1, 3, 6, 10, 12, 14, 16, 18, 24, 36, 48, 60])
DURATION_P = np.array([2, 4, 8, 5, 20, 6, 5, 8, 16, 12, 10, 4], dtype=float)

# INSEE region code -> its départements (2016 regions).
REGIONS = {
    "84": ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"],
    "27": ["21", "25", "39", "58", "70", "71", "89", "90"],
    "53": ["22", "29", "35", "56"],
    "24": ["18", "28", "36", "37", "41", "45"],
    "94": ["2A", "2B"],
    "44": ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
    "32": ["02", "59", "60", "62", "80"],
    "11": ["75", "77", "78", "91", "92", "93", "94", "95"],
    "28": ["14", "27", "50", "61", "76"],
    "75": ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"],
    "76": ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"],
    "52": ["44", "49", "53", "72", "85"],
    "93": ["04", "05", "06", "13", "83", "84"],
    "01": ["971"],
    "02": ["972"],
    "03": ["973"],
    "04": ["974"],
    "06": ["976"],
}
DEPARTEMENTS = np.array(sorted(dep for deps in REGIONS.values() for dep in deps))
REGION_OF = np.array([next(r for r, deps in REGIONS.items() if dep in deps) for dep in DEPARTEMENTS])
# Buyer kind -> decp.info `acheteur_categorie` (synthetic labels).
BUYER_KINDS = np.array(
    [
        "COMMUNE DE",
        "COMMUNE DE",
        "COMMUNE DE",
        "COMMUNAUTE DE COMMUNES DE",
        "DEPARTEMENT DE",
        "CENTRE HOSPITALIER DE",
        "SYNDICAT INTERCOMMUNAL DE",
        "OFFICE PUBLIC DE L'HABITAT DE",
        "LYCEE PROFESSIONNEL DE",
        "SDIS DE",
    ]
)
BUYER_CATEGORIES = np.array(
    [
        "Commune",
        "Commune",
        "Commune",
        "Intercommunalité",
        "Département",
        "Établissement public de santé",
        "Syndicat",
        "Bailleur social",
        "Établissement d'enseignement",
        "Établissement public local",
    ]
)
SYLLABLES_A = np.array(
    ["BEL", "MONT", "ROCHE", "VAL", "FONT", "VILLE", "CHATEAU", "SAINT-", "BOIS", "PONT", "LA "]
)
SYLLABLES_B = np.array(
    ["FORT", "LIEU", "NEUF", "MARTIN", "AUBIN", "ROUGE", "VILLE", "MONT", "FLEURY", "COURT", "SUR"]
)
SYLLABLES_C = np.array(["", "", "", "-SUR-MER", "-LES-BAINS", "-EN-VAL", "-LE-CHATEL", "-D'AZUR"])
COMPANY_FORMS = np.array(["SAS", "SARL", "SA", "EURL", "ETS", "SASU", ""])
COMPANY_ROOTS = np.array(
    ["DUPONT", "MARTIN", "BATI", "ALPES", "OCEANE", "NORD", "LEROY", "TECHNI", "ATLAS", "GIRARD"]
)
COMPANY_TRADES = np.array(
    [
        "CONSTRUCTION",
        "TRAVAUX PUBLICS",
        "ELECTRICITE",
        "SERVICES",
        "INGENIERIE",
        "NETTOYAGE",
        "INFORMATIQUE",
        "FOURNITURES",
        "ET FILS",
        "CONSEIL",
    ]
)
# decp.info `type` share of contracts (then a Zipf draw of CPV codes within the type).
TYPE_P = {"Travaux": 0.36, "Services": 0.38, "Fournitures": 0.26}
OBJECT_HEADS = {
    "Travaux": np.array(["Travaux de rénovation de", "Construction de", "Réhabilitation de", "Entretien de"]),
    "Fournitures": np.array(["Fourniture de", "Acquisition de", "Location de", "Livraison de"]),
    "Services": np.array(["Prestations de", "Mission de", "Maintenance de", "Assistance pour"]),
}
OBJECT_TAILS = {
    "Travaux": np.array(["l'école élémentaire", "la voirie communale", "la salle polyvalente", "la piscine"]),
    "Fournitures": np.array(
        ["matériel informatique", "denrées alimentaires", "véhicules utilitaires", "mobilier"]
    ),
    "Services": np.array(
        ["nettoyage des locaux", "maîtrise d'œuvre", "transport scolaire", "conseil juridique"]
    ),
}

SCHEMA = pa.schema(
    [
        ("uid", pa.string()),
        ("id", pa.string()),
        ("nature", pa.string()),
        ("acheteur_id", pa.string()),
        ("acheteur_nom", pa.string()),
        ("acheteur_categorie", pa.string()),
        ("acheteur_commune_code", pa.string()),
        ("acheteur_departement_code", pa.string()),
        ("acheteur_region_code", pa.string()),
        ("titulaire_id", pa.string()),
        ("titulaire_typeIdentifiant", pa.string()),
        ("titulaire_nom", pa.string()),
        ("titulaire_categorie", pa.string()),
        ("titulaire_departement_code", pa.string()),
        ("titulaire_region_code", pa.string()),
        ("titulaire_distance", pa.float64()),
        ("objet", pa.string()),
        ("montant", pa.float64()),
        ("codeCPV", pa.string()),
        ("type", pa.string()),
        ("procedure", pa.string()),
        ("techniques", pa.string()),
        ("idAccordCadre", pa.string()),
        ("dureeMois", pa.int64()),
        ("offresRecues", pa.int64()),
        ("formePrix", pa.string()),
        ("sousTraitanceDeclaree", pa.bool_()),
        ("marcheInnovant", pa.bool_()),
        ("considerationsSociales", pa.string()),
        ("considerationsEnvironnementales", pa.string()),
        ("typeGroupementOperateurs", pa.string()),
        ("ccag", pa.string()),
        ("origineFrance", pa.float64()),
        ("dateNotification", pa.date32()),
        ("datePublicationDonnees", pa.date32()),
        ("modification_id", pa.int64()),
        ("donneesActuelles", pa.bool_()),
        ("montant_anomalie", pa.string()),
        ("sourceDataset", pa.string()),
    ]
)


@dataclass(frozen=True)
class Entities:
    """Buyers, suppliers and CPV codes, indexed by popularity rank (0 = the most frequent)."""

    buyer_id: pa.Array
    buyer_name: pa.Array
    buyer_category: pa.Array
    buyer_commune: pa.Array
    buyer_dep: pa.Array
    buyer_region: pa.Array
    buyer_cdf: np.ndarray
    supplier_id: pa.Array
    supplier_scheme: pa.Array
    supplier_name: pa.Array
    supplier_category: pa.Array
    supplier_dep: pa.Array
    supplier_region: pa.Array
    supplier_cdf: np.ndarray
    cpv_by_type: dict[str, np.ndarray]
    cpv_cdf_by_type: dict[str, np.ndarray]


def parse_rows(text: str) -> int:
    """Row count from '1600000', '1.6M' or '500k'."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    return round(float(number) * factor)


def _zipf_cdf(n: int, exponent: float, offset: float) -> np.ndarray:
    """Cumulative Zipf-Mandelbrot weights 1/(rank+offset)^exponent over n ranks, ending at 1."""
    weights = 1.0 / np.power(np.arange(n, dtype=np.float64) + offset, exponent)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _draw(rng: np.random.Generator, cdf: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _luhn_digit(payload: np.ndarray, ndigits: int) -> np.ndarray:
    """Check digit making payload*10+digit pass the Luhn test (as SIREN and SIRET do)."""
    total = np.zeros_like(payload)
    rest = payload.copy()
    for position in range(ndigits):
        digit = rest % 10
        rest //= 10
        if position % 2 == 0:
            digit = digit * 2
            digit -= 9 * (digit > 9)
        total += digit
    return (10 - total % 10) % 10


def _sirets(rng: np.random.Generator, n: int, first: int, span: int) -> np.ndarray:
    """n distinct Luhn-valid SIRETs (as int64) whose SIREN starts in [first, first + span)."""
    # A multiplier coprime with span permutes 0..span-1, so the SIRENs are distinct.
    base8 = first + (np.arange(n, dtype=np.int64) * 7_368_787 + 1_000_003) % span
    siren = base8 * 10 + _luhn_digit(base8, 8)
    nic4 = rng.integers(1, 200, n, dtype=np.int64)
    payload = siren * 10_000 + nic4
    return payload * 10 + _luhn_digit(payload, 13)


def _join(*parts: pa.Array | str, sep: str = " ") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep)


def _pick(rng: np.random.Generator, vocabulary: np.ndarray, n: int) -> pa.Array:
    return pa.array(vocabulary[rng.integers(0, len(vocabulary), n)])


def _weighted_categories(rng: np.random.Generator, cdf: np.ndarray) -> np.ndarray:
    """Category per supplier so that the row-weighted mix matches CATEGORY_MIX."""
    weights = np.diff(cdf, prepend=0.0)
    order = rng.permutation(len(cdf))
    cumulative = np.cumsum(weights[order])
    bounds = np.cumsum([share for _, share in CATEGORY_MIX])
    slot = np.minimum(np.searchsorted(bounds, cumulative, side="left"), len(bounds) - 1)
    codes = np.empty(len(cdf), dtype=np.int8)
    codes[order] = slot
    return codes


def load_cpv_codes() -> np.ndarray:
    """The real 8-digit CPV codes (check digit dropped, as decp.info publishes them)."""
    table = pa_csv.read_csv(
        CPV_FILE,
        convert_options=pa_csv.ConvertOptions(include_columns=["code8"], column_types={"code8": pa.string()}),
    )
    return np.array(table.column("code8").to_pylist())


def _commune_codes(rng: np.random.Generator, dep_index: np.ndarray) -> pa.Array:
    """An INSEE commune code in each département: its code then 3 digits (2 for 971-976)."""
    deps = DEPARTEMENTS[dep_index]
    numbers = rng.integers(1, 600, len(dep_index))
    codes = [
        f"{dep}{number % 100:02d}" if len(dep) == 3 else f"{dep}{number:03d}"
        for dep, number in zip(deps, numbers, strict=True)
    ]
    return pa.array(codes, pa.string())


def make_entities(rows: int, seed: int) -> Entities:
    """Buyer, supplier and CPV tables sized for `rows` rows."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0]))
    n_buyers = max(20, rows // ROWS_PER_BUYER)
    n_suppliers = max(50, rows // ROWS_PER_SUPPLIER)

    buyer_cdf = _zipf_cdf(n_buyers, *BUYER_ZIPF)
    town = _join(
        _pick(rng, SYLLABLES_A, n_buyers),
        _pick(rng, SYLLABLES_B, n_buyers),
        _pick(rng, SYLLABLES_C, n_buyers),
        sep="",
    )
    kind = rng.integers(0, len(BUYER_KINDS), n_buyers)
    buyer_name = _join(pa.array(BUYER_KINDS[kind]), town)
    buyer_id = pc.cast(pa.array(_sirets(rng, n_buyers, 20_000_000, 9_999_991)), pa.string())
    buyer_dep = rng.integers(0, len(DEPARTEMENTS), n_buyers)

    supplier_cdf = _zipf_cdf(n_suppliers, *SUPPLIER_ZIPF)
    siret = pc.cast(pa.array(_sirets(rng, n_suppliers, 30_000_000, 59_999_999)), pa.string())
    scheme_codes = rng.choice(len(ID_SCHEME_MIX), n_suppliers, p=[p for _, p in ID_SCHEME_MIX])
    schemes = np.array([name for name, _ in ID_SCHEME_MIX])
    foreign = pc.utf8_slice_codeunits(siret, 3, 14)
    tva = _join(_pick(rng, np.array(["BE0", "DE", "ES", "IT0", "LU"]), n_suppliers), foreign, sep="")
    hors_ue = _join(_pick(rng, np.array(["CH", "GB", "US"]), n_suppliers), foreign, sep="")
    supplier_id = pc.case_when(
        pc.make_struct(pa.array(scheme_codes == 1), pa.array(scheme_codes == 2)),
        tva,
        hors_ue,
        siret,
    )
    supplier_name = _join(
        _pick(rng, COMPANY_FORMS, n_suppliers),
        _pick(rng, COMPANY_ROOTS, n_suppliers),
        _pick(rng, COMPANY_TRADES, n_suppliers),
    )
    supplier_name = pc.utf8_trim_whitespace(supplier_name)
    category_codes = _weighted_categories(rng, supplier_cdf)
    categories = np.array([name for name, _ in CATEGORY_MIX], dtype=object)[category_codes]
    categories[scheme_codes != 0] = None
    supplier_category = pa.array(categories, type=pa.string())
    # decp.info places SIRET winners only (from SIRENE's establishment).
    supplier_dep = rng.integers(0, len(DEPARTEMENTS), n_suppliers)
    not_siret = scheme_codes != 0

    codes = load_cpv_codes()
    codes = codes[rng.permutation(len(codes))]
    types = _contract_types(codes)
    cpv_by_type = {kind: codes[types == kind] for kind in TYPE_P}
    return Entities(
        buyer_id=buyer_id,
        buyer_name=buyer_name,
        buyer_category=pa.array(BUYER_CATEGORIES[kind]),
        buyer_commune=_commune_codes(rng, buyer_dep),
        buyer_dep=pa.array(DEPARTEMENTS[buyer_dep]),
        buyer_region=pa.array(REGION_OF[buyer_dep]),
        buyer_cdf=buyer_cdf,
        supplier_id=supplier_id,
        supplier_scheme=pa.array(schemes[scheme_codes]),
        supplier_name=supplier_name,
        supplier_category=supplier_category,
        supplier_dep=pa.array(DEPARTEMENTS[supplier_dep], mask=not_siret),
        supplier_region=pa.array(REGION_OF[supplier_dep], mask=not_siret),
        supplier_cdf=supplier_cdf,
        cpv_by_type=cpv_by_type,
        cpv_cdf_by_type={kind: _zipf_cdf(len(c), *CPV_ZIPF) for kind, c in cpv_by_type.items()},
    )


def _contract_shapes(rng: np.random.Generator, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Versions and winners per contract, for whole contracts that add up to exactly `rows` rows."""
    versions = rng.choice(np.arange(1, len(VERSIONS_P) + 1), rows, p=VERSIONS_P)
    winners = rng.choice(np.arange(1, 6), rows, p=WINNERS_P)
    total = np.cumsum(versions * winners)
    whole = int(np.searchsorted(total, rows, side="right"))
    used = int(total[whole - 1]) if whole else 0
    # The remaining few rows become single-row contracts.
    extra = rows - used
    versions[whole : whole + extra] = 1
    winners[whole : whole + extra] = 1
    return versions[: whole + extra], winners[: whole + extra]


def _distinct_winners(rng: np.random.Generator, cdf: np.ndarray, n: int) -> np.ndarray:
    """(n, 5) supplier ranks, Zipf-drawn, distinct within each row."""
    ranks = _draw(rng, cdf, (n, 5))
    for column in range(1, 5):
        for _ in range(50):
            clash = (ranks[:, :column] == ranks[:, column : column + 1]).any(axis=1)
            if not clash.any():
                break
            ranks[clash, column] = (ranks[clash, column] + 1) % len(cdf)
    return ranks


def _contract_types(cpv_code: np.ndarray) -> np.ndarray:
    """decp.info `type` per CPV code: Travaux (division 45), Fournitures (01-44, 48), Services."""
    division = np.array([int(code[:2]) for code in cpv_code])
    kind = np.full(len(cpv_code), "Services", dtype=object)
    kind[(division <= 44) | (division == 48)] = "Fournitures"
    kind[division == 45] = "Travaux"
    return kind


def _dense_rank_by_group(group: np.ndarray, date: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rank, is_last): the dense rank from 0 of each date within its group, and whether it is
    the group's highest (decp-processing's modification_id and donneesActuelles)."""
    order = np.lexsort((date, group))
    g, d = group[order], date[order]
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_date = new_group | np.r_[True, d[1:] != d[:-1]]
    starts = np.flatnonzero(new_group)
    group_no = np.cumsum(new_group) - 1
    steps = np.cumsum(new_date)
    rank_sorted = steps - steps[starts][group_no]
    top = np.maximum.reduceat(rank_sorted, starts)[group_no]
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    last = np.empty(len(order), dtype=bool)
    last[order] = rank_sorted == top
    return rank, last


def make_chunk(
    entities: Entities, seed: int, chunk_no: int, rows: int, first_contract: int
) -> tuple[pa.Table, int]:
    """`rows` rows of whole contracts numbered from first_contract; returns (table, contracts)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1, chunk_no]))
    versions, winners = _contract_shapes(rng, rows)
    n = len(versions)

    buyer = _draw(rng, entities.buyer_cdf, n)
    kinds = np.array(list(TYPE_P), dtype=object)
    kind = kinds[rng.choice(len(kinds), n, p=list(TYPE_P.values()))]
    cpv = np.empty(n, dtype=object)
    for name, codes in entities.cpv_by_type.items():
        mask = kind == name
        cpv[mask] = codes[_draw(rng, entities.cpv_cdf_by_type[name], int(mask.sum()))]
    padded = np.array([code[0] == "0" for code in cpv]) & (rng.random(n) < P_CPV_PADDED_AT_END)
    cpv[padded] = [code[1:] + "0" for code in cpv[padded]]
    suppliers = _distinct_winners(rng, entities.supplier_cdf, n)

    year = rng.choice(YEARS, n, p=YEAR_P / YEAR_P.sum())
    year_start = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    notified = year_start + rng.integers(0, 365, n).astype("timedelta64[D]")
    lag = rng.integers(0, 60, n).astype("timedelta64[D]")

    amount = np.round(rng.lognormal(np.log(AMOUNT_MEDIAN), AMOUNT_SIGMA, n), 2)
    aberrant = rng.random(n) < P_ABERRANT
    amount[aberrant] = rng.choice(ABERRANT_AMOUNTS, int(aberrant.sum()))
    amount_null = rng.random(n) < P_AMOUNT_NULL
    cpv_null = rng.random(n) < P_CPV_NULL
    short_id = rng.random(n) < P_SHORT_ID
    # Missing and impossible dates on single-version contracts only: a modification has a date.
    single = (versions == 1) & ~short_id
    date_null = (rng.random(n) < P_DATE_NULL) & single
    date_odd = (rng.random(n) < P_DATE_IMPOSSIBLE) & single & ~date_null
    duration = rng.choice(DURATIONS, n, p=DURATION_P / DURATION_P.sum())
    bids = np.minimum(rng.geometric(0.35, n), 30)
    bids_null = rng.random(n) < P_BIDS_NULL
    nature = rng.choice(len(NATURES), n, p=NATURE_P)
    procedure = rng.choice(len(PROCEDURES), n, p=PROCEDURE_P)
    price_form = rng.integers(0, len(PRICE_FORMS), n)
    object_head = rng.integers(0, 4, n)
    object_tail = rng.integers(0, 4, n)
    lot = rng.integers(1, 12, n)
    placeholder = (rng.random(n) < P_PLACEHOLDER_WINNER) & (winners == 1)
    distance = np.round(rng.lognormal(np.log(25.0), 1.1, (n, 5)), 1)
    # The 2022 format's fields (contracts notified from FORMAT_2022_FROM_YEAR on: `modern`, below).
    technique = rng.choice(len(TECHNIQUES_OTHER), n, p=TECHNIQUES_OTHER_P)
    social = rng.choice(len(SOCIAL), n, p=SOCIAL_P)
    environmental = rng.choice(len(ENVIRONMENTAL), n, p=ENVIRONMENTAL_P)
    subcontracting = rng.random(n) < P_SUBCONTRACTING
    innovative = rng.random(n) < P_INNOVATIVE
    joint = rng.random(n) < 0.5
    ccag_pick = rng.integers(0, 6, n)
    origin_france = np.round(rng.random(n), 2)
    origin_draw = rng.random(n)
    framework_ref = rng.integers(1, 1_000_000, n)
    flag_draw = rng.random(n)
    publisher_flag = np.full(n, None, dtype=object)
    publisher_flag[flag_draw < P_PUBLISHER_SUSPECT] = "suspect"
    publisher_flag[
        (flag_draw >= P_PUBLISHER_SUSPECT) & (flag_draw < P_PUBLISHER_SUSPECT + P_PUBLISHER_ABERRANT)
    ] = "aberrant"
    publisher_flag[aberrant & (flag_draw < 0.8)] = "aberrant"

    # Version level: version k of a contract, k = 0 (initial) .. versions-1 (current). A later
    # version is a modification notified 30-400 days after the one before it, published 0-60
    # days after its notification; its row carries its own dateNotification.
    v_contract = np.repeat(np.arange(n), versions)
    v_start = np.cumsum(versions) - versions
    v_number = np.arange(len(v_contract)) - v_start[v_contract]
    older = versions[v_contract] - 1 - v_number
    v_amount = amount[v_contract] / (1.0 + 0.12 * older * rng.random(len(v_contract)))
    v_amount = np.where(older > 0, np.round(v_amount, 2), amount[v_contract])
    gaps = np.where(v_number > 0, rng.integers(30, 400, len(v_contract)), 0)
    since_first = (np.cumsum(gaps) - np.cumsum(gaps)[v_start[v_contract]]).astype("timedelta64[D]")
    # The last modification falls by LAST_DAY: a contract with a long history starts earlier.
    span = since_first[v_start + versions - 1]
    notified = np.minimum(notified, LAST_DAY - span)
    v_notified = notified[v_contract] + since_first
    modern = notified.astype("datetime64[Y]").astype(int) + 1970 >= FORMAT_2022_FROM_YEAR
    origin_set = modern & (kind == "Fournitures") & (origin_draw < P_ORIGIN_FRANCE / TYPE_P["Fournitures"])
    v_published = np.minimum(notified[v_contract] + lag[v_contract] + since_first, LAST_DAY)
    v_duration = duration[v_contract] - older * (duration[v_contract] // 4)
    v_number_out = v_number.copy()
    v_current = v_number == versions[v_contract] - 1
    # A short id merges a buyer's contracts of one year under one uid: decp-processing ranks their
    # dates together.
    merged = np.flatnonzero(short_id[v_contract])
    if len(merged):
        group = buyer[v_contract[merged]].astype(np.int64) * 10_000 + year[v_contract[merged]]
        rank, last = _dense_rank_by_group(group, v_notified[merged].astype(np.int64))
        v_number_out[merged] = rank
        v_current[merged] = last
    v_undated = date_null[v_contract]
    v_dates = pa.array(np.where(date_odd[v_contract], np.datetime64("0218-10-29"), v_notified), pa.date32())
    v_dates = pc.if_else(pa.array(v_undated), pa.scalar(None, pa.date32()), v_dates)

    # Row level: one row per (version, winner).
    v_winners = winners[v_contract]
    r_version = np.repeat(np.arange(len(v_contract)), v_winners)
    r_contract = v_contract[r_version]
    r_start = np.cumsum(v_winners) - v_winners
    r_winner = np.arange(len(r_version)) - r_start[r_version]
    r_supplier = suppliers[r_contract, r_winner]
    r_buyer = buyer[r_contract]
    r_placeholder = placeholder[r_contract]

    number = pc.utf8_lpad(pc.cast(pa.array(first_contract + np.arange(n)), pa.string()), 8, "0")
    contract_id = _join(pc.cast(pa.array(year), pa.string()), number, sep="")
    short = pa.array([f"{y % 100:02d}{chunk_no % 100:02d}" for y in year], pa.string())
    contract_id = pc.if_else(pa.array(short_id), short, contract_id)
    buyer_id = entities.buyer_id.take(pa.array(buyer))
    uid = _join(buyer_id, contract_id, sep="")
    heads = np.empty(n, dtype=object)
    tails = np.empty(n, dtype=object)
    ccag = np.empty(n, dtype=object)
    for name, vocabulary in OBJECT_HEADS.items():
        mask = kind == name
        heads[mask] = vocabulary[object_head[mask]]
        tails[mask] = OBJECT_TAILS[name][object_tail[mask]]
        ccag[mask] = CCAG_BY_TYPE[name][ccag_pick[mask] % len(CCAG_BY_TYPE[name])]
    objet = _join(
        pa.array(heads, pa.string()),
        pa.array(tails, pa.string()),
        _join("- lot", pc.cast(pa.array(lot), pa.string())),
    )
    framework = nature == 1
    nature_text = np.where(modern & (nature > 0), "Marché", NATURES[nature])
    techniques = np.where(framework, "Accord-cadre", TECHNIQUES_OTHER[technique])
    grouping = np.where(winners > 1, np.where(joint, "Conjoint", "Solidaire"), "Pas de groupement")
    framework_id = np.array([f"AC{ref:06d}" for ref in framework_ref], dtype=object)

    rc = pa.array(r_contract)
    rv = pa.array(r_version)
    rs = pa.array(r_supplier)
    rb = pa.array(r_buyer)
    old = ~modern[r_contract]
    unplaced = pc.or_(pa.array(r_placeholder), pc.is_null(entities.supplier_dep.take(rs)))
    supplier_id = pc.if_else(pa.array(r_placeholder), "00000000000000", entities.supplier_id.take(rs))
    supplier_category = pc.if_else(
        pa.array(r_placeholder), pa.scalar(None, pa.string()), entities.supplier_category.take(rs)
    )
    table = pa.table(
        {
            "uid": uid.take(rc),
            "id": contract_id.take(rc),
            "nature": pa.array(nature_text[r_contract]),
            "acheteur_id": buyer_id.take(rc),
            "acheteur_nom": entities.buyer_name.take(rb),
            "acheteur_categorie": entities.buyer_category.take(rb),
            "acheteur_commune_code": entities.buyer_commune.take(rb),
            "acheteur_departement_code": entities.buyer_dep.take(rb),
            "acheteur_region_code": entities.buyer_region.take(rb),
            "titulaire_id": supplier_id,
            "titulaire_typeIdentifiant": entities.supplier_scheme.take(rs),
            "titulaire_nom": entities.supplier_name.take(rs),
            "titulaire_categorie": supplier_category,
            "titulaire_departement_code": pc.if_else(
                unplaced, pa.scalar(None, pa.string()), entities.supplier_dep.take(rs)
            ),
            "titulaire_region_code": pc.if_else(
                unplaced, pa.scalar(None, pa.string()), entities.supplier_region.take(rs)
            ),
            "titulaire_distance": pc.if_else(
                unplaced, pa.scalar(None, pa.float64()), pa.array(distance[r_contract, r_winner])
            ),
            "objet": objet.take(rc),
            "montant": pa.array(v_amount[r_version], mask=amount_null[r_contract]),
            "codeCPV": pa.array(cpv[r_contract], pa.string(), mask=cpv_null[r_contract]),
            "type": pa.array(kind[r_contract], pa.string()),
            "procedure": pa.array(PROCEDURES[procedure[r_contract]]),
            "techniques": pa.array(techniques[r_contract], pa.string(), mask=old),
            "idAccordCadre": pa.array(
                framework_id[r_contract], pa.string(), mask=old | (nature[r_contract] != 2)
            ),
            "dureeMois": pa.array(v_duration[r_version]),
            "offresRecues": pa.array(bids[r_contract], mask=bids_null[r_contract]),
            "formePrix": pa.array(PRICE_FORMS[price_form[r_contract]]),
            "sousTraitanceDeclaree": pa.array(subcontracting[r_contract], mask=old),
            "marcheInnovant": pa.array(innovative[r_contract], mask=old),
            "considerationsSociales": pa.array(SOCIAL[social[r_contract]], mask=old),
            "considerationsEnvironnementales": pa.array(ENVIRONMENTAL[environmental[r_contract]], mask=old),
            "typeGroupementOperateurs": pa.array(grouping[r_contract], mask=old),
            "ccag": pa.array(ccag[r_contract], pa.string(), mask=old),
            "origineFrance": pa.array(origin_france[r_contract], mask=~origin_set[r_contract]),
            "dateNotification": v_dates.take(rv),
            "datePublicationDonnees": pa.array(v_published, pa.date32()).take(rv),
            "modification_id": pa.array(v_number_out, mask=v_undated).take(rv),
            "donneesActuelles": pa.array(v_current, mask=v_undated).take(rv),
            "montant_anomalie": pa.array(publisher_flag[r_contract], pa.string()),
            "sourceDataset": pa.array(np.full(len(r_contract), SOURCE_DATASET)),
        },
        schema=SCHEMA,
    )
    return table, n


def iter_chunks(rows: int, seed: int):
    """Yield tables of at most CHUNK_ROWS rows that together hold `rows` rows."""
    entities = make_entities(rows, seed)
    first_contract = 0
    for chunk_no, start in enumerate(range(0, rows, CHUNK_ROWS)):
        table, contracts = make_chunk(entities, seed, chunk_no, min(CHUNK_ROWS, rows - start), first_contract)
        first_contract += contracts
        yield table


def _json_2019_records(table: pa.Table) -> list[str]:
    """DECP 2019 `marches` entries, one per contract of a chunk; older versions -> modifications."""
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    records: list[str] = []
    row = 0
    total = table.num_rows
    while row < total:
        uid = columns["uid"][row]
        end = row
        while end < total and columns["uid"][end] == uid:
            end += 1
        # An undated contract has no modification_id (a single version); the rows of a merged
        # uid that fall in one run of the chunk may start past version 0.
        versions: dict[int, list[int]] = {}
        for index in range(row, end):
            versions.setdefault(columns["modification_id"][index] or 0, []).append(index)
        first = versions[min(versions)][0]
        current = versions[max(versions)]
        record: dict[str, object] = {
            "_type": "Marché",
            "uid": uid,
            "id": columns["id"][first],
            "source": SOURCE_DATASET,
            "acheteur": {
                "id": columns["acheteur_id"][first],
                "nom": columns["acheteur_nom"][first],
            },
            "nature": columns["nature"][first],
            "objet": columns["objet"][first],
            "codeCPV": columns["codeCPV"][first],
            "procedure": columns["procedure"][first],
            "lieuExecution": {
                "code": columns["acheteur_departement_code"][first],
                "typeCode": "Code département",
                "nom": columns["acheteur_departement_code"][first],
            },
            "dureeMois": columns["dureeMois"][first],
            "dateNotification": columns["dateNotification"][first],
            "datePublicationDonnees": columns["datePublicationDonnees"][first],
            "montant": columns["montant"][first],
            "formePrix": columns["formePrix"][first],
            "titulaires": [
                {
                    "typeIdentifiant": columns["titulaire_typeIdentifiant"][index],
                    "id": columns["titulaire_id"][index],
                    "denominationSociale": columns["titulaire_nom"][index],
                }
                for index in current
            ],
            "modifications": [
                {
                    "objetModification": f"Avenant n°{number}",
                    "dateNotificationModification": columns["dateNotification"][indexes[0]],
                    "datePublicationDonneesModification": columns["datePublicationDonnees"][indexes[0]],
                    "montant": columns["montant"][indexes[0]],
                    "dureeMois": columns["dureeMois"][indexes[0]],
                }
                for number, indexes in sorted(versions.items())
                if number > min(versions)
            ],
        }
        records.append(json.dumps(_drop_nulls(record), ensure_ascii=False, default=str))
        row = end
    return records


def _drop_nulls(value: object) -> object:
    if isinstance(value, dict):
        return {key: _drop_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_drop_nulls(item) for item in value]
    return value


def generate(rows: int, seed: int, out: Path, json_2019: Path | None = None) -> None:
    """Write `rows` synthetic rows to the Parquet file `out` (and DECP 2019 JSON if asked)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    json_file: IO[str] | None = None
    if json_2019 is not None:
        json_2019.parent.mkdir(parents=True, exist_ok=True)
        json_file = json_2019.open("w", encoding="utf-8")
        json_file.write('{"marches": [\n')
    try:
        with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
            first_record = True
            for table in iter_chunks(rows, seed):
                writer.write_table(table, row_group_size=CHUNK_ROWS)
                if json_file is not None:
                    for record in _json_2019_records(table):
                        json_file.write(record if first_record else ",\n" + record)
                        first_record = False
    finally:
        if json_file is not None:
            json_file.write("\n]}\n")
            json_file.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--rows", required=True, type=parse_rows, help="e.g. 1600000 or 1.6M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True, type=Path, help="Parquet file to write")
    parser.add_argument("--json-2019", type=Path, help="also write DECP 2019 JSON here")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    generate(args.rows, args.seed, args.out, args.json_2019)
    print(f"wrote {args.rows:,} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
