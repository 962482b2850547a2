"""`python -m etl build|fetch|info`: the fixed command line of DESIGN.md.

Exit codes: 0 built, 1 nothing published (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from common import settings
from etl import fetch
from etl.build import build
from etl.errors import EtlError
from etl.info import brief_line, describe_db, quality_report

log = logging.getLogger("etl")


def parser() -> argparse.ArgumentParser:
    """The CLI's argument parser."""
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    p.add_argument("-v", "--verbose", action="store_true", help="log each step")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the DuckDB file (default: from data/sample/)")
    b.add_argument("sources", nargs="*", metavar="SOURCE", help="file, http(s) URL or source name")
    b.add_argument("--db", type=Path, default=None, help="target file (env PROCUREMENT_DB)")
    b.add_argument("--sirene", action="append", default=None, metavar="FILE",
                   help="INSEE SIRENE unit file (CSV/Parquet with siren, categorieEntreprise)")  # fmt: skip
    b.add_argument("--offline", action="store_true", help="URLs and source names from the cache only")
    f = sub.add_parser("fetch", help="download published files into data/raw/ (no DB change)")
    f.add_argument("names", nargs="*", metavar="NAME|URL")
    f.add_argument("--dest", type=Path, default=None, help="cache folder (env ETL_RAW_DIR, else data/raw/)")
    f.add_argument("--offline", action="store_true", help="check the cache only, download nothing")
    i = sub.add_parser("info", help="print what the DB holds")
    i.add_argument("--db", type=Path, default=None)
    i.add_argument("--brief", action="store_true", help="one line: the file and its « données au » date")
    i.add_argument("--quality", action="store_true", help="the quality report of the Méthode page")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # Progress lines (etl.progress) show without -v: a cron job's log says how far a run got.
    logging.getLogger("etl.progress").setLevel(logging.INFO)
    # urllib3 warns at each retry; an error that outlives the retries is the CLI's one line.
    logging.getLogger("urllib3").setLevel(logging.INFO if args.verbose else logging.ERROR)
    try:
        if args.command == "build":
            summary = build(args.sources, args.db or settings.db_path(), args.sirene, offline=args.offline)
            print(summary.line())
        elif args.command == "fetch":
            http = fetch.HttpSettings.from_env()
            folder = args.dest or settings.raw_dir()
            for name in args.names or sorted(fetch.named_sources()):
                print(fetch.download(name, folder, http, offline=args.offline).line(), flush=True)
        else:
            db = args.db or settings.db_path()
            if args.quality:
                print(quality_report(db))
            else:
                print(brief_line(db) if args.brief else describe_db(db))
    except EtlError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; the published DB is left as it was", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
