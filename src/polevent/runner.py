"""Library entry points behind the CLI: code a stream of inputs, ingest it into a store.

Input problems are reported through a callback (one line each) and the rest is processed.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .errors import InputError
from .io.readers import Item
from .model import Article, CodedArticle
from .pipeline.coder import Coder
from .store.db import Store

Report = Callable[[InputError], None]


def articles_only(items: Iterable[Item], report: Report) -> Iterator[Article]:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            report(item)
        elif item.id not in seen:
            seen.add(item.id)
            yield item


def code_items(items: Iterable[Item], coder: Coder, report: Report) -> Iterator[CodedArticle]:
    yield from coder.code(articles_only(items, report))


@dataclass
class IngestResult:
    read: int = 0
    stored: int = 0
    skipped: int = 0  # already in the store
    events: int = 0


def count_articles(items: Iterable[Item]) -> int:
    """Distinct articles in ``items`` (errors ignored): the total for a progress display."""
    return len({item.id for item in items if isinstance(item, Article)})


def ingest(items: Iterable[Item], coder: Coder, store: Store, report: Report,
           progress: Callable[[IngestResult], None] | None = None, model: str = "",
           batch_size: int = 32, flush_seconds: float = 2.0,
           clock: Callable[[], float] = time.monotonic) -> IngestResult:
    """Code and store every article not stored yet. Coded articles are committed in batches (at
    most ``batch_size`` articles or ``flush_seconds`` of coding, each batch one transaction with
    its records and events), so a killed ingest keeps whole batches and running it again stores
    the rest once. ``progress`` is called after each skipped article and each committed batch."""
    res = IngestResult()
    tick = progress or (lambda _: None)
    pending: list[CodedArticle] = []
    since = clock()

    def fresh() -> Iterator[Article]:
        for a in articles_only(items, report):
            res.read += 1
            if store.has_article(a.id):
                res.skipped += 1
                tick(res)
                continue
            yield a

    def flush() -> None:
        stored = set(store.add_many(pending, model=model))
        res.stored += len(stored)
        res.skipped += len(pending) - len(stored)
        res.events += sum(len(c.events) for c in pending if c.article.id in stored)
        pending.clear()
        tick(res)

    for coded in coder.code(fresh()):
        if not pending:
            since = clock()
        pending.append(coded)
        if len(pending) >= batch_size or clock() - since >= flush_seconds:
            flush()
    if pending:
        flush()
    return res
