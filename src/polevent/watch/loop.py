"""One watch cycle: read every source, code and store what is new, save what was read, raise alerts.

The store is opened only for short moments (to look up, to commit a batch, to save a source's state)
and closed while coding, fetching and sleeping, so ``polevent serve`` can read it between them. The
articles of a batch are committed first and the source's state after (see state.py), so a killed
watch loses nothing and stores nothing twice.
"""
from __future__ import annotations

import contextlib
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import InputError, SourceError, StoreError
from ..model import CodedArticle
from ..runner import ArticleCoder, IngestResult, ingest
from ..store.db import Store
from .sources import Keyed, Source
from .state import WatchState

LOCK_WAIT = 30.0  # seconds to wait for a reader (polevent serve) to let go of the store


@contextlib.contextmanager
def open_store(db: str | Path, wait: float = LOCK_WAIT, sleep: Callable[[float], None] = time.sleep
               ) -> Iterator[Store]:
    """The store, read-write; while another process holds it (a dashboard request), retry for ``wait`` s."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            store = Store(db)
            break
        except StoreError as err:
            if "lock" not in str(err).lower() or time.monotonic() >= deadline:
                raise
            sleep(delay)
            delay = min(delay * 2, 1.0)
    try:
        yield store
    finally:
        store.close()


class LazyCoder:
    """A coder loaded on first use: a cycle with nothing new (a cron run every 15 minutes) never loads
    the model. ``model`` names the pipeline once it is loaded."""

    def __init__(self, load: Callable[[], ArticleCoder], name: Callable[[ArticleCoder], str]):
        self._load, self._name, self._coder = load, name, None

    @property
    def loaded(self) -> bool:
        return self._coder is not None

    def get(self) -> ArticleCoder:
        if self._coder is None:
            self._coder = self._load()
        return self._coder

    def model(self) -> str:
        return self._name(self.get())

    def code(self, articles: Iterable, on_error=None) -> Iterator[CodedArticle]:
        it = iter(articles)
        first = next(it, None)
        if first is None:
            return
        yield from self.get().code(itertools.chain([first], it), on_error=on_error)


class BriefStore:
    """What ``runner.ingest`` needs of a store, each call opening it briefly; tells ``on_stored`` which
    coded articles a batch newly stored. ``model`` is asked when a batch is written (after coding)."""

    def __init__(self, db: str | Path, on_stored: Callable[[list[CodedArticle]], None],
                 model: Callable[[], str] = lambda: ""):
        self.db, self.on_stored, self.model = db, on_stored, model

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        with open_store(self.db) as s:
            return s.stored_ids(ids)

    def add_many(self, batch: Sequence[CodedArticle], model: str = "", on_error=None) -> list[str]:
        model = model or self.model()
        with open_store(self.db) as s:
            ids = s.add_many(batch, model=model, on_error=on_error)
        fresh = set(ids)
        self.on_stored([c for c in batch if c.article.id in fresh])
        return ids


@dataclass
class SourceResult:
    name: str
    error: str | None = None
    ingest: IngestResult = field(default_factory=IngestResult)
    rejected: int = 0


@dataclass
class CycleResult:
    sources: list[SourceResult] = field(default_factory=list)

    def total(self, attr: str) -> int:
        return sum(getattr(s.ingest, attr) for s in self.sources)

    @property
    def failed(self) -> int:
        return sum(1 for s in self.sources if s.error)

    @property
    def rejected(self) -> int:
        return sum(s.rejected for s in self.sources)


class Watcher:
    """Follows ``sources`` into the store ``db``. ``report_item`` gets each rejected item, ``report_source``
    each source that could not be read, ``on_stored`` the coded articles of each committed batch."""

    def __init__(self, db: str | Path, sources: Sequence[Source], coder: ArticleCoder,
                 model: str | Callable[[], str] = "",
                 report_item: Callable[[InputError], None] = lambda e: None,
                 report_source: Callable[[SourceError], None] = lambda e: None,
                 on_stored: Callable[[list[CodedArticle]], None] = lambda b: None, batch_size: int = 32):
        self.db, self.sources, self.coder, self.model = db, list(sources), coder, model
        self.report_item, self.report_source, self.on_stored = report_item, report_source, on_stored
        self.batch_size = batch_size

    def cycle(self) -> CycleResult:
        return CycleResult([self.follow(source) for source in self.sources])

    def follow(self, source: Source) -> SourceResult:
        res = SourceResult(source.name)
        with open_store(self.db) as s:
            state = WatchState(s.con).load(source.name)
        try:
            reading = source.read(state)
        except SourceError as err:
            res.error = str(err)
            self.report_source(err)
            with open_store(self.db) as s:
                WatchState(s.con).save(source.name, source.kind, None, error=str(err))
            return res
        keys: list[tuple[str, str | None]] = []
        items = self._unseen(source, reading.items, keys)

        def report(err: InputError) -> None:
            res.rejected += 1
            self.report_item(err)

        model = self.model if callable(self.model) else (lambda: self.model)
        try:
            res.ingest = ingest(items, self.coder, BriefStore(self.db, self.on_stored, model), report,
                                batch_size=self.batch_size)
        except (SourceError, OSError) as exc:  # e.g. a folder that became unreadable while being read
            err = exc if isinstance(exc, SourceError) else SourceError(f"{source.name}: cannot read ({exc})")
            res.error = str(err)
            self.report_source(err)
            return res  # its state is not saved: read again next cycle (the store skips what it has)
        with open_store(self.db) as s:  # after the articles: a kill before this reads them again
            ws = WatchState(s.con)
            ws.mark(source.name, keys)
            ws.save(source.name, source.kind, reading.state())
        return res

    def _unseen(self, source: Source, items: Iterable[Keyed], keys: list) -> Iterator:
        """The items whose feed key was not read before (all items without a key); records the keys."""
        items = list(items) if source.kind == "feed" else items
        seen: set[str] = set()
        if source.kind == "feed":
            with open_store(self.db) as s:
                seen = WatchState(s.con).seen(source.name, [k for k, _ in items if k])
        for key, item in items:
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
                keys.append((key, item.id if not isinstance(item, InputError) else None))
            yield item
