"""What each web page shows, built from the queries: plain dicts for the templates, charts as SVG."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from ..store.query import EventFilter, search
from . import charts, commitments_view, highlight, queries
from .params import Vocab
from .worldmap import WorldMap

QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TOP_TYPES = 8  # types shown in the overview chart; the rest are "other"
PAGE_SIZE = 50
DYAD_EVENTS = 200


def _pivot(rows: list[dict], length: int, keys: list, labels: dict, css: dict) -> tuple[list[str], list]:
    periods = charts.period_axis(sorted({r["period"] for r in rows}), length)
    index = {p: i for i, p in enumerate(periods)}
    values = {k: [0.0] * len(periods) for k in keys}
    for r in rows:
        k = r["key"] if r["key"] in values else "other"
        values[k][index[r["period"]]] += r["n"]
    return periods, [charts.Series(labels.get(k, str(k)), css[k], values[k]) for k in keys if any(values[k])]


def type_chart(rows: list[dict], length: int):
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["key"]] = totals.get(r["key"], 0) + r["n"]
    keys = sorted(totals, key=lambda k: (-totals[k], k))[:TOP_TYPES]
    keys += ["other"] if len(totals) > TOP_TYPES else []
    css = {k: f"t{i}" for i, k in enumerate(keys)}
    periods, series = _pivot(rows, length, keys, {}, css)
    return charts.stacked_bars("Mentions by PLOVER type", periods, series)


def quad_chart(rows: list[dict], length: int):
    keys = [1, 2, 3, 4]
    periods, series = _pivot(rows, length, keys, QUAD_LABELS, {k: f"q{k}" for k in keys})
    return charts.stacked_bars("Mentions by QuadClass", periods, series)


def overview(con: duckdb.DuckDBPyConnection, flt: EventFilter, length: int) -> dict[str, Any]:
    return {"totals": queries.totals(con),
            "type_chart": type_chart(queries.counts_by_period(con, flt, length, "type"), length),
            "quad_chart": quad_chart(queries.counts_by_period(con, flt, length, "quad_class"), length),
            "dyads": queries.top_dyads(con, flt, limit=15)}


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, length: int) -> dict[str, Any]:
    data = queries.dyad_timeline(con, a, b, length)
    rows = {r["period"]: r for r in data["periods"]}
    periods = charts.period_axis(sorted(rows), length)
    chart = charts.cooperation_conflict(
        f"{a}-{b}: cooperation vs conflict", periods,
        [rows[p]["cooperation"] if p in rows else 0 for p in periods],
        [rows[p]["conflict"] if p in rows else 0 for p in periods],
        [rows[p]["goldstein_mean"] if p in rows else None for p in periods])
    flt = EventFilter(dyad=(a, b))
    _, agreements = queries.agreements(con, (a, b))
    found = commitments_view.load(con, (a, b))
    return {"chart": chart, "timeline": data["periods"], "left_out": data["left_out"],
            "total": queries.count_events(con, flt), "events": search(con, flt, limit=DYAD_EVENTS),
            "agreements": agreements, "commitments_available": found.available, "commitments_reason": found.reason,
            "commitments": [commitments_view.display(i) for i in found.items]}


def event(con: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> dict[str, Any]:
    art = queries.article(con, row["article_id"]) or dict.fromkeys(("date", "title", "url", "source"), None)
    art = {"id": row["article_id"], "text": ""} | art
    return {"event": queries.event_record(row), "article": art, "mentions": queries.mentions(con, row),
            "sentence": highlight.segments(row["sentence"] or "", row["source_text"], row["target_text"],
                                           row["trigger"]),
            "article_text": highlight.in_article(art.get("text") or "", row["start_char"], row["end_char"])}


LATEST_ROWS = 500


def latest(con: duckdb.DuckDBPyConnection, hours: int, now: dt.datetime) -> dict[str, Any]:
    """What was stored in the last ``hours`` hours before ``now`` (naive UTC, as the store keeps it)."""
    since = now - dt.timedelta(hours=hours)
    data = queries.latest(con, since, limit=LATEST_ROWS)
    return data | {"hours": hours, "since": since, "shown": len(data["events"])}


def event_list(con: duckdb.DuckDBPyConnection, flt: EventFilter, page: int) -> dict[str, Any]:
    total = queries.count_events(con, flt)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return {"total": total, "page": page, "pages": pages,
            "events": search(con, flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)}


def event_map(con: duckdb.DuckDBPyConnection, world: WorldMap, flt: EventFilter, zoom: bool) -> dict[str, Any]:
    points = queries.map_points(con, flt)
    unplaced = queries.count_events(con, flt) - sum(p["events"] for p in points)
    return {"svg": world.render(points, zoom=zoom), "points": points, "unplaced": unplaced}


def actor_label(vocab: Vocab, code: str | None) -> str:
    if not code:
        return "?"
    name = vocab.names.get(code)
    return f"{code} ({name})" if name else code
