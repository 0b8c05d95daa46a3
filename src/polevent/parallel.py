"""Code articles in worker processes (``polevent ingest --workers N``).

Each worker process builds its Coder once (``CoderSpec.load``: the spaCy pipeline and polevent's
data) and then codes the chunks of articles the parent sends it. Coded articles come back to the
parent in input order, so the parent stays the store's single writer and the records are the same
as with one process (a chunk is one ``nlp.pipe`` batch, as in one process). At most ``window``
chunks are in flight: memory does not grow with the input. Workers are started with ``spawn``, so
they inherit nothing of the parent (no open store, no threads), and ignore Ctrl-C: the parent
stops them.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import queue
import signal
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Protocol

from .errors import WorkerError
from .guard import OnError, failure
from .model import Article, CodedArticle
from .runner import chunks

if TYPE_CHECKING:
    from .pipeline.coder import Coder

_READY, _DONE = -1, -2  # sequence numbers of a worker's "model loaded" and "stopping" messages


class Spec(Protocol):
    """A picklable recipe for a coder, built once in each worker process."""

    def load(self) -> Any: ...


@dataclass(frozen=True)
class CoderSpec:
    """How to build polevent's Coder in another process: the coding options of the commands."""

    model: str | None = None
    actor_files: tuple[str, ...] = ()
    classifier: bool = False
    evidence: bool | None = None  # None: polevent's default (evidence.ON_BY_DEFAULT)
    batch_size: int = 32
    # which events the coder yields (see selection.py): every event unless the command has the
    # --all-events / --min-confidence options (code, ingest), whose default is the reportable view
    all_events: bool = True
    min_confidence: float = 0.0
    time_budget: float | None = None  # seconds per article (see pipeline/parse.py)

    @classmethod
    def from_args(cls, args) -> "CoderSpec":
        has_selection = hasattr(args, "all_events")
        return cls(model=args.model, actor_files=tuple(str(Path(p).resolve()) for p in args.actors or ()),
                   classifier=bool(getattr(args, "classifier", False)),
                   all_events=bool(args.all_events) if has_selection else True,
                   min_confidence=float(getattr(args, "min_confidence", None) or 0.0),
                   evidence=getattr(args, "evidence_model", None),
                   time_budget=getattr(args, "time_budget", None) or None)  # 0: no limit


    def load(self) -> "Coder":
        from . import nlp as nlp_mod
        from .pipeline.coder import Coder
        from .resources import Resources

        from .selection import Selection

        resources = Resources.load(actor_files=[Path(p) for p in self.actor_files], classifier=self.classifier)
        return Coder(nlp_mod.load(self.model), resources, batch_size=self.batch_size,
                     selection=Selection(all_events=self.all_events, min_confidence=self.min_confidence),
                     time_budget=self.time_budget)


def model_name(coder: Any) -> str:
    """The pipeline name stored with each article ("" for a coder without a spaCy pipeline)."""
    nlp = getattr(coder, "nlp", None)
    if nlp is None:
        return ""
    from .nlp import model_name as name

    return name(nlp)


def portable(exc: BaseException, where: str) -> BaseException:
    """``exc`` as it can travel to another process, with the worker's traceback as a note."""
    exc.add_note(f"in {where}:\n{''.join(traceback.format_exception(exc))}")
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return WorkerError(f"{where}: {exc.__class__.__name__}: {exc}")


