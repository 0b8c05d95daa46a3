"""Schema of the DuckDB store, with a version number and ordered migrations.

A migration is (version, steps); a step is an SQL statement or a function of the connection (for
data that SQL alone cannot compute, such as the event clusters of version 2). ``migrate`` applies
the steps above the stored version inside one transaction, so a store is always at a known version.

Versions
- 1: ``articles``, ``events`` (one row per coded record: a *mention*), ``quantities``, ``agreements``.
- 4: ``watch_sources``, ``watch_items`` (what ``polevent watch`` has read).
- 3: ``events`` gains ``relevance``, ``relevance_reason``, ``is_background``, ``background_reason``,
  ``target_reason`` (issue 11; older rows read as political, not background).
- 2: ``event_clusters`` (one row per real-world event: the mentions that report it, merged by the
  rule in ``store/dedup.py``), ``cluster_members`` (mention -> event) and the view ``mentions``
  (``events`` with its ``cluster_id``). Existing mentions are clustered during the migration.
- 3: ``watch_sources`` (one row per source ``polevent watch`` follows: its kind, what it has read so
  far as JSON (a file's byte offset, a folder's file fingerprints, a feed's ETag), when it was last
  checked and its last error) and ``watch_items`` (each feed item seen: source, item key, the article
  it became, when), so a restarted watch codes nothing twice. See ``polevent/watch/state.py``.
"""
from __future__ import annotations

from typing import Callable, Union

import duckdb

ACTOR_COLS = ["text", "name", "country", "sector", "role", "kind", "code", "id", "reason"]

Step = Union[str, Callable[[duckdb.DuckDBPyConnection], object]]


def _actor_cols(prefix: str) -> str:
    return ", ".join(f"{prefix}_{c} VARCHAR" for c in ACTOR_COLS)


def _cluster_all(con: duckdb.DuckDBPyConnection) -> None:
    from .clusters import rebuild  # clusters needs the tables created by the steps before this one

    rebuild(con)


V1: list[Step] = [
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, date DATE NOT NULL, title VARCHAR, url VARCHAR, source VARCHAR,
        text VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, model VARCHAR,
        ingested_at TIMESTAMP DEFAULT current_timestamp)""",
    f"""CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, date VARCHAR NOT NULL,
        date_precision VARCHAR NOT NULL, article_date DATE NOT NULL,
        {_actor_cols('source')}, {_actor_cols('target')},
        cameo_code VARCHAR NOT NULL, cameo_root VARCHAR NOT NULL, cameo_name VARCHAR,
        goldstein DOUBLE, quad_class INTEGER, plover_type VARCHAR, plover_mode VARCHAR,
        plover_context VARCHAR[], modality VARCHAR, reciprocal BOOLEAN,
        location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR, lat DOUBLE, lon DOUBLE,
        geonameid BIGINT, location_reason VARCHAR,
        sentence VARCHAR, sentence_index INTEGER, start_char INTEGER, end_char INTEGER, trigger VARCHAR,
        rule VARCHAR, confidence DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS quantities (
        quantity_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, article_date DATE NOT NULL,
        indicator VARCHAR, indicator_raw VARCHAR, parties VARCHAR[], period VARCHAR, value DOUBLE,
        unit VARCHAR, qualifier VARCHAR, kind VARCHAR, change_pct DOUBLE,
        sentence VARCHAR, sentence_index INTEGER, start_char INTEGER, end_char INTEGER, trigger VARCHAR,
        rule VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS agreements (
        agreement_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, name VARCHAR, kind VARCHAR,
        parties VARCHAR[], signed VARCHAR, period_start VARCHAR, period_end VARCHAR, targets JSON,
        sentence VARCHAR, sentence_index INTEGER, start_char INTEGER, end_char INTEGER, trigger VARCHAR,
        rule VARCHAR)""",
]

# Derived tables: rewritten block by block by store/clusters.py inside each article's transaction,
# so they carry no key constraints of their own (uniqueness is tested, see tests/store).
V2: list[Step] = [
    f"""CREATE TABLE IF NOT EXISTS event_clusters (
        cluster_id VARCHAR NOT NULL, block VARCHAR NOT NULL, date VARCHAR NOT NULL,
        date_precision VARCHAR NOT NULL, {_actor_cols('source')}, {_actor_cols('target')},
        reciprocal BOOLEAN, cameo_code VARCHAR NOT NULL, cameo_root VARCHAR NOT NULL, cameo_name VARCHAR,
        goldstein DOUBLE, quad_class INTEGER, plover_type VARCHAR, plover_mode VARCHAR,
        plover_context VARCHAR[], modality VARCHAR,
        location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR, lat DOUBLE, lon DOUBLE,
        geonameid BIGINT, location_reason VARCHAR,
        num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL, num_sources INTEGER NOT NULL,
        num_records INTEGER NOT NULL, first_seen DATE NOT NULL, last_seen DATE NOT NULL,
        first_article_id VARCHAR NOT NULL, source_url VARCHAR, is_root BOOLEAN,
        date_added TIMESTAMP, confidence DOUBLE, representative_event_id VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS cluster_members (
        event_id VARCHAR NOT NULL, cluster_id VARCHAR NOT NULL, block VARCHAR NOT NULL,
        lo INTEGER NOT NULL, hi INTEGER NOT NULL)""",  # lo, hi: the mention's date span (day ordinals)
    """CREATE OR REPLACE VIEW mentions AS
        SELECT e.*, m.cluster_id FROM events e LEFT JOIN cluster_members m ON m.event_id = e.event_id""",
    _cluster_all,
]

# Version 3: why an event may not be wanted (issue 11): article relevance, background, target reason.
V3: list[Step] = [
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS relevance VARCHAR DEFAULT 'political'",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS relevance_reason VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS is_background BOOLEAN DEFAULT false",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS background_reason VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS target_reason VARCHAR",
]

# What `polevent watch` has read (watch/state.py); written after the articles it led to are committed.
V4: list[Step] = [
    """CREATE TABLE IF NOT EXISTS watch_sources (
        source VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, state JSON, checked_at TIMESTAMP, error VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS watch_items (
        source VARCHAR NOT NULL, item_key VARCHAR NOT NULL, article_id VARCHAR, seen_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, item_key))""",
]

MIGRATIONS: list[tuple[int, list[Step]]] = [(1, V1), (2, V2), (3, V3), (4, V4)]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def stored_version(con: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version without writing anything (0 for an empty database)."""
    has_table = con.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = 'schema_version'").fetchone()[0]
    if not has_table:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    return stored_version(con)


def migrate(con: duckdb.DuckDBPyConnection, target: int = SCHEMA_VERSION) -> int:
    """Bring the store to ``target`` (default: the latest version); returns the version it is at."""
    have = current_version(con)
    pending = [(v, steps) for v, steps in MIGRATIONS if have < v <= target]
    if not pending:
        return have
    con.execute("BEGIN TRANSACTION")
    try:
        for version, steps in pending:
            for step in steps:
                if callable(step):
                    step(con)
                else:
                    con.execute(step)
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return pending[-1][0]
