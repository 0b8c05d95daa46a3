"""What the routes get injected: settings, a read-only cursor per request (on the app's StoreReader),
checked filters, and the app's loaded data (vocabularies, world outline, templates, the coding pool).

Everything lives on ``app.state`` of one app instance (built by ``create_app``); nothing is global.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb
from fastapi import Query, Request

from ..store.query import EventFilter
from . import params

MAX_LIMIT = 500  # most events one API page returns
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000_000  # largest offset a list accepts (DuckDB takes 64-bit integers; 422 beyond)
MAX_PAGE = 10_000_000  # largest page number of the web lists


@dataclass(frozen=True)
class Settings:
    db: Path
    max_body_bytes: int = 200_000  # request bodies above this get 413
    max_text_chars: int = 100_000  # POST /api/code: longest article text
    code_workers: int = 1  # POST /api/code: articles coded at once (worker processes in the server)
    code_queue: int = 4  # POST /api/code: articles waiting beyond those; more get 503 with Retry-After
    code_timeout: float = 30.0  # POST /api/code: seconds per request (plus the model load on the first)
    read_wait: float = 10.0  # seconds a read waits for a writer's batch commit before a 503


def settings(request: Request) -> Settings:
    return request.app.state.settings


def vocab(request: Request) -> params.Vocab:
    return request.app.state.vocab


def store(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only cursor for this request on the app's shared connection (``reader.StoreReader``: it
    steps aside while `polevent ingest` commits a batch, then sees the new data)."""
    with request.app.state.reader.lease() as (cur, generation):
        request.state.store_generation = generation
        yield cur


def cached(request: Request, key: Any, build: Callable[[], Any]) -> Any:
    """``build()`` kept by the app's reader until the store changes (``reader.StoreReader.cached``);
    for a route that has the ``store`` dependency. Callers must not change the result."""
    return request.app.state.reader.cached(request.state.store_generation, key, build)


def event_filter(request: Request,
                 dyad: str | None = Query(None, description="two actors, either direction, e.g. KAZ-TJK"),
                 actor: str | None = Query(None, description="source or target country or actor code, e.g. KAZ"),
                 type: str | None = Query(None, description="PLOVER type, e.g. AGREE"),
                 cameo: str | None = Query(None, description="CAMEO code or prefix, e.g. 057 or 19"),
                 since: str | None = Query(None, description="first date, YYYY-MM-DD"),
                 until: str | None = Query(None, description="last date, YYYY-MM-DD")) -> EventFilter:
    return params.event_filter(vocab(request), dyad, actor, type, cameo, since, until)
