"""Library entry points behind the CLI: code a stream of inputs, ingest it into a store.

Input problems are reported through a callback (one line each) and the rest is processed: a bad
record (reader), an article that raises while it is coded (coder, ``on_error``) or stored
(``Store.add_many``, ``on_error``) costs that article only.
"""
from __future__ import annotations

import contextlib
import gc
import time
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol

from .errors import InputError
from .guard import OnError, reporting, where_of
from .io.readers import Item
from .model import Article, CodedArticle

if TYPE_CHECKING:
    from .pipeline.coder import Coder
    from .store.db import Store

Report = Callable[[InputError], None]


class ArticleCoder(Protocol):
    """What ingest needs of a coder: articles in, coded articles out, lazily and in input order; an
    article that raises goes to ``on_error`` and is skipped (raised without ``on_error``)."""

    def code(self, articles: Iterable[Article], on_error: OnError | None = None) -> Iterator[CodedArticle]: ...


def articles_only(items: Iterable[Item], report: Report) -> Iterator[Article]:
    """The articles of ``items``, each id once; errors (and warnings) go to ``report``. A repeated
    id with the same date and text is dropped quietly; with a different date or text it is
    reported (the first record read with that id is kept)."""
    seen: dict[str, tuple[str, str]] = {}  # id -> (content id, where it was first read)
    for item in items:
        if isinstance(item, InputError):
            report(item)
            continue
        content = Article.content_id(item.date, item.text)
        first = seen.get(item.id)
        if first is None:
            seen[item.id] = (content, where_of(item))
            yield item
        elif first[0] != content:
            report(InputError(where_of(item), f"id {item.id!r} was already read with a different date or text "
                                              f"(at {first[1]}); the first one is kept"))


def code_items(items: Iterable[Item], coder: "Coder", report: Report) -> Iterator[CodedArticle]:
    yield from coder.code(articles_only(items, report), on_error=reporting(report))


@dataclass
class IngestResult:
    read: int = 0
    stored: int = 0
    skipped: int = 0  # already in the store
    events: int = 0  # mentions stored (distinct event ids, as in the store)


def count_articles(items: Iterable[Item]) -> int:
    """Distinct articles in ``items`` (errors ignored): the total for a progress display."""
    return len({item.id for item in items if isinstance(item, Article)})


def ingest(items: Iterable[Item], coder: ArticleCoder, store: Store, report: Report,
           progress: Callable[[IngestResult], None] | None = None, model: str = "",
           batch_size: int = 32, flush_seconds: float = 2.0,
           clock: Callable[[], float] = time.monotonic) -> IngestResult:
    """Code and store every article not stored yet. Coded articles are committed in batches (at
    most ``batch_size`` articles or ``flush_seconds`` of coding, each batch one transaction with
    its records and events), so a killed ingest keeps whole batches and running it again stores
    the rest once. ``progress`` is called after each skipped article and each committed batch.
    ``coder`` is a Coder or anything with its ``code`` method (e.g. parallel.ProcessCoder)."""
    res = IngestResult()
    for _ in ingest_steps(items, coder, store, report, res, on_skip=progress, model=model,
                          batch_size=batch_size, flush_seconds=flush_seconds, clock=clock):
        if progress:
            progress(res)
    return res


def ingest_steps(items: Iterable[Item], coder: ArticleCoder, store: Store, report: Report, res: IngestResult,
                 on_skip: Callable[[IngestResult], None] | None = None, model: str = "", batch_size: int = 32,
                 flush_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic) -> Iterator[int]:
    """``ingest`` one committed batch at a time, counting into ``res``: yields the number of
    articles each batch stored or found stored, so a caller can pause between batches."""
    pending: list[CodedArticle] = []
    report_store_error = reporting(report, "store")
    unstored: list[str] = []

    def on_store_error(article: Article, exc: BaseException) -> None:
        unstored.append(article.id)
        report_store_error(article, exc)
    fresh = new_articles(articles_only(items, report), store, res, on_skip, lookup=batch_size)

    def flush() -> int:
        unstored.clear()
        stored = set(store.add_many(pending, model=model, on_error=on_store_error))
        res.stored += len(stored)
        res.skipped += len(pending) - len(stored) - len(unstored)
        res.events += len({e.event_id for c in pending if c.article.id in stored for e in c.events})
        n = len(pending)
        pending.clear()
        return n

    since = clock()
    for coded in coder.code(fresh, on_error=reporting(report)):
        if not pending:
            since = clock()
        pending.append(coded)
        if len(pending) >= batch_size or clock() - since >= flush_seconds:
            yield flush()
    if pending:
        yield flush()


def new_articles(articles: Iterable[Article], store: Store, res: IngestResult,
                 on_skip: Callable[[IngestResult], None] | None = None, lookup: int = 32) -> Iterator[Article]:
    """The articles not in ``store`` yet, looked up ``lookup`` at a time (DuckDB pays per query);
    counts ``read`` and ``skipped`` into ``res`` and calls ``on_skip`` after each skipped one."""
    for chunk in chunks(articles, lookup):
        stored = store.stored_ids([a.id for a in chunk])
        for a in chunk:
            res.read += 1
            if a.id in stored:
                res.skipped += 1
                if on_skip:
                    on_skip(res)
            else:
                yield a


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@contextlib.contextmanager
def gc_frozen() -> Iterator[None]:
    """Keep what is loaded now (model, data: a few hundred thousand objects that live as long as
    the process) out of the cyclic garbage collector's passes while the block runs: its full
    collections then cost milliseconds instead of about a tenth of a second. Behaviour is
    unchanged; on exit the objects are handed back to the collector."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
