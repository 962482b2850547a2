"""Progress of the long tasks (a download, a build's steps) on stderr: a tqdm bar on a terminal,
else a log line at each tenth of the way or every 30 s, as a cron job's log wants it.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Literal, Protocol

from tqdm import tqdm

log = logging.getLogger("etl.progress")

Unit = Literal["B", "step"]
MiB = 1024 * 1024


class Progress(Protocol):
    """A task's progress: `update` after each piece of work, `close` once at the end."""

    def update(self, done: int, note: str | None = None) -> None:
        """`done` more units of work finished; `note` names what comes next (a step's name)."""

    def close(self) -> None:
        """The task is over (finished or failed)."""


def progress(label: str, total: int | None, unit: Unit, initial: int = 0, quiet_s: float = 0.0) -> Progress:
    """A bar when stderr is a terminal, else log lines (none in the first `quiet_s` seconds);
    `total` None when the size is unknown and `initial` the units already done (the bytes of a
    resumed file)."""
    if sys.stderr.isatty():
        return Bar(label, total, unit, initial)
    return LogLines(label, total, unit, initial, quiet_s=quiet_s)


class Bar:
    """tqdm's bar: bytes (or steps), rate and time left."""

    def __init__(self, label: str, total: int | None, unit: Unit, initial: int = 0) -> None:
        scale = {"unit_scale": True, "unit_divisor": 1024} if unit == "B" else {}
        self._bar = tqdm(total=total, initial=initial, unit=unit, desc=label, file=sys.stderr, **scale)

    def update(self, done: int, note: str | None = None) -> None:
        """Advance the bar; the note is shown after it."""
        if note is not None:
            self._bar.set_postfix_str(note, refresh=False)
        self._bar.update(done)

    def close(self) -> None:
        """Draw the bar's last state and leave it on screen."""
        self._bar.close()


class LogLines:
    """One log line when the task passes another tenth of its total, at most one per `min_interval_s`
    (a task over in a second says nothing), and one every `every_s` whatever the progress; none in
    the first `quiet_s` seconds (a short build refused says its one error line and nothing else,
    however loaded the machine)."""

    def __init__(
        self,
        label: str,
        total: int | None,
        unit: Unit,
        initial: int = 0,
        *,
        clock: Callable[[], float] = time.monotonic,
        emit: Callable[[str], None] = log.info,
        min_interval_s: float = 2.0,
        every_s: float = 30.0,
        quiet_s: float = 0.0,
    ) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.done = self._initial = initial
        self._clock, self._emit = clock, emit
        self._min_interval_s, self._every_s, self._quiet_s = min_interval_s, every_s, quiet_s
        self._start = self._last_line = clock()
        self._last_tenth = self._tenth()
        self._note: str | None = None

    def _tenth(self) -> int:
        return self.done * 10 // self.total if self.total else 0

    def update(self, done: int, note: str | None = None) -> None:
        """Count `done` more units; log a line when one is due."""
        self.done += done
        if note is not None:
            self._note = note
        now = self._clock()
        since = now - self._last_line
        tenth = self._tenth()
        if now - self._start < self._quiet_s:
            return
        if (tenth > self._last_tenth and since >= self._min_interval_s) or since >= self._every_s:
            self._emit(self.line(now))
            self._last_line, self._last_tenth = now, tenth

    def close(self) -> None:
        """Nothing to clear: each line stands on its own."""

    def line(self, now: float) -> str:
        """The log line for the state at `now` (a `clock()` value)."""
        elapsed = now - self._start
        if self.unit == "step":
            parts = [f"step {self.done} of {self.total}" if self.total else f"step {self.done}"]
            if self.total:
                parts[0] += f" ({100 * self.done // self.total} %)"
            if self._note:
                parts.append(self._note)
            parts.append(f"{fmt_duration(elapsed)} so far")
            return f"{self.label}: {', '.join(parts)}"
        rate = (self.done - self._initial) / elapsed if elapsed > 0 else 0.0
        if self.total:
            text = f"{fmt_mib(self.done)} of {fmt_mib(self.total)} MiB ({100 * self.done // self.total} %)"
        else:
            text = f"{fmt_mib(self.done)} MiB"
        text += f", {fmt_mib(rate)} MiB/s"
        if self.total and rate > 0 and self.done < self.total:
            text += f", about {fmt_duration((self.total - self.done) / rate)} left"
        return f"{self.label}: {text}"


def fmt_mib(n: float) -> str:
    """A byte count in MiB with one decimal: 25_480_396 -> '24.3'."""
    return f"{n / MiB:,.1f}"


def fmt_duration(seconds: float) -> str:
    """A duration as '8 s', '3 min 05 s' or '1 h 02 min'."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"
