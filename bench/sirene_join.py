"""The SIRENE semi-join at national scale: a generated StockUniteLegale-shaped Parquet of 25 million
units, and the ETL's own SIRENE loading steps timed on it, in a fresh process each (wall time and
peak RSS), beside the whole-file read they replace.

`python -m bench.sirene_join [--units 25M] [--rows 1.6M] [--repeat 3] [--build]`. The units' file
is bench/out/StockUniteLegale_<units>.parquet (made once, reused); it holds every SIREN of the
winners and buyers of bench/generate.py's file of `--rows` rows, so that the join finds them as it
finds real winners in INSEE's stock, and synthetic units up to `--units`. `--build` also times
`python -m etl build` of that generated file with and without `--sirene`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from bench.generate import generate, make_entities, parse_rows
from bench.measures import PYTHON, ROOT, run_measured

OUT = ROOT / "bench" / "out"
SEED = 42

# INSEE's StockUniteLegale columns (2025/2026 layout, tests/fixtures/stock_unite_legale_echantillon.csv),
# with values drawn from each unit's number: half sole traders (legal form 1000, a person's name, no
# denomination), half companies; a category for 45 % of units (PME; ETI and GE rare), of 2022 or 2023.
UNITS_SQL = """
COPY (
    SELECT
        siren,
        'O' AS statutDiffusionUniteLegale,
        NULL::VARCHAR AS unitePurgeeUniteLegale,
        DATE '1970-01-01' + (h % 20000)::INTEGER AS dateCreationUniteLegale,
        NULL::VARCHAR AS sigleUniteLegale,
        CASE WHEN person THEN (['M', 'F'])[1 + h % 2] END AS sexeUniteLegale,
        CASE WHEN person THEN (['JEAN', 'MARIE', 'ANNE', 'LUC'])[1 + h % 4] END AS prenom1UniteLegale,
        NULL::VARCHAR AS prenom2UniteLegale,
        NULL::VARCHAR AS prenom3UniteLegale,
        NULL::VARCHAR AS prenom4UniteLegale,
        CASE WHEN person THEN (['JEAN', 'MARIE', 'ANNE', 'LUC'])[1 + h % 4] END AS prenomUsuelUniteLegale,
        NULL::VARCHAR AS pseudonymeUniteLegale,
        NULL::VARCHAR AS identifiantAssociationUniteLegale,
        (['NN', '00', '01', '02', '03', '11', '12', '21'])[1 + h % 8] AS trancheEffectifsUniteLegale,
        2022 + (h % 2)::BIGINT AS anneeEffectifsUniteLegale,
        TIMESTAMP '2025-01-01' + to_seconds((h % 30000000)::BIGINT) AS dateDernierTraitementUniteLegale,
        1 + (h % 9)::BIGINT AS nombrePeriodesUniteLegale,
        category AS categorieEntreprise,
        CASE WHEN category IS NOT NULL THEN 2022 + (h % 2)::BIGINT END AS anneeCategorieEntreprise,
        DATE '2000-01-01' + (h % 9000)::INTEGER AS dateDebut,
        (['A', 'A', 'A', 'C'])[1 + h % 4] AS etatAdministratifUniteLegale,
        CASE WHEN person THEN 'NOM' || (h % 100000) END AS nomUniteLegale,
        NULL::VARCHAR AS nomUsageUniteLegale,
        CASE WHEN NOT person THEN 'SOCIETE ' || siren END AS denominationUniteLegale,
        NULL::VARCHAR AS denominationUsuelle1UniteLegale,
        NULL::VARCHAR AS denominationUsuelle2UniteLegale,
        NULL::VARCHAR AS denominationUsuelle3UniteLegale,
        CASE WHEN person THEN '1000' ELSE (['5710', '5499', '5599', '5720', '6540'])[1 + h % 5] END
            AS categorieJuridiqueUniteLegale,
        (['43.12A', '71.12B', '46.69B', '42.11Z', '81.21Z'])[1 + h % 5] AS activitePrincipaleUniteLegale,
        'NAFRev2' AS nomenclatureActivitePrincipaleUniteLegale,
        lpad(((h % 900) + 10)::VARCHAR, 5, '0') AS nicSiegeUniteLegale,
        (['N', 'O'])[1 + (h % 20 = 0)::INTEGER] AS economieSocialeSolidaireUniteLegale,
        NULL::VARCHAR AS societeMissionUniteLegale,
        (['N', 'O'])[1 + h % 2] AS caractereEmployeurUniteLegale,
        (['43.12Y', '71.12Y', '46.69Y', '42.11Y', '81.21Y'])[1 + h % 5] AS activitePrincipaleNAF25UniteLegale
    FROM (
        SELECT
            siren,
            h,
            h % 2 = 0 AS person,
            CASE WHEN h % 1000 < 2 THEN 'GE' WHEN h % 1000 < 6 THEN 'ETI' WHEN h % 1000 < 450 THEN 'PME' END
                AS category
        FROM (SELECT siren, (hash(siren) % 1000000007)::BIGINT AS h FROM units)
    )
    ORDER BY siren
) TO $out (FORMAT parquet, COMPRESSION zstd)
"""

# The units of the benchmark's file: every SIREN of its buyers and winners (their 8-digit bases
# are 20-90 million, bench/generate.py), then others from bases below 20 million, until `units`.
UNITS_TABLE_SQL = """
CREATE TABLE units AS
SELECT siren FROM entity_sirens
UNION ALL
(
    SELECT lpad((base * 10 + base % 10)::VARCHAR, 9, '0')
    FROM (SELECT range AS base FROM range(1, 20000000) UNION ALL SELECT range FROM range(90000000, 100000000))
    ORDER BY base
    LIMIT $others
)
"""

# The whole-file read this replaces: every unit's siren and category into a table.
WHOLE_FILE_SQL = "CREATE TEMP TABLE sirene_raw AS SELECT siren, categorieEntreprise FROM read_parquet($path)"


def entity_sirens(rows: int, seed: int) -> pa.Table:
    """The distinct SIRENs of the buyers and SIRET winners of bench/generate.py's file of `rows` rows."""
    entities = make_entities(rows, seed)
    ids = pa.concat_arrays([entities.buyer_id, entities.supplier_id.cast(pa.string())])
    sirets = pc.filter(ids, pc.match_substring_regex(ids, r"^[0-9]{14}$"))
    return pa.table({"siren": pc.unique(pc.utf8_slice_codeunits(sirets, 0, 9))})


