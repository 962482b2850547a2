"""Downloads against the loopback server (bench/loopback.py): the throughput of `python -m etl fetch`
on a generated file, and the time to resume that file once cut at 90 %.

`python -m bench.downloads [--mb 200] [--repeat 3]`. The file is bench/out/download_<mb>MB.bin
(random bytes, made once); each fetch is a fresh `python -m etl fetch` process into a scratch cache
in bench/out/, so its time includes the interpreter's start and the sha256 + sha1 of the file.
Loopback measures the client and this machine, not a network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

from bench.loopback import Fault, Loopback
from bench.measures import PYTHON, ROOT, Proc, run_measured

OUT = ROOT / "bench" / "out"
MB = 1_000_000


def make_file(path: Path, size: int) -> None:
    """`size` random bytes (nothing a transfer could compress)."""
    with path.open("wb") as fh:
        for _ in range(size // (8 * MB)):
            fh.write(os.urandom(8 * MB))
        fh.write(os.urandom(size % (8 * MB)))


def fetch(url: str, cache: Path) -> Proc:
    """One `python -m etl fetch URL` into `cache`, measured."""
    return run_measured([PYTHON, "-m", "etl", "fetch", url, "--dest", str(cache)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.downloads", description=__doc__)
    parser.add_argument("--mb", type=int, default=200, help="size of the generated file, in MB (10^6 bytes)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT, help="the generated file, the cache and the report")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    size = args.mb * MB
    source = args.out / f"download_{args.mb}MB.bin"
    if not source.exists() or source.stat().st_size != size:
        make_file(source, size)
    cache = args.out / "download_cache"
    cut_at = size * 9 // 10
    full, resumed, cut = [], [], []
    with Loopback() as srv:
        srv.serve("/big.bin", source)
        url = srv.url("/big.bin")
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            full.append(fetch(url, cache))
            shutil.rmtree(cache, ignore_errors=True)
            srv.always("/big.bin", Fault("cut", cut_at=cut_at))
            cut.append(fetch(url, cache))
            srv.always("/big.bin", None)
            resumed.append(fetch(url, cache))
        asked = [r for r in srv.log if r.status == 206]
    shutil.rmtree(cache, ignore_errors=True)
    if any(p.returncode != 0 for p in full + resumed) or any(p.returncode != 1 for p in cut):
        print("a fetch did not end as expected:", [p.error for p in full + cut + resumed], file=sys.stderr)
        return 1
    best_full = min(full, key=lambda p: p.wall_s)
    best_resume = min(resumed, key=lambda p: p.wall_s)
    stamp = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    text = "\n".join(
        [
            f"Downloads from 127.0.0.1, {stamp}: {source.name} ({size / MB:,.0f} MB), "
            f"{args.repeat} runs each, the fastest counts",
            f"  full fetch: {best_full.wall_s:.2f} s = {size / MB / best_full.wall_s:,.0f} MB/s end to end "
            f"(runs {[round(p.wall_s, 2) for p in full]}), peak RSS {max(p.peak_mb for p in full):,.0f} MiB",
            f"  cut at {cut_at / MB:,.0f} MB: refused in {min(p.wall_s for p in cut):.2f} s, part kept",
            f"  resume of the last {(size - cut_at) / MB:,.0f} MB ({asked[-1].headers['Range']}): "
            f"{best_resume.wall_s:.2f} s (runs {[round(p.wall_s, 2) for p in resumed]})",
        ]
    )
    print(text)
    (args.out / f"downloads-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}.txt").write_text(
        text + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
