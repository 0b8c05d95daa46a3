"""Schema of the DuckDB store, with a version number and ordered migrations.

A migration is (version, list of SQL statements). ``migrate`` applies those above the stored version
inside one transaction, so a store is always at a known version.
"""
from __future__ import annotations

import duckdb

ACTOR_COLS = ["text", "name", "country", "sector", "role", "kind", "code", "id", "reason"]


def _actor_cols(prefix: str) -> str:
    return ", ".join(f"{prefix}_{c} VARCHAR" for c in ACTOR_COLS)


MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
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
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the store to SCHEMA_VERSION; returns the version it is at."""
    have = current_version(con)
    pending = [(v, stmts) for v, stmts in MIGRATIONS if v > have]
    if not pending:
        return have
    con.execute("BEGIN TRANSACTION")
    try:
        for version, stmts in pending:
            for sql in stmts:
                con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
