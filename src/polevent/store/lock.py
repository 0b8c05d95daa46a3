"""Sharing a store file between one writer (``polevent ingest``) and readers (``polevent serve``).

DuckDB lets one process open a file read-write, or any number of processes open it read-only, never
both at once. So the writer and the readers take turns, coordinated through two small files beside
the store (advisory ``flock`` locks; the kernel drops them when a process dies, so a killed ingest
leaves no stale lock):

- ``STORE.writer``: held by an ingest for its whole run. A second ingest on the same store waits for it
  (bounded, ``--lock-timeout``) and then stops with one line; two writers never interleave.
- ``STORE.writing``: held by the writer while it has the DuckDB file open (from just before it opens
  it). A reader that sees it held stops starting new reads, closes its connection once the reads in
  flight are done, and waits (bounded) until the writer is done.
- ``STORE.reading``: held (shared) by every reader that is waiting for the file. The writer keeps the
  file open between its reads and commits only while no reader waits: when one does, it closes the
  file as soon as it is between two operations, and opens it again (announced) for the next one.

So an ingest alone pays nothing for the sharing, and with a dashboard open the two take turns:
between batches (while articles are coded, most of an ingest) readers read what was committed so
far. The files are never removed (removing a lock file races with a process that has just opened
it); they are empty.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import StoreError

POLL = 0.02  # seconds between tries while waiting for a lock


def sidecar(path: str | Path, suffix: str) -> Path:
    return Path(f"{path}.{suffix}")


def _try_lock(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def wait_for(attempt: Callable[[], bool], timeout: float, clock: Callable[[], float] = time.monotonic,
             sleep: Callable[[float], None] = time.sleep) -> bool:
    """Call ``attempt`` until it returns True or ``timeout`` seconds have passed (at least one call)."""
    deadline = clock() + max(timeout, 0.0)
    while True:
        if attempt():
            return True
        if clock() >= deadline:
            return False
        sleep(POLL)


class WriterLock:
    """The one-writer lock of a store (``STORE.writer``), held from ``acquire`` to ``release``."""

    def __init__(self, path: str | Path):
        self.path = sidecar(path, "writer")
        self._fd: int | None = None

    def acquire(self, timeout: float) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not wait_for(lambda: _try_lock(fd, fcntl.LOCK_EX), timeout):
            os.close(fd)
            raise StoreError(f"{self.path.with_suffix('')}: another polevent ingest is writing this store; "
                             f"gave up after waiting {timeout:g} s (--lock-timeout)")
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


@contextmanager
def write_window(path: str | Path) -> Iterator[None]:
    """Announce a write to readers for the duration of the block (``STORE.writing`` held)."""
    fd = os.open(sidecar(path, "writing"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # only readers' instant probes contend for it
        yield
    finally:
        os.close(fd)


def write_pending(path: str | Path) -> bool:
    """True while a writer is inside ``write_window`` for this store (a few microseconds to check)."""
    try:
        fd = os.open(sidecar(path, "writing"), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        if _try_lock(fd, fcntl.LOCK_SH):
            return False  # closing fd below releases the probe's shared lock
        return True
    finally:
        os.close(fd)


class ReadWaiting:
    """A reader's "I am waiting for the file" (``STORE.reading`` held shared), on until ``off``."""

    def __init__(self, path: str | Path):
        self.path = sidecar(path, "reading")
        self._fd: int | None = None

    def on(self) -> None:
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            try:
                fd = os.open(self.path, os.O_RDONLY)  # a reader without write access to the folder
            except OSError:
                return  # cannot announce: the writer lets go at its next commit anyway
        fcntl.flock(fd, fcntl.LOCK_SH)
        self._fd = fd

    def off(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def read_waiting(path: str | Path) -> bool:
    """True while some reader waits for the store file (``ReadWaiting`` on)."""
    try:
        fd = os.open(sidecar(path, "reading"), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        return not _try_lock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)


def is_lock_conflict(exc: BaseException) -> bool:
    """A DuckDB error that means another process holds the file ("Could not set lock on file")."""
    return "lock" in str(exc).lower()
