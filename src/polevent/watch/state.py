"""What ``polevent watch`` has read, kept in the store (tables ``watch_sources`` and ``watch_items``,
schema version 3) so a restarted watch resumes where it stopped.

Order makes it safe: a source's state and its item keys are written after the articles they led to
are committed. A watch killed in between reads those items again, and the store, whose article ids
are content hashes or item-key hashes, skips them: nothing is lost and nothing is stored twice.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Sequence

import duckdb


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class WatchState:
    """Reads and writes the watch tables over an open read-write connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def load(self, source: str) -> dict:
        """The state saved for ``source`` (empty for a source never read)."""
        row = self.con.execute("SELECT state FROM watch_sources WHERE source = ?", [source]).fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def save(self, source: str, kind: str, state: dict | None, error: str | None = None) -> None:
        """Record a check of ``source``; ``state`` None keeps the saved one (a failed check)."""
        if state is None:
            state = self.load(source)
        self.con.execute("INSERT OR REPLACE INTO watch_sources VALUES (?, ?, ?, ?, ?)",
                         [source, kind, json.dumps(state, sort_keys=True), _now(), error])

    def seen(self, source: str, keys: Sequence[str]) -> set[str]:
        """The item keys among ``keys`` already read from ``source``."""
        if not keys:
            return set()
        found = self.con.execute("SELECT item_key FROM watch_items WHERE source = ? AND list_contains(?, item_key)",
                                 [source, list(keys)]).fetchall()
        return {r[0] for r in found}

    def mark(self, source: str, items: Iterable[tuple[str, str | None]]) -> None:
        """Remember items (key, article id or None for a rejected item) as read from ``source``."""
        rows = [[source, key, article_id, _now()] for key, article_id in items]
        if rows:
            self.con.executemany("INSERT OR REPLACE INTO watch_items VALUES (?, ?, ?, ?)", rows)

    def sources(self) -> list[dict]:
        """Every source checked so far: kind, last check, last error (for reports)."""
        cur = self.con.execute("SELECT source, kind, checked_at, error FROM watch_sources ORDER BY source")
        return [dict(zip(("source", "kind", "checked_at", "error"), r)) for r in cur.fetchall()]
