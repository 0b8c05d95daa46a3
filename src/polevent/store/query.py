"""Search stored events with the filters of ``polevent query``.

``search`` returns mentions (``events`` rows, one per coded record); ``search_events`` returns the
real-world events they were merged into (``event_clusters``). Both take the same ``EventFilter``,
whose columns exist in both tables.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from ..errors import UsageError

OUTPUT_COLUMNS = ("event_id", "article_id", "date", "date_precision", "source_country", "source_name",
                  "source_sector", "cameo_code", "cameo_name", "plover_type", "target_country", "target_name",
                  "target_sector", "modality", "goldstein", "quad_class", "location_name", "lat", "lon",
                  "confidence", "reciprocal", "trigger", "sentence", "start_char", "end_char", "rule")


@dataclass(frozen=True)
class EventFilter:
    dyad: tuple[str, str] | None = None
    actor: str | None = None
    type: str | None = None
    cameo: str | None = None
    since: str | None = None
    until: str | None = None

    @classmethod
    def parse(cls, dyad=None, actor=None, type=None, cameo=None, since=None, until=None) -> "EventFilter":
        d = None
        if dyad:
            parts = dyad.upper().split("-")
            if len(parts) != 2 or not all(parts):
                raise UsageError(f"--dyad {dyad!r}: expected two actor codes like KAZ-TJK")
            d = (parts[0], parts[1])
        for name, val in (("--since", since), ("--until", until)):
            if val:
                try:
                    dt.date.fromisoformat(val)
                except ValueError:
                    raise UsageError(f"{name} {val!r}: expected a date YYYY-MM-DD") from None
        if cameo and not cameo.isdigit():
            raise UsageError(f"--cameo {cameo!r}: expected a CAMEO code such as 057 or 19")
        return cls(d, actor.upper() if actor else None, type.upper() if type else None, cameo, since, until)

    def where(self) -> tuple[str, list]:
        sql, args = ["1=1"], []
        if self.dyad:
            a, b = self.dyad
            sql.append("((source_country = ? AND target_country = ?) OR (source_country = ? AND target_country = ?))")
            args += [a, b, b, a]
        if self.actor:
            sql.append("(source_country = ? OR target_country = ? OR source_code = ? OR target_code = ?)")
            args += [self.actor] * 4
        if self.type:
            sql.append("plover_type = ?")
            args.append(self.type)
        if self.cameo:
            sql.append("starts_with(cameo_code, ?)")
            args.append(self.cameo)
        if self.since:
            sql.append("substr(date, 1, 10) >= ?")
            args.append(self.since)
        if self.until:
            sql.append("substr(date, 1, 10) <= ?")
            args.append(self.until)
        return " AND ".join(sql), args


def search(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None = None,
           offset: int = 0) -> list[dict]:
    where, args = flt.where()
    sql = (f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM events WHERE {where} "
           f"ORDER BY date, article_id, sentence_index, event_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    cur = con.execute(sql, args)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


EVENT_COLUMNS = ("cluster_id", "date", "date_precision", "source_country", "source_name", "cameo_code",
                 "cameo_name", "plover_type", "target_country", "target_name", "reciprocal", "modality",
                 "goldstein", "quad_class", "location_name", "lat", "lon", "num_mentions", "num_articles",
                 "num_sources", "first_seen", "last_seen", "source_url")


def search_events(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None = None,
                  offset: int = 0) -> list[dict]:
    """Real-world events (``event_clusters``: mentions merged, see store/dedup.py) matching ``flt``."""
    where, args = flt.where()
    sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM event_clusters WHERE {where} ORDER BY date, cluster_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    cur = con.execute(sql, args)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]