def _serve(spec: Spec, tasks, results) -> None:
    """A worker process: load the coder once, then code chunks until the parent sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    where = f"coding worker {os.getpid()}"
    try:
        coder = spec.load()
        gc.collect()
        gc.freeze()  # the loaded model and data live as long as the worker (see runner.gc_frozen)
        results.put((_READY, model_name(coder)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        results.put((_READY, portable(exc, where)))
        return
    for seq, articles in iter(tasks.get, None):
        failed: list[tuple[Article, BaseException]] = []  # articles skipped, each with its one-line error
        try:
            coded = list(coder.code(articles, on_error=lambda a, exc: failed.append((a, failure(a, exc)))))
            results.put((seq, (coded, failed)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
            results.put((seq, portable(exc, where)))
    results.put((_DONE, peak_rss_mb()))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, it does not count the
    parent's memory that a spawned process briefly shares between fork and exec)."""
    with open("/proc/self/status") as fh:
        line = next((ln for ln in fh if ln.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024


class ProcessCoder:
    """Codes articles with ``workers`` processes; ``code`` behaves like ``Coder.code`` (lazy, in
    input order). Use as a context manager, or call ``start`` and ``close``."""

    def __init__(self, spec: Spec, workers: int = 2, chunk_size: int | None = None, window: int | None = None,
                 poll_seconds: float = 0.5):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.spec, self.workers = spec, workers
        self.chunk_size = chunk_size or getattr(spec, "batch_size", 32)
        self.window = window or 2 * workers
        self.poll_seconds = poll_seconds
        self.model_name = ""
        self.worker_peak_rss_mb: list[float] = []  # filled when the workers stop after their work
        self._ctx = mp.get_context("spawn")
        self._procs: list = []

    @property
    def running(self) -> bool:
        return bool(self._procs)

    def __enter__(self) -> "ProcessCoder":
        return self.start()

    def __exit__(self, exc_type, *_) -> None:
        self.close(force=exc_type is not None)

    def start(self) -> "ProcessCoder":
        """Start the workers and wait until each has loaded its coder (raises what a worker raised)."""
        if self._procs:
            return self
        self._tasks, self._results = self._ctx.Queue(), self._ctx.Queue()
        self._procs = [self._ctx.Process(target=_serve, args=(self.spec, self._tasks, self._results),
                                         name=f"polevent-coder-{i + 1}", daemon=True) for i in range(self.workers)]
        for p in self._procs:
            p.start()
        for _ in self._procs:
            _, payload = self._receive()
            self.model_name = payload
        return self

    def code(self, articles: Iterable[Article], on_error: OnError | None = None) -> Iterator[CodedArticle]:
        """Coded articles in input order; an article a worker could not code goes to
        ``on_error(article, error)`` (raised without ``on_error``), the others are coded."""
        self.start()
        finished = False
        try:
            for coded, failed in self._ordered(chunks(articles, self.chunk_size)):
                for article, err in failed:
                    if on_error is None:
                        raise err
                    on_error(article, err)
                yield from coded
            finished = True
        finally:
            if not finished:  # an error, or the caller stopped early: results in flight are stale
                self.close(force=True)

    def _ordered(self, todo: Iterator[list[Article]]) -> Iterator[tuple[list[CodedArticle], list]]:
        """Each chunk's (coded articles, [(article, error) skipped]), in input order."""
        done: dict[int, tuple[list[CodedArticle], list]] = {}
        sent = out = 0
        more = True
        while True:
            while more and sent - out < self.window:
                chunk = next(todo, None)
                if chunk is None:
                    more = False
                else:
                    self._tasks.put((sent, chunk))
                    sent += 1
            if out == sent:
                return
            while out not in done:
                seq, payload = self._receive()
                done[seq] = payload
            yield done.pop(out)
            out += 1

    def _receive(self) -> tuple[int, Any]:
        """The next message from a worker; raises a worker's error, or if a worker died."""
        while True:
            try:
                seq, payload = self._results.get(timeout=self.poll_seconds)
            except queue.Empty:
                dead = next((p for p in self._procs if not p.is_alive()), None)
                if dead is not None:
                    msg = (f"{dead.name} (pid {dead.pid}) stopped unexpectedly with exit code {dead.exitcode}; "
                           "stored batches are kept, run the same ingest again to store the rest")
                    self.close(force=True)
                    raise WorkerError(msg) from None
                continue
            if isinstance(payload, BaseException):
                self.close(force=True)
                raise payload
            return seq, payload

    def _farewells(self, n: int, timeout: float = 10.0) -> list[float]:
        """The peak RSS each stopping worker reports (as many as arrive within ``timeout``)."""
        out: list[float] = []
        while len(out) < n:
            try:
                seq, payload = self._results.get(timeout=timeout)
            except queue.Empty:
                break
            if seq == _DONE:
                out.append(payload)
        return out

    def close(self, force: bool = False) -> None:
        """Stop the workers: politely (they finish their chunk), or at once with ``force``."""
        procs, self._procs = self._procs, []
        if not procs:
            return
        if not force:
            for _ in procs:
                self._tasks.put(None)
            self.worker_peak_rss_mb = self._farewells(len(procs))
        for p in procs:
            if not force:
                p.join(timeout=10)
            if p.is_alive():
                p.terminate()
            p.join()
        for q in (self._tasks, self._results):
            q.cancel_join_thread()
            q.close()
