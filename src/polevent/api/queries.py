"""Read-only queries the API and the pages need, over the store's tables (articles, events, agreements).

Each function takes an open read-only DuckDB connection and returns plain dicts and lists. Filters come
from ``polevent.store.query.EventFilter`` (its ``where()``), so the API and ``polevent query`` agree.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from ..store.query import EventFilter
from ..store.schema import ACTOR_COLS

COOPERATION = (1, 2)  # QuadClass: verbal and material cooperation
CONFLICT = (3, 4)  # QuadClass: verbal and material conflict
GROUP_COLUMNS = {"type": "coalesce(plover_type, '(none)')", "quad_class": "quad_class"}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, args: list | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, args or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table; ``mentions`` counts coded records (the ``events`` table), ``events`` the
    real-world events they were merged into (``event_clusters``), as ``polevent ingest`` reports them."""
    out = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "quantities", "agreements")}
    out["mentions"] = con.execute("SELECT count(*) FROM events").fetchone()[0]
    out["events"] = (con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
                     if _has_table(con, "event_clusters") else out["mentions"])
    return out


def last_ingest(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When the latest article was stored (UTC), or None for an empty store."""
    return con.execute("SELECT max(ingested_at) FROM articles").fetchone()[0]


def latest(con: duckdb.DuckDBPyConnection, since: dt.datetime, limit: int = 500) -> dict[str, Any]:
    """Mentions of the articles stored since ``since`` (UTC), newest article first, each with its
    article's title, url and outlet; ``articles`` counts those articles (with or without events)."""
    articles = con.execute("SELECT count(*) FROM articles WHERE ingested_at >= ?", [since]).fetchone()[0]
    total = con.execute("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                        "WHERE a.ingested_at >= ?", [since]).fetchone()[0]
    sql = ("SELECT e.event_id, e.date, e.source_country, e.source_name, e.cameo_code, e.cameo_name, "
           "e.target_country, e.target_name, e.plover_type, e.modality, e.quad_class, e.location_name, e.trigger, "
           "e.article_id, a.title, a.url, a.source AS outlet, a.ingested_at FROM events e "
           "JOIN articles a ON a.id = e.article_id WHERE a.ingested_at >= ? "
           f"ORDER BY a.ingested_at DESC, e.article_id, e.sentence_index, e.event_id LIMIT {int(limit)}")
    return {"articles": articles, "total": total, "events": _rows(con, sql, [since])}


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    where, args = flt.where()
    return con.execute(f"SELECT count(*) FROM events WHERE {where}", args).fetchone()[0]


def event_row(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    rows = _rows(con, "SELECT * FROM events WHERE event_id = ?", [event_id])
    return rows[0] if rows else None


def _actor(row: dict, prefix: str) -> dict | None:
    actor = {c: row.get(f"{prefix}_{c}") for c in ACTOR_COLS}
    return actor if any(v is not None for v in actor.values()) else None


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row in the nested Event shape of the contract (README "Output fields")."""
    location = None
    if row.get("location_name") is not None:
        location = {"name": row["location_name"], "country": row["location_country"],
                    "admin1": row["location_admin1"], "lat": row["lat"], "lon": row["lon"],
                    "geonameid": row["geonameid"], "reason": row["location_reason"]}
    return {
        "event_id": row["event_id"], "article_id": row["article_id"], "date": row["date"],
        "date_precision": row["date_precision"], "article_date": row["article_date"],
        "source": _actor(row, "source"), "target": _actor(row, "target"),
        "cameo": {"code": row["cameo_code"], "root": row["cameo_root"], "name": row["cameo_name"],
                  "goldstein": row["goldstein"], "quad_class": row["quad_class"]},
        "plover": {"type": row["plover_type"], "mode": row["plover_mode"],
                   "context": list(row["plover_context"] or [])},
        "modality": row["modality"], "reciprocal": row["reciprocal"], "location": location,
        "evidence": {"sentence": row["sentence"], "sentence_index": row["sentence_index"],
                     "start": row["start_char"], "end": row["end_char"], "trigger": row["trigger"]},
        "rule": row["rule"], "confidence": row["confidence"],
    }


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return con.execute(sql, [name]).fetchone()[0] > 0


def mentions(con: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The mentions of the real-world event this stored row belongs to: every row merged with it in
    ``cluster_members`` when the store has that table (schema version 2), else the row itself."""
    cols = ("m.event_id, m.article_id, a.date AS article_date, a.title, a.url, a.source, m.sentence, "
            "m.sentence_index, m.start_char, m.end_char, m.trigger")
    if _has_table(con, "cluster_members"):
        sql = (f"SELECT {cols} FROM cluster_members c0 JOIN cluster_members c ON c.cluster_id = c0.cluster_id "
               f"JOIN events m ON m.event_id = c.event_id LEFT JOIN articles a ON a.id = m.article_id "
               f"WHERE c0.event_id = ? ORDER BY a.date, m.article_id, m.sentence_index, m.event_id")
        found = _rows(con, sql, [row["event_id"]])
        if found:
            return found
    sql = f"SELECT {cols} FROM events m LEFT JOIN articles a ON a.id = m.article_id WHERE m.event_id = ?"
    return _rows(con, sql, [row["event_id"]])


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    rows = _rows(con, "SELECT id, date, title, url, source, text FROM articles WHERE id = ?", [article_id])
    return rows[0] if rows else None


def counts_by_period(con: duckdb.DuckDBPyConnection, flt: EventFilter, length: int,
                     group: str) -> list[dict[str, Any]]:
    """Event counts per (period, group) where group is 'type' or 'quad_class'; periods are date prefixes
    of ``length`` characters, so events dated more coarsely than the period are left out."""
    where, args = flt.where()
    col = GROUP_COLUMNS[group]
    sql = (f"SELECT substr(date, 1, {int(length)}) AS period, {col} AS key, count(*) AS n FROM events "
           f"WHERE {where} AND length(date) >= {int(length)} GROUP BY 1, 2 ORDER BY 1, 2")
    return _rows(con, sql, args)


def top_dyads(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int = 10) -> list[dict[str, Any]]:
    """Most active country pairs (either direction), with the cooperation/conflict mix and mean Goldstein."""
    where, args = flt.where()
    sql = (f"SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b, "
           f"count(*) AS events, count(*) FILTER (WHERE quad_class IN {COOPERATION}) AS cooperation, "
           f"count(*) FILTER (WHERE quad_class IN {CONFLICT}) AS conflict, "
           f"round(avg(goldstein), 2) AS goldstein_mean FROM events WHERE {where} "
           f"AND source_country IS NOT NULL AND target_country IS NOT NULL "
           f"AND source_country <> target_country GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT {int(limit)}")
    return _rows(con, sql, args)


def dyad_timeline(con: duckdb.DuckDBPyConnection, a: str, b: str, length: int) -> dict[str, Any]:
    """Per period for the pair (either direction): event count, cooperation vs conflict, the QuadClass mix
    and the Goldstein mean and total; ``left_out`` counts events dated more coarsely than the period."""
    where, args = EventFilter(dyad=(a, b)).where()
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS quad_{q}" for q in (1, 2, 3, 4))
    sql = (f"SELECT substr(date, 1, {int(length)}) AS period, count(*) AS events, "
           f"count(*) FILTER (WHERE quad_class IN {COOPERATION}) AS cooperation, "
           f"count(*) FILTER (WHERE quad_class IN {CONFLICT}) AS conflict, {quads}, "
           f"round(avg(goldstein), 2) AS goldstein_mean, round(sum(goldstein), 2) AS goldstein_total "
           f"FROM events WHERE {where} AND length(date) >= {int(length)} GROUP BY 1 ORDER BY 1")
    periods = _rows(con, sql, args)
    left_out = con.execute(f"SELECT count(*) FROM events WHERE {where} AND length(date) < {int(length)}",
                           args).fetchone()[0]
    return {"periods": periods, "left_out": left_out}


def actors(con: duckdb.DuckDBPyConnection, limit: int, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Countries (or organisation codes) seen as source or target, with counts and the actor codes used."""
    sides = ("SELECT source_country AS country, source_code AS code, 'source' AS side FROM events "
             "WHERE source_country IS NOT NULL UNION ALL "
             "SELECT target_country, target_code, 'target' FROM events WHERE target_country IS NOT NULL")
    total = con.execute(f"SELECT count(DISTINCT country) FROM ({sides})").fetchone()[0]
    sql = (f"SELECT country, count(*) FILTER (WHERE side = 'source') AS as_source, "
           f"count(*) FILTER (WHERE side = 'target') AS as_target, count(*) AS mentions, "
           f"list_sort(list(DISTINCT code) FILTER (WHERE code IS NOT NULL)) AS codes "
           f"FROM ({sides}) GROUP BY country ORDER BY mentions DESC, country LIMIT {int(limit)} OFFSET {int(offset)}")
    return total, _rows(con, sql)


def agreements(con: duckdb.DuckDBPyConnection, parties: tuple[str, ...] = (), limit: int = 100,
               offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Agreements whose parties include all of ``parties``, with their targets and evidence."""
    where, args = ("list_has_all(g.parties, ?)", [list(parties)]) if parties else ("1=1", [])
    total = con.execute(f"SELECT count(*) FROM agreements g WHERE {where}", args).fetchone()[0]
    sql = (f"SELECT g.*, a.date AS article_date, a.title AS article_title FROM agreements g "
           f"LEFT JOIN articles a ON a.id = g.article_id WHERE {where} "
           f"ORDER BY g.signed NULLS LAST, g.name LIMIT {int(limit)} OFFSET {int(offset)}")
    return total, [_agreement(r) for r in _rows(con, sql, args)]


def _agreement(row: dict[str, Any]) -> dict[str, Any]:
    return {"agreement_id": row["agreement_id"], "name": row["name"], "kind": row["kind"],
            "parties": list(row["parties"] or []), "signed": row["signed"],
            "period": {"start": row["period_start"], "end": row["period_end"]},
            "targets": json.loads(row["targets"]) if row["targets"] else [],
            "article_id": row["article_id"], "article_date": row["article_date"],
            "article_title": row["article_title"], "rule": row["rule"],
            "evidence": {"sentence": row["sentence"], "sentence_index": row["sentence_index"],
                         "start": row["start_char"], "end": row["end_char"], "trigger": row["trigger"]}}


def map_points(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int = 500) -> list[dict[str, Any]]:
    """Event locations with coordinates, one point per place, with counts and a few event ids."""
    where, args = flt.where()
    sql = (f"SELECT location_name AS name, location_country AS country, lat, lon, count(*) AS events, "
           f"min(date) AS first, max(date) AS last, "
           f"list(event_id ORDER BY date, event_id)[1:5] AS event_ids, "
           f"list_sort(list(DISTINCT plover_type) FILTER (WHERE plover_type IS NOT NULL)) AS types "
           f"FROM events WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL "
           f"GROUP BY location_name, location_country, lat, lon ORDER BY events DESC, name LIMIT {int(limit)}")
    return _rows(con, sql, args)
