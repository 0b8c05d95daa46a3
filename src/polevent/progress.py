"""A one-line progress display for long runs, written to a stream the caller passes (stderr).

On a terminal it redraws one line in place (a bar when the total is known, a counter otherwise)
at most ``interval`` seconds apart and erases it when done. Elsewhere it is silent, unless forced,
when it prints a plain line every ``log_interval`` seconds (for logs; nothing is redrawn).
"""
from __future__ import annotations

import shutil
import time
from typing import IO, Callable


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """``update(done, **counts)`` after each unit of work; ``clear()`` before printing other lines
    on the same stream; ``close()`` at the end."""

    def __init__(self, stream: IO[str], total: int | None = None, force: bool | None = None,
                 label: str = "ingest", unit: str = "articles", interval: float = 0.1,
                 log_interval: float = 1.0, clock: Callable[[], float] = time.monotonic):
        tty = bool(getattr(stream, "isatty", lambda: False)())
        self.stream, self.total, self.label, self.unit = stream, total, label, unit
        self.live = tty and force is not False  # redraw in place
        self.enabled = self.live or bool(force)
        self.interval = interval if self.live else log_interval
        self.clock = clock
        self.start = clock()
        self._last = None  # time of the last draw
        self._width = 0  # characters of the line on screen

    def line(self, done: int, counts: dict[str, int]) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = done / elapsed
        extra = "".join(f", {v} {k}" for k, v in counts.items())
        if self.total:
            frac = min(done / self.total, 1.0)
            bar = "#" * int(frac * 20)
            eta = _duration((self.total - done) / rate) if rate > 0 and done < self.total else "0:00"
            return (f"{self.label} [{bar:<20}] {frac:4.0%} {done}/{self.total} {self.unit}{extra}, "
                    f"{rate:.1f}/s, ETA {eta}")
        return f"{self.label} {done} {self.unit}{extra}, {rate:.1f}/s, {_duration(elapsed)}"

    def update(self, done: int, **counts: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if self._last is not None and now - self._last < self.interval:
            return
        self._last = now
        text = self.line(done, counts)
        if self.live:
            cols = shutil.get_terminal_size((100, 20)).columns - 1
            text = text[:cols]
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the live line (so another message starts at column 0); the next update redraws."""
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            self._last = None

    def close(self) -> None:
        self.clear()