def make_units(path: Path, units: int, rows: int, seed: int) -> None:
    """Write the units' Parquet (sorted by siren, as INSEE's stock is)."""
    con = duckdb.connect()
    wanted = entity_sirens(rows, seed)
    con.register("entity_sirens", wanted)
    con.execute("SET preserve_insertion_order = false")
    con.execute(UNITS_TABLE_SQL, {"others": units - wanted.num_rows})
    con.execute(UNITS_SQL, {"out": str(path)})
    con.close()


def child_join(units_path: Path, rows: int, seed: int, whole_file: bool) -> dict[str, float | int | None]:
    """In this process, as `etl build` does: the tables of 000-099, the staged winners and buyers
    of the generated file (their SIRETs), then the SIRENE loading steps, timed alone."""
    from etl import build, steps
    from etl.inputs import InputFile

    entities = make_entities(rows, seed)
    with tempfile.TemporaryDirectory(prefix="sirene_join", dir=units_path.parent) as work:
        con = duckdb.connect(str(Path(work) / "join.duckdb"))
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET memory_limit = $m", {"m": build.memory_limit()})
        con.execute("SET temp_directory = $d", {"d": str(Path(work) / "spill")})
        for name in steps.numbered(0, 99):
            steps.run(con, name, build.FIRST_STEPS_FILES)
        con.register("buyers", pa.table({"id": entities.buyer_id}))
        con.register("suppliers", pa.table({"id": entities.supplier_id.cast(pa.string())}))
        con.execute(
            "INSERT INTO stg_winners (rec_no, pos, supplier_id_raw) "
            "SELECT row_number() OVER (), 1, id FROM suppliers"
        )
        con.execute(
            "INSERT INTO stg_contracts (rec_no, buyer_id) SELECT row_number() OVER (), id FROM buyers"
        )
        item = InputFile(
            units_path, "units", str(units_path), "sirene-parquet", "", 0, dt.date(2026, 1, 1), "", None
        )
        # The process's peak so far (KiB on Linux): what the join adds is the rest.
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        if whole_file:
            con.execute(WHOLE_FILE_SQL, {"path": str(units_path)})
            kept = con.execute("SELECT count(*) FROM sirene_raw").fetchone()[0]
        else:
            steps.run(con, "load/sirene_wanted.sql")
            build._load_sirene(con, 1, item)
            steps.run(con, "110_sirene_latest.sql")
            kept = con.execute("SELECT count(*) FROM sirene_latest").fetchone()[0]
        seconds = time.perf_counter() - start
        wanted = con.execute("SELECT count(*) FROM sirene_wanted").fetchone()[0] if not whole_file else None
        con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "kept": kept, "wanted": wanted, "before_mb": before_mb, "peak_mb": peak_mb}


