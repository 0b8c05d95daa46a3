"""What the routes get injected: settings, a read-only store connection per request, checked filters, the
coder (loaded on first use), and the app's loaded data (vocabularies, world outline, templates).

Everything lives on ``app.state`` of one app instance (built by ``create_app``); nothing is global.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import duckdb
from fastapi import Query, Request

from ..model import Article, CodedArticle
from ..store.db import connect
from ..store.query import EventFilter
from . import params

MAX_LIMIT = 500  # most events one API page returns
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Settings:
    db: Path
    max_body_bytes: int = 200_000  # request bodies above this get 413
    max_text_chars: int = 100_000  # POST /api/code: longest article text


class CoderUnavailable(Exception):
    """No coder is configured, or it failed to load."""


class CoderProvider:
    """Builds the coder once, on the first request that needs it, and codes one article at a time."""

    def __init__(self, coder=None, factory: Callable[[], object] | None = None):
        self._coder, self._factory = coder, factory
        self._lock = threading.Lock()

    def code(self, article: Article) -> CodedArticle:
        with self._lock:
            if self._coder is None:
                if self._factory is None:
                    raise CoderUnavailable("this server has no coder configured")
                self._coder = self._factory()
            return self._coder.code_one(article)


def settings(request: Request) -> Settings:
    return request.app.state.settings


def vocab(request: Request) -> params.Vocab:
    return request.app.state.vocab


def store(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for this request, closed after it (so `polevent ingest` can write between
    requests, and each request sees the latest data)."""
    con = connect(request.app.state.settings.db, read_only=True)
    try:
        yield con
    finally:
        con.close()


def event_filter(request: Request,
                 dyad: str | None = Query(None, description="two actors, either direction, e.g. KAZ-TJK"),
                 actor: str | None = Query(None, description="source or target country or actor code, e.g. KAZ"),
                 type: str | None = Query(None, description="PLOVER type, e.g. AGREE"),
                 cameo: str | None = Query(None, description="CAMEO code or prefix, e.g. 057 or 19"),
                 since: str | None = Query(None, description="first date, YYYY-MM-DD"),
                 until: str | None = Query(None, description="last date, YYYY-MM-DD")) -> EventFilter:
    return params.event_filter(vocab(request), dyad, actor, type, cameo, since, until)
