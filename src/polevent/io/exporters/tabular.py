"""CSV (one header row, lists joined with "|") and Parquet (DuckDB COPY, hive-partitioned by the
year and month of the event date: ``year=2023/month=5/data_0.parquet``; month is null, written
``month=__HIVE_DEFAULT_PARTITION__``, for events dated to a year only)."""
from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from typing import IO

import duckdb

PARTITION_COLUMNS = ("CAST(substr(date, 1, 4) AS INTEGER) AS year, "
                     "CASE WHEN length(date) >= 7 THEN CAST(substr(date, 6, 2) AS INTEGER) END AS month")


def _cell(v) -> object:
    if isinstance(v, (list, tuple)):
        return "|".join(str(x) for x in v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return "" if v is None else v


def write_csv(cur: duckdb.DuckDBPyConnection, out: IO[str], batch: int = 2000) -> int:
    cols = [d[0] for d in cur.description]
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    n = 0
    while rows := cur.fetchmany(batch):
        w.writerows([_cell(v) for v in r] for r in rows)
        n += len(rows)
    return n


def write_parquet(con: duckdb.DuckDBPyConnection, sql: str, args: Sequence, folder: str) -> int:
    """COPY the rows of ``sql`` into ``folder`` (which must not exist); returns the row count."""
    path = folder.replace("'", "''")
    written = con.execute(f"COPY (SELECT *, {PARTITION_COLUMNS} FROM ({sql})) TO '{path}' "
                          f"(FORMAT PARQUET, PARTITION_BY (year, month))", list(args)).fetchone()
    return int(written[0])
