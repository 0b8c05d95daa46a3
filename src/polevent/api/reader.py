"""The server's read access to its store: one read-only DuckDB connection shared by all requests (each
request gets its own cursor on it), handed over to a writer when one announces a write.

Opening a DuckDB file costs tens of milliseconds, a cursor on an open one almost nothing, so the
connection stays open between requests. While it is open no other process can write the file, so
before each read, and every ``lock.POLL`` seconds in a watcher thread while the connection is open,
the reader checks whether ``polevent ingest`` wants the file (``store.lock.write_pending``); if it
does, new reads wait, the connection is closed as soon as the reads in flight are done (at once when
the server is idle), and it is opened again (seeing the new batches) once the writer lets go, which
it does between two batches as soon as a reader waits (``store.lock.ReadWaiting``, held while any
request here waits).
Reads wait at most ``wait`` seconds for a writer (or for a lock held by a process that does not
announce itself); past that the request gets a 503 with Retry-After, whose message names neither the
file nor a process.

Results of common reads (an event page and its total, the actors list) are kept with ``cached``, for
the store generation they were read from: the cache is emptied each time the connection is reopened,
i.e. whenever the store may have changed, and holds at most ``cache_size`` results (oldest dropped).
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb

from ..errors import StoreError
from ..store import lock
from ..store.db import connect


class StoreBusy(Exception):
    """The store stayed locked by a writer for longer than the reader waits (a 503 with Retry-After)."""


class StoreUnavailable(Exception):
    """The store cannot be opened (missing, or not a readable store); the message has no file path."""


class StoreReader:
    def __init__(self, path: str | Path, wait: float = 10.0, cache_size: int = 256,
                 clock: Callable[[], float] = time.monotonic):
        self.path, self.wait, self.cache_size, self._clock = Path(path), wait, cache_size, clock
        self._con: duckdb.DuckDBPyConnection | None = None
        self._in_flight = 0
        self._cond = threading.Condition()
        self._cache: dict[Any, Any] = {}
        self._watcher: threading.Thread | None = None
        self._waiting = lock.ReadWaiting(self.path)
        self._closed = False
        self.opens = 0  # how many times the store was opened: its generation (tests read it)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request, on the shared connection (opened if needed)."""
        with self.lease() as (cur, _):
            yield cur

    @contextmanager
    def lease(self) -> Iterator[tuple[duckdb.DuckDBPyConnection, int]]:
        """A cursor for one request and the generation of the store it reads (for ``cached``)."""
        cur, generation = self._enter()
        try:
            yield cur, generation
        finally:
            try:
                cur.close()
            finally:
                self._leave()

    def cached(self, generation: int, key: Any, build: Callable[[], Any]) -> Any:
        """``build()`` (a read on a cursor of ``generation``), kept while the store stays open. The
        result is shared between requests: callers must not change it."""
        with self._cond:
            if generation == self.opens and key in self._cache:
                return self._cache[key]
        value = build()
        with self._cond:
            if generation == self.opens and self.cache_size > 0:
                if len(self._cache) >= self.cache_size:
                    del self._cache[next(iter(self._cache))]
                self._cache[key] = value
        return value

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._close()
            self._waiting.off()
            self._cond.notify_all()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(1.0)

    def _watch(self) -> None:
        """While the connection is open: let an announced writer in even when no request comes."""
        with self._cond:
            while not self._closed and self._con is not None:
                self._cond.wait(lock.POLL)
                if self._con is not None and self._in_flight == 0 and lock.write_pending(self.path):
                    self._close()
            self._watcher = None

    def _enter(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        deadline = self._clock() + self.wait
        with self._cond:
            while True:
                if lock.write_pending(self.path):
                    if self._in_flight == 0:
                        self._close()  # let the writer in; reads wait below
                else:
                    if self._con is None:
                        self._try_open()
                    if self._con is not None:
                        cur = self._con.cursor()  # made under the lock: the connection is shared
                        self._in_flight += 1
                        self._waiting.off()
                        return cur, self.opens
                self._waiting.on()  # the writer lets go between two of its operations
                if self._clock() >= deadline:
                    self._waiting.off()
                    raise StoreBusy("the store is being written (an ingest is committing a batch); "
                                    "try again in a moment")
                self._cond.wait(lock.POLL)

    def _try_open(self) -> None:
        try:
            self._con = connect(self.path, read_only=True, wait=0)
            self.opens += 1
            self._closed = False
            if self._watcher is None:
                self._watcher = threading.Thread(target=self._watch, name="polevent-store-watch", daemon=True)
                self._watcher.start()
        except StoreError as exc:
            cause = exc.__cause__
            if cause is not None and lock.is_lock_conflict(cause):
                return  # a writer holds the file: wait and try again
            if not self.path.exists():
                raise StoreUnavailable("no such store (run polevent ingest first)") from exc
            raise StoreUnavailable("the store cannot be opened (not a polevent store, or damaged)") from exc

    def _leave(self) -> None:
        with self._cond:
            self._in_flight -= 1
            if self._in_flight == 0 and lock.write_pending(self.path):
                self._close()
            self._cond.notify_all()

    def _close(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            self._cache.clear()
            con.close()
