"""Open a store and write coded articles to it (one writer, one transaction per batch of articles).

A batch of articles, their mentions (``events`` rows), quantities, agreements and the events
(clusters) their mentions join are written in one transaction: a crash mid-ingest leaves whole
batches or nothing of them, and the next ingest stores what is missing, once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

import duckdb

from ..errors import StoreError
from ..model import Actor, Agreement, Article, CodedArticle, Event, Quantity
from . import clusters, lock
from .rows import insert_rows
from .schema import ACTOR_COLS, SCHEMA_VERSION, migrate, stored_version

DEFAULT_DB = "polevent.duckdb"


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False,
            wait: float = 10.0) -> duckdb.DuckDBPyConnection:
    """Open a store. Read-write opens migrate it; a read-only open of a store written by an older
    polevent first upgrades it (one short read-write open), then opens it read-only. A read-only open
    of a store that a writer has open waits for it up to ``wait`` seconds, announced to the writer
    (``store.lock``: a sharing ``polevent ingest`` lets go between two batches)."""
    if not read_only or wait <= 0:
        return _connect(path, read_only)
    waiting = lock.ReadWaiting(path)
    outcome: list = []  # the connection, or the last lock error

    def attempt() -> bool:
        try:
            outcome[:] = [_connect(path, True)]
            return True
        except StoreError as exc:
            if exc.__cause__ is None or not lock.is_lock_conflict(exc.__cause__):
                raise
            waiting.on()
            outcome[:] = [exc]
            return False

    try:
        if not lock.wait_for(attempt, wait):
            raise outcome[0]
    finally:
        waiting.off()
    return outcome[0]


def _connect(path: str | Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        if read_only:
            if not Path(path).exists():
                raise StoreError(f"{path}: no such store (run `polevent ingest` first)")
            con = duckdb.connect(str(path), read_only=True)
            if stored_version(con) >= SCHEMA_VERSION:
                return con
            con.close()
            writer = duckdb.connect(str(path))
            migrate(writer)
            writer.close()
            return duckdb.connect(str(path), read_only=True)
        con = duckdb.connect(str(path))
        migrate(con)
        return con
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open store ({str(exc).splitlines()[0]})") from exc


def content_hash(text: str, date: str) -> str:
    return hashlib.sha256(f"{date}\n{text}".encode("utf-8")).hexdigest()


def _actor(prefix: str, a: Actor | None) -> dict:
    return {f"{prefix}_{c}": (getattr(a, c) if a is not None else None) for c in ACTOR_COLS}


def event_values(e: Event) -> dict:
    loc, ev = e.location, e.evidence
    row = {"event_id": e.event_id, "article_id": e.article_id, "date": e.date,
           "date_precision": e.date_precision, "article_date": e.article_date}
    row |= _actor("source", e.source) | _actor("target", e.target)
    row |= {"cameo_code": e.cameo.code, "cameo_root": e.cameo.root, "cameo_name": e.cameo.name,
            "goldstein": e.cameo.goldstein, "quad_class": e.cameo.quad_class, "plover_type": e.plover.type,
            "plover_mode": e.plover.mode, "plover_context": list(e.plover.context), "modality": e.modality,
            "reciprocal": e.reciprocal,
            "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
            "location_admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
            "lon": loc.lon if loc else None, "geonameid": loc.geonameid if loc else None,
            "location_reason": loc.reason if loc else None,
            "sentence": ev.sentence, "sentence_index": ev.sentence_index, "start_char": ev.start,
            "end_char": ev.end, "trigger": ev.trigger, "rule": e.rule, "confidence": e.confidence,
            "relevance": e.relevance, "relevance_reason": e.relevance_reason, "is_background": e.is_background,
            "background_reason": e.background_reason, "target_reason": e.target_reason}
    return row


def _qid(article_id: str, q: Quantity) -> str:
    key = f"{article_id}|{q.evidence.start}|{q.indicator}|{q.value}|{q.unit}|{q.kind}|{q.period}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _insert(con, table: str, key: str, rows: list[dict]) -> None:
    """Insert new rows (their ids contain their article's id, so only a batch can repeat one)."""
    unique = list({r[key]: r for r in reversed(rows)}.values())[::-1]  # first of each id, in order
    if unique:
        insert_rows(con, table, list(unique[0]), unique)


def agreement_values(article_id: str, g: Agreement) -> dict:
    ev = g.evidence
    key = f"{article_id}|{ev.start}|{g.name}"
    return {"agreement_id": hashlib.sha1(key.encode()).hexdigest()[:16], "article_id": article_id,
            "name": g.name, "kind": g.kind, "parties": list(g.parties), "signed": g.signed,
            "period_start": g.period.start if g.period else None,
            "period_end": g.period.end if g.period else None,
            "targets": json.dumps([t.to_dict() for t in g.targets]),
            "sentence": ev.sentence, "sentence_index": ev.sentence_index, "start_char": ev.start,
            "end_char": ev.end, "trigger": ev.trigger, "rule": g.rule}


TABLE_KEYS = (("articles", "id"), ("events", "event_id"), ("quantities", "quantity_id"),
              ("agreements", "agreement_id"))


def article_values(a: Article, model: str, ingested_at: dt.datetime | None) -> dict:
    return {"id": a.id, "date": a.date, "title": a.title, "url": a.url, "source": a.source, "text": a.text,
            "content_hash": content_hash(a.text, a.date.isoformat()), "model": model, "ingested_at": ingested_at}


def table_rows(batch: Sequence[CodedArticle], model: str, ingested_at: dt.datetime | None) -> dict[str, list[dict]]:
    """The rows of each record table (``TABLE_KEYS``) for coded articles; ``ingested_at`` is UTC."""
    rows: dict[str, list[dict]] = {"articles": [], "events": [], "quantities": [], "agreements": []}
    for c in batch:
        a = c.article
        rows["articles"].append(article_values(a, model, ingested_at))
        rows["events"] += [event_values(e) for e in c.events]
        rows["quantities"] += [quantity_values(a.id, a.date, q) for q in c.quantities]
        rows["agreements"] += [agreement_values(a.id, g) for g in c.agreements]
    return rows


def insert_tables(con: duckdb.DuckDBPyConnection, rows: dict[str, list[dict]]) -> None:
    """Insert ``table_rows`` output (the caller holds the transaction)."""
    for table, key in TABLE_KEYS:
        _insert(con, table, key, rows[table])


class Store:
    """The single writer of a DuckDB store.

    By default the store file stays open (and locked) until ``close``. With ``lock_timeout`` (what
    ``polevent ingest`` does) the Store shares the file with readers such as ``polevent serve``
    (``store.lock``): it takes the store's writer lock (waiting at most ``lock_timeout`` seconds for
    another writer); it keeps the file open, announced, while no reader waits for it, and when one
    does it closes it between two operations (a lookup, a batch commit; a watcher thread does it while
    the ingest is busy coding), opening it again, announced, for the next one. That open retries for
    up to ``lock_timeout`` seconds while a reader still has the file.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, lock_timeout: float | None = None):
        self.path = str(path)
        self.lock_timeout = lock_timeout
        self._writer: lock.WriterLock | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._window = None
        self._mutex = threading.RLock()  # the connection: sessions vs the watcher
        self._depth = 0  # sessions in progress
        self._pinned = False  # handed out through ``con``: kept open until ``release``
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        if lock_timeout is not None:
            self._writer = lock.WriterLock(path)
            self._writer.acquire(lock_timeout)
        try:
            self._open()
        except BaseException:
            self.close()
            raise
        if self._writer is not None:
            self._watcher = threading.Thread(target=self._watch, name="polevent-store-watch", daemon=True)
            self._watcher.start()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection, kept open (even for waiting readers) until ``release`` or ``close``."""
        with self._mutex:
            self._pinned = True
            return self._con if self._con is not None else self._open()

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self._writer is None:
            self._con = connect(self.path)
            return self._con
        self._window = lock.write_window(self.path)
        self._window.__enter__()
        failure: list[StoreError] = []

        def attempt() -> bool:
            try:
                self._con = connect(self.path)
                return True
            except StoreError as exc:
                if not lock.is_lock_conflict(exc.__cause__ or exc):
                    raise
                failure[:] = [exc]
                return False

        try:
            if not lock.wait_for(attempt, self.lock_timeout or 0.0):
                raise StoreError(f"{self.path}: the store stays locked by another process (a reader that "
                                 f"does not let go, or a writer other than polevent ingest); gave up after "
                                 f"{self.lock_timeout:g} s (--lock-timeout)") from failure[0]
        except BaseException:
            self._end_window()
            raise
        return self._con

    def _end_window(self) -> None:
        if self._window is not None:
            window, self._window = self._window, None
            window.__exit__(None, None, None)

    def release(self) -> None:
        """Close the store file until the next read or write (only when sharing it with readers)."""
        with self._mutex:
            self._pinned = False
            if self._writer is not None and self._depth == 0:
                self._let_go()

    def _let_go(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            try:
                con.close()
            finally:
                self._end_window()

    def _watch(self) -> None:
        """While the ingest codes (no session): close the file when a reader waits for it."""
        while not self._stop.wait(lock.POLL):
            if self._con is not None and lock.read_waiting(self.path):
                with self._mutex:
                    if self._depth == 0 and not self._pinned:
                        self._let_go()

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection for one operation (reopened if a waiting reader had it closed)."""
        with self._mutex:
            if (self._writer is not None and self._depth == 0 and not self._pinned and self._con is not None
                    and lock.read_waiting(self.path)):
                self._let_go()  # a reader's turn; the open below waits for it
            con = self._con if self._con is not None else self._open()
            self._depth += 1
            try:
                yield con
            finally:
                self._depth -= 1

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(5)
        with self._mutex:
            if self._con is not None:
                con, self._con = self._con, None
                con.close()
            self._end_window()
            if self._writer is not None:
                self._writer.release()
                self._writer = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has_article(self, article_id: str) -> bool:
        with self._session() as con:
            return con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """The ids among ``ids`` already stored (one query)."""
        if not ids:
            return set()
        with self._session() as con:
            return {r[0] for r in con.execute(
                f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(ids))})", list(ids)).fetchall()}

    def add(self, coded: CodedArticle, model: str = "") -> bool:
        """Store an article and its records atomically; False if it was already stored."""
        return bool(self.add_many([coded], model))

    def add_many(self, batch: Sequence[CodedArticle], model: str = "",
                 on_error: Callable[[Article, BaseException], None] | None = None) -> list[str]:
        """Store the articles of ``batch`` not stored yet, with their records and the events their
        mentions join, in one transaction (all or nothing); returns the ids of the new articles.
        With ``on_error``, a batch that fails is written again one article per transaction, so an
        article whose rows cannot be written costs only itself (passed to ``on_error``)."""
        ids = list({c.article.id for c in batch})
        if not ids:
            return []
        with self._session() as con:
            have = self.stored_ids(ids)
            fresh = list({c.article.id: c for c in reversed(batch) if c.article.id not in have}.values())[::-1]
            if not fresh:
                return []
            try:
                self._transaction(fresh, model)
            except Exception as exc:
                if on_error is None:
                    raise
                batch_error = exc
            else:
                return [c.article.id for c in fresh]
            stored, failed = [], []
            for c in fresh:
                try:
                    self._transaction([c], model)
                except Exception as exc:  # noqa: BLE001 - this article only
                    failed.append((c.article, exc))
                else:
                    stored.append(c.article.id)
            if len(failed) > 1 and not stored:  # every article fails: the store, not the articles
                msg = str(batch_error).splitlines()[0] if str(batch_error) else batch_error.__class__.__name__
                raise StoreError(f"{self.path}: cannot write to the store ({msg})") from batch_error
            for article, exc in failed:
                on_error(article, exc)
            return stored

    def _transaction(self, fresh: list[CodedArticle], model: str) -> None:
        self._con.execute("BEGIN TRANSACTION")
        try:
            self._write(fresh, model)
            self._con.execute("COMMIT")
        except Exception:
            self._con.execute("ROLLBACK")
            raise

    def _write(self, fresh: list[CodedArticle], model: str) -> None:
        rows = table_rows(fresh, model, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        insert_tables(self._con, rows)
        if rows["events"]:
            clusters.refresh_articles(self._con, [c.article.id for c in fresh], rows["events"])

    def counts(self) -> dict[str, int]:
        """Rows per table; ``events`` counts mentions, ``event_clusters`` real-world events."""
        with self._session() as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "events", "quantities", "agreements", "event_clusters")}

    def rebuild_events(self) -> int:
        """Recompute every event (cluster) from the stored mentions; idempotent."""
        return self._in_transaction(clusters.rebuild)

    def repair_events(self) -> int:
        """Cluster any mention that has no event (e.g. rows written around the Store)."""
        return self._in_transaction(clusters.repair)

    def _in_transaction(self, fn) -> int:
        with self._session() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                n = fn(con)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return n


def quantity_values(article_id: str, article_date, q: Quantity) -> dict:
    ev = q.evidence
    return {"quantity_id": _qid(article_id, q), "article_id": article_id, "article_date": article_date,
            "indicator": q.indicator, "indicator_raw": q.indicator_raw, "parties": list(q.parties),
            "period": q.period, "value": q.value, "unit": q.unit, "qualifier": q.qualifier, "kind": q.kind,
            "change_pct": q.change_pct, "sentence": ev.sentence, "sentence_index": ev.sentence_index,
            "start_char": ev.start, "end_char": ev.end, "trigger": ev.trigger, "rule": q.rule}


__all__ = ["Store", "connect", "DEFAULT_DB", "SCHEMA_VERSION"]
