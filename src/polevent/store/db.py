"""Open a store and write coded articles to it (one writer, one transaction per article)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..model import Actor, CodedArticle, Event, Quantity
from .schema import ACTOR_COLS, SCHEMA_VERSION, migrate

DEFAULT_DB = "polevent.duckdb"


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        if read_only:
            if not Path(path).exists():
                raise StoreError(f"{path}: no such store (run `polevent ingest` first)")
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
            "end_char": ev.end, "trigger": ev.trigger, "rule": e.rule, "confidence": e.confidence}
    return row


def _qid(article_id: str, q: Quantity) -> str:
    key = f"{article_id}|{q.evidence.start}|{q.indicator}|{q.value}|{q.unit}|{q.kind}|{q.period}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _insert(con, table: str, row: dict) -> None:
    cols = list(row)
    con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                f"ON CONFLICT DO NOTHING", [row[c] for c in cols])


class Store:
    """The single writer of a DuckDB store."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = str(path)
        self.con = connect(path)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def add(self, coded: CodedArticle, model: str = "") -> bool:
        """Store an article and its records atomically; False if it was already stored."""
        a = coded.article
        if self.has_article(a.id):
            return False
        self.con.execute("BEGIN TRANSACTION")
        try:
            _insert(self.con, "articles", {"id": a.id, "date": a.date, "title": a.title, "url": a.url,
                                           "source": a.source, "text": a.text,
                                           "content_hash": content_hash(a.text, a.date.isoformat()),
                                           "model": model})
            for e in coded.events:
                _insert(self.con, "events", event_values(e))
            for q in coded.quantities:
                _insert(self.con, "quantities", quantity_values(a.id, a.date, q))
            for g in coded.agreements:
                ev = g.evidence
                key = f"{a.id}|{ev.start}|{g.name}"
                _insert(self.con, "agreements", {
                    "agreement_id": hashlib.sha1(key.encode()).hexdigest()[:16], "article_id": a.id,
                    "name": g.name, "kind": g.kind, "parties": list(g.parties), "signed": g.signed,
                    "period_start": g.period.start if g.period else None,
                    "period_end": g.period.end if g.period else None,
                    "targets": json.dumps([t.to_dict() for t in g.targets]),
                    "sentence": ev.sentence, "sentence_index": ev.sentence_index, "start_char": ev.start,
                    "end_char": ev.end, "trigger": ev.trigger, "rule": g.rule})
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return True

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "quantities", "agreements")}


def quantity_values(article_id: str, article_date, q: Quantity) -> dict:
    ev = q.evidence
    return {"quantity_id": _qid(article_id, q), "article_id": article_id, "article_date": article_date,
            "indicator": q.indicator, "indicator_raw": q.indicator_raw, "parties": list(q.parties),
            "period": q.period, "value": q.value, "unit": q.unit, "qualifier": q.qualifier, "kind": q.kind,
            "change_pct": q.change_pct, "sentence": ev.sentence, "sentence_index": ev.sentence_index,
            "start_char": ev.start, "end_char": ev.end, "trigger": ev.trigger, "rule": q.rule}


__all__ = ["Store", "connect", "DEFAULT_DB", "SCHEMA_VERSION"]
