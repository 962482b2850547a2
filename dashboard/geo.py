"""France's départements and régions: INSEE codes, names and the shipped outlines (data/geo/, IGN
Admin Express COG 2018, metropolitan only; the overseas names are written out here from INSEE's
COG). The files are read on first use, never at import.

Pure: imports neither streamlit nor duckdb.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from typing import Any, Literal

import pandas as pd

from common.settings import PROJECT_ROOT

Level = Literal["dept", "region"]
LEVELS: tuple[Level, ...] = ("dept", "region")

GEO_DIR = PROJECT_ROOT / "data" / "geo"
OUTLINES: dict[Level, str] = {
    "dept": "departements-version-simplifiee.geojson",
    "region": "regions-version-simplifiee.geojson",
}

# As the ETL reads them (etl/sql/100_rules.sql department_code): metropolitan « 01 »…« 95 » with
# « 2A », « 2B » for Corsica, the five overseas départements and the overseas collectivities.
DEPARTMENT_RE = re.compile(r"0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8]|98[4-8]")
# INSEE's 18 régions (2016 map): 13 metropolitan, 5 overseas (one département each).
# fmt: off
REGION_CODES: tuple[str, ...] = (
    "01", "02", "03", "04", "06",
    "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94",
)
# fmt: on

# Not in the outlines: the overseas départements and collectivities, and the overseas régions.
OVERSEAS: dict[Level, dict[str, str]] = {
    "dept": {
        "971": "Guadeloupe",
        "972": "Martinique",
        "973": "Guyane",
        "974": "La Réunion",
        "975": "Saint-Pierre-et-Miquelon",
        "976": "Mayotte",
        "977": "Saint-Barthélemy",
        "978": "Saint-Martin",
        "984": "Terres australes et antarctiques françaises",
        "986": "Wallis-et-Futuna",
        "987": "Polynésie française",
        "988": "Nouvelle-Calédonie",
    },
    "region": {"01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte"},
}


def department_code(text: str) -> str | None:
    """A département code from a URL (« 75 », « 2a » -> « 2A », « 974 »), else None."""
    code = text.upper()
    return code if DEPARTMENT_RE.fullmatch(code) else None


def region_code(text: str) -> str | None:
    """An INSEE région code from a URL (« 11 », « 04 »), else None."""
    return text if text in REGION_CODES else None


DECIMALS = 3  # about 100 m: enough for a map of France, and 570 kB of départements become 226 kB


def _ring(ring: list[list[float]]) -> list[list[float]]:
    """A ring's points at DECIMALS, the repeats that rounding makes dropped (a ring keeps 4 points)."""
    points = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring]
    kept = [points[0], *(b for a, b in itertools.pairwise(points) if b != a)]
    return kept if len(kept) >= 4 else points


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    """A Polygon or MultiPolygon with its rings rounded (_ring)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rounded = [[_ring(ring) for ring in polygon] for polygon in polygons]
    return {**geometry, "coordinates": rounded if geometry["type"] == "MultiPolygon" else rounded[0]}


@functools.cache
def outlines(level: Level) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of `level` (each feature's properties: code, nom), its
    coordinates rounded to DECIMALS: every page view sends it to the browser."""
    collection = json.loads((GEO_DIR / OUTLINES[level]).read_text(encoding="utf-8"))
    features = [{**feature, "geometry": _rounded(feature["geometry"])} for feature in collection["features"]]
    return {**collection, "features": features}


@functools.cache
def mapped_codes(level: Level) -> frozenset[str]:
    """The codes the outlines draw (metropolitan France)."""
    return frozenset(feature["properties"]["code"] for feature in outlines(level)["features"])


@functools.cache
def names(level: Level) -> dict[str, str]:
    """Every known code of `level` and its name, mapped ones first, by code."""
    drawn = {f["properties"]["code"]: f["properties"]["nom"] for f in outlines(level)["features"]}
    return dict(sorted(drawn.items())) | OVERSEAS[level]


def label(level: Level, code: str) -> str:
    """« 75 Paris »; the code alone when no name is known."""
    name = names(level).get(code)
    return f"{code} {name}" if name else code


def options(codes: list[str], level: Level) -> dict[str, str]:
    """{code: « 75 Paris »} for the codes given (a select's choices), in their order."""
    return {code: label(level, code) for code in codes}


def split(rows: pd.DataFrame, level: Level, basis: str, unknown: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`rows` (queries.sme_share_by_territory) with `name` (« 75 Paris », `unknown` where the place
    is not published) and `share` (share_amount when `basis` is "amount", else share_count), cut in
    two: the territories the outlines draw, highest share first (then most contracts), and the
    others (overseas, then the place not published), as the query ordered them."""
    share = rows["share_amount" if basis == "amount" else "share_count"]
    labels = [label(level, code) if isinstance(code, str) else unknown for code in rows["code"]]
    named = rows.assign(name=labels, share=share)
    drawn = named["code"].isin(mapped_codes(level))
    mapped = named[drawn].sort_values(["share", "contracts", "code"], ascending=[False, False, True])
    return mapped.reset_index(drop=True), named[~drawn].reset_index(drop=True)
