"""Synthetic TED inputs at any size, for timing the TED loader only: a folder of notices (TED XML
R2.0.9 or eForms) and a TED award-notice CSV.

Each notice is one of the eight real notices of tests/fixtures/ted-can-xml/ (in turn), its OJ S
publication number replaced so that every copy is a notice of its own (its contracts keep the real
values); each CSV row is a row of tests/fixtures/constructed_ted_can.csv with its ID_NOTICE_CAN and
ID_AWARD renumbered. The same arguments give the same bytes.

    python -m bench.generate_ted --notices 10000 --format r209 --out bench/out/ted-r209
    python -m bench.generate_ted --csv-rows 500000 --csv bench/out/ted.csv
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
NOTICES = {
    "r209": FIXTURES / "ted-can-xml" / "ted-xml-r209",
    "eforms": FIXTURES / "ted-can-xml" / "eforms-converted",
}
CSV_FIXTURE = FIXTURES / "constructed_ted_can.csv"
# The notice's own number: R2.0.9's DOC_ID attribute, eForms' NoticePublicationID (OPP-010).
NUMBER = {
    "r209": re.compile(rb'(DOC_ID=")[0-9]+(-[0-9]{4}")'),
    "eforms": re.compile(rb'(<efbc:NoticePublicationID schemeName="ojs-notice-id">)[0-9]+(-[0-9]{4}<)'),
}


def write_notices(folder: Path, notices: int, kind: str) -> int:
    """`notices` notice files in `folder` (one subfolder per 1,000, as TED's daily folders);
    returns the bytes written."""
    sources = [p.read_bytes() for p in sorted(NOTICES[kind].glob("*.xml"))]
    written = 0
    for n in range(notices):
        body, count = NUMBER[kind].subn(
            lambda m, n=n: m.group(1) + b"%08d" % (n + 1) + m.group(2), sources[n % 8]
        )
        assert count == 1, "one publication number per notice"
        path = folder / f"{n // 1000:04d}" / f"{n + 1:08d}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written += len(body)
    return written


def write_csv(path: Path, rows: int) -> int:
    """A TED award CSV of `rows` rows; returns the bytes written."""
    with CSV_FIXTURE.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns, template = reader.fieldnames or [], list(reader)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for n in range(rows):
            row = template[n % len(template)]
            copy = n // len(template)
            writer.writerow(
                row | {"ID_NOTICE_CAN": f"{row['ID_NOTICE_CAN'][:4]}{copy:06d}", "ID_AWARD": str(n + 1)}
            )
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """The CLI: a folder of notices, a CSV, or both."""
    p = argparse.ArgumentParser(prog="python -m bench.generate_ted", description=__doc__)
    p.add_argument("--notices", type=int, default=0, help="notice files to write into --out")
    p.add_argument("--format", choices=sorted(NOTICES), default="r209")
    p.add_argument("--out", type=Path, default=Path("bench/out/ted-notices"))
    p.add_argument("--csv-rows", type=int, default=0, help="rows of the CSV to write to --csv")
    p.add_argument("--csv", type=Path, default=Path("bench/out/ted.csv"))
    args = p.parse_args(argv)
    if args.notices:
        size = write_notices(args.out, args.notices, args.format)
        print(f"{args.out}: {args.notices:,} {args.format} notices, {size / 2**20:.1f} MiB")
    if args.csv_rows:
        size = write_csv(args.csv, args.csv_rows)
        print(f"{args.csv}: {args.csv_rows:,} rows, {size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