def _measure(kind: str, units_path: Path, rows: int, seed: int, repeat: int) -> dict[str, float | int]:
    """The fastest of `repeat` fresh processes (the shared machine disturbs the others more), with
    the largest peak RSS seen (the process's own, from the kernel: polling misses a short peak)."""
    runs = []
    for _ in range(repeat):
        proc = run_measured(
            [
                PYTHON,
                "-m",
                "bench.sirene_join",
                "child",
                kind,
                str(units_path),
                "--rows",
                str(rows),
                "--seed",
                str(seed),
            ]
        )
        if proc.returncode != 0:
            raise SystemExit(f"{kind}: {proc.error}")
        runs.append({**json.loads(proc.stdout), "wall_s": proc.wall_s})
    best = min(runs, key=lambda r: r["seconds"])
    return {
        **best,
        "peak_mb": max(r["peak_mb"] for r in runs),
        "all_s": [round(r["seconds"], 2) for r in runs],
    }


def _build(args: list[str], out: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="sirene_build", dir=out) as work:
        proc = run_measured([PYTHON, "-m", "etl", "build", *args, "--db", str(Path(work) / "b.duckdb")])
    if proc.returncode != 0:
        raise SystemExit(f"etl build: {proc.error}")
    return {"wall_s": proc.wall_s, "cpu_s": proc.cpu_s, "peak_mb": proc.peak_mb}


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["child"]:
        p = argparse.ArgumentParser(prog="python -m bench.sirene_join child")
        p.add_argument("kind", choices=["semi-join", "whole-file"])
        p.add_argument("units", type=Path)
        p.add_argument("--rows", type=parse_rows, required=True)
        p.add_argument("--seed", type=int, required=True)
        a = p.parse_args(argv[1:])
        print(json.dumps(child_join(a.units, a.rows, a.seed, a.kind == "whole-file")))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.sirene_join", description=__doc__)
    parser.add_argument("--units", type=parse_rows, default=parse_rows("25M"))
    parser.add_argument("--rows", type=parse_rows, default=parse_rows("1.6M"))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time etl build with and without --sirene")
    parser.add_argument("--out", type=Path, default=OUT, help="generated files and reports (bench/out)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    units_path = args.out / f"StockUniteLegale_{args.units}.parquet"
    if not units_path.exists():
        start = time.perf_counter()
        make_units(units_path, args.units, args.rows, args.seed)
        mb = units_path.stat().st_size / 1e6
        print(f"generated {units_path} ({mb:,.0f} MB) in {time.perf_counter() - start:.0f} s")
    stamp = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    semi = _measure("semi-join", units_path, args.rows, args.seed, args.repeat)
    whole = _measure("whole-file", units_path, args.rows, args.seed, args.repeat)
    mb = units_path.stat().st_size / 1e6
    lines = [
        f"SIRENE semi-join, {stamp}: {args.units:,} units ({mb:,.0f} MB Parquet), {semi['wanted']:,} keys "
        f"wanted (SIRENs of the buyers and winners of {args.rows:,} generated rows), {semi['kept']:,} kept",
        f"  semi-join (load/sirene_wanted.sql + load/sirene.sql + 110): {semi['seconds']:.1f} s "
        f"(runs {semi['all_s']}), process peak RSS {semi['peak_mb']:,.0f} MiB "
        f"({semi['before_mb']:,.0f} MiB before it)",
        f"  whole file read (siren, categorieEntreprise of every unit): {whole['seconds']:.1f} s "
        f"(runs {whole['all_s']}), process peak RSS {whole['peak_mb']:,.0f} MiB "
        f"({whole['before_mb']:,.0f} MiB before it)",
    ]
    if args.build:
        tabular = args.out / f"decp_tabular_{args.rows}_seed{args.seed}.parquet"
        if not tabular.exists():
            generate(args.rows, args.seed, tabular)
        without = _build([str(tabular)], args.out)
        with_sirene = _build([str(tabular), "--sirene", str(units_path)], args.out)
        lines += [
            f"  etl build of {tabular.name}: {without['wall_s']:.1f} s, "
            f"peak RSS {without['peak_mb']:,.0f} MiB",
            f"  with --sirene {units_path.name}: {with_sirene['wall_s']:.1f} s, "
            f"peak RSS {with_sirene['peak_mb']:,.0f} MiB",
        ]
    text = "\n".join(lines)
    print(text)
    (args.out / f"sirene-join-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}.txt").write_text(
        text + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
