"""POST /api/code off the request loop: a bounded pool of coders with a time budget per request.

The server codes in worker processes (``CodingPool.processes``: spawned, each building its Coder once
from a ``CoderSpec`` when it starts), so a long article, or a degenerate one, holds a worker and never
the server's event loop, its thread pool or the GIL that the reads need. At most ``workers`` articles
are coded at once and ``queue`` more wait; a request beyond that gets ``PoolFull`` (503 with
Retry-After). A request that is not answered within ``timeout`` seconds (plus ``load_timeout`` while
the first worker is still loading its model) gets ``CodingTimeout`` (504), and the worker processes
are stopped and started again, so a stuck article frees its worker.

Tests and embedders that pass a coder object get ``CodingPool.threads``: the same bounds, coded in
threads of this process (a thread cannot be stopped: past the budget the request is answered and the
thread keeps its slot until the article is done).
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import signal
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from ..errors import ModelError
from ..model import Article

# The coder of this worker process, built by _load_worker (process-local; never set in the server).
_WORKER: dict[str, Any] = {}


class PoolFull(Exception):
    """Every coder is busy and the queue is full."""


class CodingTimeout(Exception):
    """The article was not coded within the time budget."""


class CoderUnavailable(Exception):
    """No coder is configured, or it failed to load."""


def _load_worker(spec) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    try:
        _WORKER["coder"] = spec.load()
    except Exception as exc:  # reported by each task instead of breaking the pool
        _WORKER["error"] = f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _code_in_worker(article: Article) -> dict:
    if "coder" not in _WORKER:
        raise ModelError(_WORKER.get("error", "the coder did not load"))
    return _WORKER["coder"].code_one(article).to_dict()


class LazyCoder:
    """A coder built once, on first use, by ``factory`` (thread-safe); ``None`` factory: no coder."""

    def __init__(self, coder=None, factory: Callable[[], object] | None = None):
        self._coder, self._factory = coder, factory
        self._lock = threading.Lock()

    def code(self, article: Article) -> dict:
        with self._lock:
            if self._coder is None:
                if self._factory is None:
                    raise CoderUnavailable("this server has no coder configured")
                self._coder = self._factory()
            return self._coder.code_one(article).to_dict()


class CodingPool:
    def __init__(self, start: Callable[[], Executor], task: Callable[[Article], dict], workers: int = 1,
                 queue: int = 4, timeout: float = 30.0, load_timeout: float = 120.0, killable: bool = False):
        self._start, self._task = start, task
        self.workers, self.queue, self.timeout, self.load_timeout = workers, queue, timeout, load_timeout
        self._killable = killable
        self._executor: Executor | None = None
        self._busy = 0
        self._loaded = False
        self._lock = threading.Lock()
        self.restarts = 0

    @classmethod
    def processes(cls, spec, workers: int = 1, queue: int = 4, timeout: float = 30.0,
                  load_timeout: float = 120.0) -> "CodingPool":
        """Coders in ``workers`` spawned processes, each built from ``spec`` (a picklable recipe with
        ``load()``, e.g. ``parallel.CoderSpec``) when its process starts."""
        ctx = mp.get_context("spawn")
        start = lambda: ProcessPoolExecutor(workers, mp_context=ctx, initializer=_load_worker,  # noqa: E731
                                            initargs=(spec,))
        return cls(start, _code_in_worker, workers, queue, timeout, load_timeout, killable=True)

    @classmethod
    def threads(cls, coder=None, factory: Callable[[], object] | None = None, workers: int = 1,
                queue: int = 4, timeout: float = 30.0, load_timeout: float = 120.0) -> "CodingPool":
        """Coding in threads of this process with one shared coder (built by ``factory`` on first use)."""
        lazy = LazyCoder(coder, factory)
        start = lambda: ThreadPoolExecutor(workers, thread_name_prefix="polevent-code")  # noqa: E731
        return cls(start, lazy.code, workers, queue, timeout, load_timeout)

    @property
    def busy(self) -> int:
        return self._busy

    async def code(self, article: Article) -> dict:
        """The coded article as ``CodedArticle.to_dict()``; raises PoolFull, CodingTimeout,
        CoderUnavailable or the coder's own error."""
        with self._lock:
            if self._busy >= self.workers + self.queue:
                raise PoolFull(f"all {self.workers} coders are busy and {self.queue} articles are waiting")
            if self._executor is None:
                self._executor = self._start()
            executor = self._executor
            future = executor.submit(self._task, article)
            self._busy += 1
            budget = self.timeout + (0 if self._loaded else self.load_timeout)
        future.add_done_callback(self._done)
        try:
            result = await asyncio.wait_for(asyncio.wrap_future(future), budget)
        except asyncio.TimeoutError:
            self._restart(executor)
            raise CodingTimeout(f"coding took longer than {budget:g} s; the article was not coded") from None
        except BrokenProcessPool:
            self._restart(executor)
            raise CoderUnavailable("a coding process stopped; try again") from None
        except ModelError as exc:
            raise CoderUnavailable(str(exc)) from None
        self._loaded = True
        return result

    def _done(self, _future: Future) -> None:
        with self._lock:
            self._busy -= 1

    def _restart(self, executor: Executor) -> None:
        """Stop stuck worker processes (a new pool starts on the next request)."""
        if not self._killable:
            return
        with self._lock:
            if self._executor is not executor:
                return  # another request already restarted it
            self._executor = None
            self._loaded = False
            self.restarts += 1
        processes = list((getattr(executor, "_processes", None) or {}).values())
        for p in processes:
            p.terminate()  # the pool then fails its other futures with BrokenProcessPool (503, retry)
        executor.shutdown(wait=False)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            if self._killable:
                for p in list((getattr(executor, "_processes", None) or {}).values()):
                    p.terminate()
            executor.shutdown(wait=False, cancel_futures=True)
