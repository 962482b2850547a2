"""Progress of downloads and builds: log lines when stderr is not a terminal (a fake clock drives
them), tqdm's bar on a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from bench.loopback import Loopback
from etl.progress import LogLines, MiB, fmt_duration
from tests.conftest import FIXTURES, ROOT


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def lines_of(task: LogLines, clock: Clock, moves: list[tuple[float, int, str | None]]) -> list[str]:
    """The lines logged for (time, units done, note) moves."""
    out: list[str] = []
    task._emit = out.append
    for at, done, note in moves:
        clock.now = at
        task.update(done, note)
    return out


def test_a_download_logs_each_tenth_at_most_every_2_s_and_every_30_s():
    clock = Clock()
    task = LogLines("decp.parquet", 100 * MiB, "B", clock=clock)
    moves = [
        (1.0, 5 * MiB, None),  # 5 %: no tenth passed
        (1.5, 5 * MiB, None),  # 10 %, but 1.5 s after the start: too soon
        (2.5, 5 * MiB, None),  # 15 %: the tenth passed earlier is said now
        (3.0, 1 * MiB, None),  # same tenth
        (33.0, 0, None),  # 30 s since the last line, whatever the progress
        (34.0, 84 * MiB, None),  # 100 %, 1 s after the last line
        (36.0, 0, None),  # 100 % said
    ]
    assert lines_of(task, clock, moves) == [
        "decp.parquet: 15.0 of 100.0 MiB (15 %), 6.0 MiB/s, about 14 s left",
        "decp.parquet: 16.0 of 100.0 MiB (16 %), 0.5 MiB/s, about 2 min 53 s left",
        "decp.parquet: 100.0 of 100.0 MiB (100 %), 2.8 MiB/s",
    ]


def test_a_resumed_download_counts_its_rate_from_the_new_bytes_only():
    clock = Clock()
    task = LogLines("decp.parquet", 100 * MiB, "B", initial=90 * MiB, clock=clock)
    assert lines_of(task, clock, [(1.0, 5 * MiB, None), (5.0, 5 * MiB, None)]) == [
        "decp.parquet: 100.0 of 100.0 MiB (100 %), 2.0 MiB/s"
    ]


def test_a_download_of_unknown_size_logs_every_30_s():
    clock = Clock()
    task = LogLines("decp.csv", None, "B", clock=clock)
    assert lines_of(task, clock, [(10.0, 50 * MiB, None), (30.0, 10 * MiB, None), (59.0, 0, None)]) == [
        "decp.csv: 60.0 MiB, 2.0 MiB/s"
    ]


def test_a_build_logs_its_steps_with_the_one_under_way():
    clock = Clock()
    task = LogLines("build", 20, "step", clock=clock)
    moves = [
        (0.1, 0, "010_tables.sql"),
        (0.2, 1, None),
        (2.0, 1, "loading decp.parquet"),
        (9.0, 1, "200_winners.sql"),
        (32.0, 0, None),
    ]
    assert lines_of(task, clock, moves) == [
        "build: step 2 of 20 (10 %), loading decp.parquet, 2 s so far",
        "build: step 3 of 20 (15 %), 200_winners.sql, 32 s so far",
    ]


def test_a_build_says_nothing_in_its_quiet_seconds():
    """Regression: under load, a refused build of a one-line CSV printed a progress line before its
    error, so stderr held two lines instead of DESIGN's one."""
    clock = Clock()
    task = LogLines("build", 20, "step", clock=clock, quiet_s=10.0)
    moves = [(3.0, 10, "200_winners.sql"), (9.9, 5, None), (10.5, 1, "500_fact_awards.sql")]
    assert lines_of(task, clock, moves) == ["build: step 16 of 20 (80 %), 500_fact_awards.sql, 10 s so far"]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.4, "0 s"), (59.4, "59 s"), (65, "1 min 05 s"), (3599, "59 min 59 s"), (3725, "1 h 02 min")],
)
def test_durations_read_as_people_say_them(seconds, text):
    assert fmt_duration(seconds) == text


def _on_a_terminal(*args: str | Path) -> tuple[int, str, str]:
    """Run `python -m etl ARGS` with stderr on a 120-column pseudo-terminal: (exit code, stdout,
    what the terminal received)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=slave,
        text=True,
    )
    os.close(slave)
    received = b""
    while True:
        try:
            block = os.read(master, 4096)
        except OSError:  # the terminal closes with the process (EIO)
            break
        if not block:
            break
        received += block
    os.close(master)
    stdout = proc.stdout.read() if proc.stdout else ""
    return proc.wait(), stdout, received.decode()


def test_a_download_on_a_terminal_draws_a_bar_with_bytes_rate_and_time_left(tmp_path):
    sample = ROOT / "data" / "sample" / "decp-tabular" / "decp_2024H2_travaux_cpv4521.csv"
    with Loopback() as srv:
        srv.serve("/decp.csv", sample, "text/csv")
        code, stdout, terminal = _on_a_terminal("fetch", srv.url("/decp.csv"), "--dest", tmp_path)
    assert (code, stdout) == (0, f"fetched {tmp_path / 'decp.csv'}\n")
    last = terminal.rstrip("\r\n").rsplit("\r", 1)[-1]
    assert re.fullmatch(
        r"decp\.csv: 100%\|█+\| 1\.70M/1\.70M \[\d\d:\d\d<\d\d:\d\d, +[\d.]+[kMG]?B/s\]", last
    ), last


def test_a_build_on_a_terminal_draws_its_steps(tmp_path):
    code, _, terminal = _on_a_terminal(
        "build", FIXTURES / "fixture_decp2019_138.json", "--db", tmp_path / "t.duckdb"
    )
    assert code == 0
    last = terminal.rstrip("\r\n").rsplit("\r", 1)[-1]
    assert re.fullmatch(
        r"build: 100%\|█+\| (\d+)/\1 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+step/s, 900_checks\.sql\]", last
    ), last
