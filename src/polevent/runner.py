"""Library entry points behind the CLI: code a stream of inputs, ingest it into a store.

Input problems are reported through a callback (one line each) and the rest is processed.
"""
from __future__ import annotations

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


def ingest(items: Iterable[Item], coder: Coder, store: Store, report: Report,
           progress: Callable[[IngestResult], None] | None = None, model: str = "") -> IngestResult:
    res = IngestResult()

    def fresh() -> Iterator[Article]:
        for a in articles_only(items, report):
            res.read += 1
            if store.has_article(a.id):
                res.skipped += 1
                continue
            yield a

    for coded in coder.code(fresh()):
        if store.add(coded, model=model):
            res.stored += 1
            res.events += len(coded.events)
        else:
            res.skipped += 1
        if progress:
            progress(res)
    return res
