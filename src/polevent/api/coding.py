"""POST /api/code off the request loop: a bounded pool of coders with a time budget per request.

The server codes in worker processes (``CodingPool.processes``: spawned, each building its Coder once
from a ``CoderSpec`` when it starts, then coding one article at a time sent over a pipe), so a long
article, or a degenerate one, holds a worker and never the server's event loop, its threads or the
GIL that the reads need. At most ``workers`` articles are coded at once and ``queue`` more wait; a
request beyond that gets ``PoolFull`` (503 with Retry-After). A request not answered within
``timeout`` seconds (plus ``load_timeout`` until a first article was coded: the model load) gets
``CodingTimeout`` (504); a waiting one is dropped, and the worker process coding it is killed and
replaced, so a stuck article frees its worker and the other workers go on.

Tests and embedders that pass a coder object get ``CodingPool.threads``: the same bounds, coded in
threads of this process (a thread cannot be stopped: past the budget the request is answered and the
thread keeps its slot until the article is done).
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import queue
import signal
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from ..errors import ModelError
from ..model import Article


class PoolFull(Exception):
    """Every coder is busy and the queue is full."""


class CodingTimeout(Exception):
    """The article was not coded within the time budget."""


class CoderUnavailable(Exception):
    """No coder is configured, it failed to load, or its process stopped."""


def _serve(spec, conn) -> None:
    """A coding process: build the coder once, then answer (ok, dict or error) for each article."""
    from ..parallel import portable

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops this process
    coder, error = None, None
    try:
        coder = spec.load()
    except Exception as exc:  # reported with each article instead
        error = f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    while True:
        try:
            article = conn.recv()
        except (EOFError, OSError):
            return
        if article is None:
            return
        if coder is None:
            conn.send((False, ModelError(error or "the coder did not load")))
            continue
        try:
            conn.send((True, coder.code_one(article).to_dict()))
        except Exception as exc:
            conn.send((False, portable(exc, "a coding process")))


class ProcessWorkers:
    """``workers`` coding processes built from ``spec`` (picklable, with ``load()``), started on first use."""

    def __init__(self, spec, workers: int):
        self._spec, self._n = spec, workers
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._procs: set = set()
        self._lock = threading.Lock()
        self._started = False
        self.restarts = 0

    def _start_one(self) -> tuple[Any, Any]:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(self._spec, child), name="polevent-code", daemon=True)
        proc.start()
        child.close()
        with self._lock:
            self._procs.add(proc)
        return proc, parent

    def code(self, article: Article, slot: dict) -> dict:
        """Code on an idle worker (runs in a pool thread); ``slot["proc"]`` is its process meanwhile."""
        with self._lock:
            start, self._started = not self._started, True
        if start:
            for _ in range(self._n):
                self._idle.put(self._start_one())
        proc, conn = worker = self._idle.get()
        slot["proc"] = proc
        try:
            conn.send(article)
            ok, value = conn.recv()
        except (EOFError, OSError):  # killed past its budget, or crashed
            proc.join(5)
            with self._lock:
                self._procs.discard(proc)
                self.restarts += 1
            conn.close()
            self._idle.put(self._start_one())
            raise CoderUnavailable("the coding process stopped; try again") from None
        self._idle.put(worker)
        if not ok:
            raise value
        return value

    @staticmethod
    def kill(slot: dict) -> None:
        proc = slot.get("proc")
        if proc is not None:
            proc.kill()

    def close(self) -> None:
        with self._lock:
            procs, self._procs = list(self._procs), set()
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(5)


class LazyCoder:
    """A coder built once, on first use, by ``factory`` (thread-safe); ``None`` factory: no coder."""

    def __init__(self, coder=None, factory: Callable[[], object] | None = None):
        self._coder, self._factory = coder, factory
        self._lock = threading.Lock()

    def code(self, article: Article, slot: dict | None = None) -> dict:
        with self._lock:
            if self._coder is None:
                if self._factory is None:
                    raise CoderUnavailable("this server has no coder configured")
                self._coder = self._factory()
            return self._coder.code_one(article).to_dict()


class CodingPool:
    def __init__(self, task: Callable[[Article, dict], dict], workers: int = 1, queue: int = 4,
                 timeout: float = 30.0, load_timeout: float = 120.0,
                 kill: Callable[[dict], None] | None = None, close: Callable[[], None] | None = None):
        self._task, self._kill, self._close = task, kill, close
        self.workers, self.queue, self.timeout, self.load_timeout = workers, queue, timeout, load_timeout
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="polevent-code")
        self._busy = 0
        self._loaded = False
        self._lock = threading.Lock()
        self._processes: ProcessWorkers | None = None

    @classmethod
    def processes(cls, spec, workers: int = 1, queue: int = 4, timeout: float = 30.0,
                  load_timeout: float = 120.0) -> "CodingPool":
        """Coders in ``workers`` spawned processes, each built from ``spec`` (e.g. ``parallel.CoderSpec``)."""
        procs = ProcessWorkers(spec, workers)
        pool = cls(procs.code, workers, queue, timeout, load_timeout, kill=procs.kill, close=procs.close)
        pool._processes = procs
        return pool

    @classmethod
    def threads(cls, coder=None, factory: Callable[[], object] | None = None, workers: int = 1,
                queue: int = 4, timeout: float = 30.0, load_timeout: float = 120.0) -> "CodingPool":
        """Coding in threads of this process with one shared coder (built by ``factory`` on first use)."""
        return cls(LazyCoder(coder, factory).code, workers, queue, timeout, load_timeout)

    @property
    def busy(self) -> int:
        return self._busy

    @property
    def restarts(self) -> int:
        """Worker processes replaced after a timeout or a crash."""
        return self._processes.restarts if self._processes else 0

    async def code(self, article: Article) -> dict:
        """The coded article as ``CodedArticle.to_dict()``; raises PoolFull, CodingTimeout,
        CoderUnavailable or the coder's own error."""
        slot: dict = {}
        with self._lock:
            if self._busy >= self.workers + self.queue:
                raise PoolFull(f"all {self.workers} coders are busy and {self.queue} articles are waiting")
            future = self._executor.submit(self._task, article, slot)
            self._busy += 1
            budget = self.timeout + (0 if self._loaded else self.load_timeout)
        future.add_done_callback(self._done)
        try:
            result = await asyncio.wait_for(asyncio.wrap_future(future), budget)
        except asyncio.TimeoutError:
            if not future.cancel() and self._kill is not None:
                self._kill(slot)  # its thread then starts a fresh process,
                self._loaded = False  # which loads the model again: the next article gets the load budget
            raise CodingTimeout(f"coding took longer than {budget:g} s; the article was not coded") from None
        except ModelError as exc:
            raise CoderUnavailable(str(exc)) from None
        self._loaded = True
        return result

    def _done(self, _future: Future) -> None:
        with self._lock:
            self._busy -= 1

    def close(self) -> None:
        if self._close is not None:
            self._close()
        self._executor.shutdown(wait=False, cancel_futures=True)
