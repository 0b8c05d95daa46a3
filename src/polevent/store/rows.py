"""Bulk inserts: one multi-row INSERT per table and chunk (DuckDB pays per statement, not per row)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb

CHUNK = 200


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, cols: Sequence[str], rows: Sequence[Mapping],
                ignore_conflicts: bool = False) -> None:
    """Insert ``rows`` (mappings with every column of ``cols``) into ``table``."""
    one = f"({', '.join('?' * len(cols))})"
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i:i + CHUNK]
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES {', '.join([one] * len(chunk))}{tail}",
                    [r[c] for r in chunk for c in cols])
