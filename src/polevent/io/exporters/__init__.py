"""Export a store: GDELT 2.0 event layout, PLOVER JSON Lines, CSV, or partitioned Parquet.

``events`` are the real-world events (``event_clusters``: one row each, with their mention counts);
``mentions`` are the coded records (``events`` rows with their ``cluster_id``). GDELT and PLOVER
describe events; CSV and Parquet can write either.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb

from ...errors import UsageError
from ...store.query import EventFilter
from . import gdelt, plover, tabular

FORMATS = ("gdelt", "plover", "parquet", "csv")
LEVELS = ("events", "mentions")
EVENT_LEVEL_ONLY = ("gdelt", "plover")

_MENTION_LIST = """WITH ml AS (
    SELECT cluster_id, list(struct_pack(event_id := event_id, article_id := article_id, date := date,
        source_country := source_country, target_country := target_country, cameo_code := cameo_code,
        modality := modality, reciprocal := reciprocal, sentence := sentence, sentence_index := sentence_index,
        start_char := start_char, end_char := end_char, trigger := trigger, rule := rule,
        confidence := confidence) ORDER BY article_date, article_id, sentence_index, event_id) AS mentions
    FROM mentions GROUP BY cluster_id)"""


@dataclass(frozen=True)
class Selection:
    sql: str
    args: list


# GDELT's layout has no modality column: tools reading it take every line as a thing that happened,
# so negated and hypothetical events ("could invade", "did not attack") are left out of it.
# Events of non-political articles and background (stored with --all-events) are left out too.
NOT_ASSERTED = ("(modality IN ('negated', 'hypothetical', 'background') OR cluster_id IN "
                "(SELECT cluster_id FROM mentions WHERE relevance <> 'political' OR is_background))")


def selection(what: str, flt: EventFilter, with_mentions: bool = False, asserted_only: bool = False) -> Selection:
    """The SQL for the rows to export, filtered like ``polevent query`` and in a stable order."""
    where, args = flt.where()
    if asserted_only:
        where = f"{where} AND NOT coalesce({NOT_ASSERTED}, false)"
    if what == "mentions":
        return Selection(f"SELECT * FROM mentions WHERE {where} "
                         f"ORDER BY date, article_id, sentence_index, event_id", args)
    if with_mentions:  # PLOVER: events of a PLOVER type only (CAMEO 01 and 02 have none)
        return Selection(f"{_MENTION_LIST} SELECT c.*, ml.mentions FROM event_clusters c "
                         f"LEFT JOIN ml ON ml.cluster_id = c.cluster_id WHERE {where} AND c.plover_type IS NOT NULL "
                         f"ORDER BY c.date, c.cluster_id", args)
    return Selection(f"SELECT * FROM event_clusters WHERE {where} ORDER BY date, cluster_id", args)


def _rows(cur: duckdb.DuckDBPyConnection, batch: int = 1000):
    cols = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(batch):
        for r in chunk:
            yield dict(zip(cols, r))


def left_out(con: duckdb.DuckDBPyConnection, fmt: str, flt: EventFilter = EventFilter()) -> int:
    """Matching events a format cannot hold: PLOVER has no type for CAMEO 01 and 02 (statements, appeals);
    GDELT has no modality, so negated and hypothetical events are left out of it."""
    where, args = flt.where()
    if fmt == "gdelt":
        return con.execute(f"SELECT count(*) FROM event_clusters WHERE {where} AND {NOT_ASSERTED}",
                           args).fetchone()[0]
    if fmt != "plover":
        return 0
    return con.execute(f"SELECT count(*) FROM event_clusters WHERE {where} AND plover_type IS NULL",
                       args).fetchone()[0]


def check(fmt: str, what: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if what not in LEVELS:
        raise UsageError(f"--what {what!r}: expected events or mentions")
    if fmt in EVENT_LEVEL_ONLY and what != "events":
        raise UsageError(f"--format {fmt} writes events; use csv or parquet for mentions")


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str, what: str = "events",
           flt: EventFilter = EventFilter(), force: bool = False, stdout: IO[str] | None = None) -> int:
    """Write the selected rows to ``out`` (a file, ``-`` for ``stdout``, or a folder for parquet);
    returns the number of rows. Files are written to a temporary name and renamed when complete."""
    check(fmt, what)
    sel = selection(what, flt, with_mentions=(fmt == "plover"), asserted_only=(fmt == "gdelt"))
    if fmt == "parquet":
        return _parquet(con, sel, out, force)
    if out == "-":
        return _write_stream(con, fmt, sel, stdout or sys.stdout)
    target = Path(out)
    if target.is_dir():
        raise UsageError(f"--out {out}: is a folder; {fmt} writes one file")
    if not target.parent.is_dir():
        raise UsageError(f"--out {out}: folder {target.parent} does not exist")
    part = target.with_name(f".{target.name}.part")
    try:
        with open(part, "w", encoding="utf-8", newline="") as fh:
            n = _write_stream(con, fmt, sel, fh)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return n


def _write_stream(con, fmt: str, sel: Selection, fh: IO[str]) -> int:
    cur = con.execute(sel.sql, sel.args)
    if fmt == "csv":
        return tabular.write_csv(cur, fh)
    if fmt == "gdelt":
        return gdelt.write(_rows(cur), fh)
    return plover.write(_rows(cur), fh)


def _parquet(con, sel: Selection, out: str, force: bool) -> int:
    if out == "-":
        raise UsageError("--format parquet writes a folder: give --out a path")
    target = Path(out)
    if not target.parent.is_dir():
        raise UsageError(f"--out {out}: folder {target.parent} does not exist")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError(f"--out {out}: folder is not empty (use --force to replace it)")
    tmp = target.with_name(f".{target.name}.part")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        n = tabular.write_parquet(con, sel.sql, sel.args, str(tmp))
        tmp.mkdir(parents=True, exist_ok=True)  # no rows: DuckDB writes nothing
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return n
