"""Counts per period for ``polevent query --by day|month|year``: events, mentions, mean Goldstein
and the QuadClass mix, over the events (``event_clusters``) that match a filter.

An event is counted in the period of its date. Events dated more coarsely than the period (a
month-precision event in a ``--by day`` table) cannot be placed and are counted in ``left_out``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from ..errors import UsageError
from .query import EventFilter

PERIODS = {"day": 10, "month": 7, "year": 4}
PLACEABLE = {"day": ("day",), "month": ("day", "month"), "year": ("day", "month", "year")}
QUAD_COLUMNS = ("q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict", "q4_material_conflict")
COLUMNS = ("period", "events", "mentions", "mean_goldstein") + QUAD_COLUMNS


@dataclass
class Aggregate:
    by: str
    rows: list[dict] = field(default_factory=list)
    left_out: int = 0  # events dated more coarsely than ``by``


def aggregate(con: duckdb.DuckDBPyConnection, flt: EventFilter, by: str) -> Aggregate:
    if by not in PERIODS:
        raise UsageError(f"--by {by!r}: expected day, month or year")
    where, args = flt.where()
    ok = PLACEABLE[by]
    placeable = f"date_precision IN ({', '.join('?' * len(ok))})"
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {i}) AS {c}" for i, c in enumerate(QUAD_COLUMNS, 1))
    cur = con.execute(
        f"SELECT substr(date, 1, {PERIODS[by]}) AS period, count(*) AS events, "
        f"CAST(sum(num_mentions) AS INTEGER) AS mentions, round(avg(goldstein), 2) AS mean_goldstein, {quads} "
        f"FROM event_clusters WHERE {where} AND {placeable} GROUP BY period ORDER BY period", args + list(ok))
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    left = con.execute(f"SELECT count(*) FROM event_clusters WHERE {where} AND NOT {placeable}",
                       args + list(ok)).fetchone()[0]
    return Aggregate(by, rows, left)
