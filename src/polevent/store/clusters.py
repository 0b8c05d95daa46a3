"""Keep ``event_clusters`` and ``cluster_members`` in step with ``events`` (the rule: store/dedup.py).

Clusters are recomputed where new mentions fall: in each block they touch (a block: one event
family and one pair of actors), the run of dates around them (``dedup.segments``; ``cluster_members``
keeps each mention's date span for this). The rule is local to such runs, so the result is the
same as clustering everything at once, whether the mentions arrived in one ingest or many, in
any order. ``Store.add_many`` calls ``refresh_articles`` inside the batch's transaction:
articles, their mentions and the events they belong to commit together or not at all.
``rebuild`` recomputes everything (idempotent); ``repair`` recomputes the runs of any mention
that has no event (none, unless rows were written around the Store).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence

import duckdb

from .dedup import PRECISION_RANK, Mention, cluster_block, segments
from .rows import CHUNK, insert_rows
from .schema import ACTOR_COLS

_MENTIONS = ("SELECT e.*, a.source AS article_source, a.url AS article_url, a.ingested_at AS article_ingested_at, "
             "m.cluster_id AS stored_cluster_id FROM events e JOIN articles a ON a.id = e.article_id "
             "LEFT JOIN cluster_members m ON m.event_id = e.event_id")
_ACTOR = [f"{p}_{c}" for p in ("source", "target") for c in ACTOR_COLS]
_CODE = ["cameo_code", "cameo_root", "cameo_name", "goldstein", "quad_class", "plover_type", "plover_mode",
         "plover_context", "modality"]
_PLACE = ["location_name", "location_country", "location_admin1", "lat", "lon", "geonameid", "location_reason"]
CLUSTER_COLUMNS = (["cluster_id", "block", "date", "date_precision"] + _ACTOR + ["reciprocal"] + _CODE + _PLACE
                   + ["num_mentions", "num_articles", "num_sources", "num_records", "first_seen", "last_seen",
                      "first_article_id", "source_url", "is_root", "date_added", "confidence",
                      "representative_event_id"])


def fetch(con: duckdb.DuckDBPyConnection, where: str = "1=1", args: Sequence = ()) -> list[Mention]:
    cur = con.execute(f"{_MENTIONS} WHERE {where}", list(args))
    cols = [d[0] for d in cur.description]
    return [Mention.from_row(dict(zip(cols, r))) for r in cur.fetchall()]


def cluster_id(anchor: Mention) -> str:
    return "E" + hashlib.sha1(anchor.event_id.encode("utf-8")).hexdigest()[:16]


def _modal(values: Iterable, order: Sequence) -> object:
    """Most frequent value; ties go to the one seen first in ``order``."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in order if counts[v] == best)


def _place_rank(m: Mention) -> int:
    return 1 if m.place.country_level else 0


def _where(members: list[Mention]) -> Mention | None:
    """The mention whose place the event gets: the most specific kind (city over country), then
    the most frequent place of that kind, then the first in sort order."""
    placed = [m for m in members if m.place is not None]
    if not placed:
        return None
    best = min(_place_rank(m) for m in placed)
    placed = [m for m in placed if _place_rank(m) == best]
    keys = [m.place.geonameid or m.place.name for m in placed]
    top = _modal(keys, keys)
    return next(m for m, k in zip(placed, keys) if k == top)


def summarize(members: list[Mention]) -> dict:
    """The ``event_clusters`` row of one event; ``members`` in dedup sort order."""
    codes = [m.row["cameo_code"] for m in members]
    rep = next(m for m in members if m.row["cameo_code"] == _modal(codes, codes))
    finest = min(PRECISION_RANK.get(m.precision, 3) for m in members)
    dated = [m for m in members if PRECISION_RANK.get(m.precision, 3) == finest]
    dates = [str(m.row["date"]) for m in dated]
    date = _modal(dates, sorted(dates))
    where = _where(members)
    first = min(members, key=lambda m: (m.article_date, m.article_id))
    added = [m.row.get("article_ingested_at") for m in members if m.row.get("article_ingested_at")]
    row = {c: rep.row.get(c) for c in _ACTOR + _CODE}
    row |= {c: (where.row.get(c) if where else None) for c in _PLACE}
    row |= {
        "cluster_id": cluster_id(members[0]), "block": members[0].block, "date": date,
        "date_precision": dated[0].precision,
        "reciprocal": any(m.reciprocal for m in members) or
        len({(m.source, m.target) for m in members}) > 1,
        "num_mentions": len({(m.article_id, m.sentence_index) for m in members}),
        "num_articles": len({m.article_id for m in members}),
        "num_sources": len({m.row.get("article_source") or m.article_id for m in members}),
        "num_records": len(members),
        "first_seen": min(m.row["article_date"] for m in members),
        "last_seen": max(m.row["article_date"] for m in members),
        "first_article_id": first.article_id, "source_url": first.row.get("article_url"),
        "is_root": any(m.sentence_index == 0 for m in members),
        "date_added": min(added) if added else None,
        "confidence": max((m.row.get("confidence") or 0.0) for m in members),
        "representative_event_id": rep.event_id,
    }
    return row


def _write(con, blocks: Iterable[str], mentions: list[Mention]) -> int:
    """Cluster ``mentions`` (every mention of ``blocks``) and store the events that changed: an event
    whose id and mentions are already stored is left alone. Returns the number of events."""
    by_block: dict[str, list[Mention]] = {}
    for m in mentions:
        by_block.setdefault(m.block, []).append(m)
    events = {cluster_id(ev[0]): ev for b in sorted(set(blocks)) for ev in cluster_block(by_block.get(b, []))}
    new = {cid: frozenset(m.event_id for m in ev) for cid, ev in events.items()}
    old: dict[str, set[str]] = {}
    for m in mentions:
        if m.row.get("stored_cluster_id"):
            old.setdefault(m.row["stored_cluster_id"], set()).add(m.event_id)
    gone = sorted(cid for cid, ids in old.items() if new.get(cid) != ids)
    added = [cid for cid, ids in new.items() if old.get(cid) != ids]
    for i in range(0, len(gone), CHUNK):
        marks = ", ".join("?" * len(gone[i:i + CHUNK]))
        con.execute(f"DELETE FROM event_clusters WHERE cluster_id IN ({marks})", gone[i:i + CHUNK])
        con.execute(f"DELETE FROM cluster_members WHERE cluster_id IN ({marks})", gone[i:i + CHUNK])
    insert_rows(con, "event_clusters", CLUSTER_COLUMNS, [summarize(events[cid]) for cid in added])
    insert_rows(con, "cluster_members", ("event_id", "cluster_id", "block", "lo", "hi"),
                [{"event_id": m.event_id, "cluster_id": cid, "block": m.block, "lo": m.lo, "hi": m.hi}
                 for cid in added for m in events[cid]])
    return len(events)


def _runs(con, new: list[Mention]) -> list[tuple[str, int, int]]:
    """(block, first day, last day) of each run of dates (dedup.segments) holding a new mention."""
    blocks = sorted({m.block for m in new})
    spans: dict[str, list[tuple[int, int]]] = {b: [] for b in blocks}
    for block, lo, hi in con.execute(f"SELECT block, lo, hi FROM cluster_members WHERE block IN "
                                     f"({', '.join('?' * len(blocks))})", blocks).fetchall():
        spans[block].append((lo, hi))
    for m in new:
        spans[m.block].append((m.lo, m.hi))
    runs = set()
    for block in blocks:
        news = [m for m in new if m.block == block]
        runs |= {(block, lo, hi) for lo, hi in segments(spans[block])
                 if any(lo <= m.lo and m.hi <= hi for m in news)}
    return sorted(runs)


def refresh(con: duckdb.DuckDBPyConnection, new: list[Mention], where: str, args: Sequence) -> int:
    """Recompute the events around ``new`` mentions (stored in ``events``, matched by ``where``, not
    clustered yet): in each block they touch, the runs of dates they fall in. Returns the number
    of events in those runs."""
    if not new:
        return 0
    runs = _runs(con, new)
    member = " OR ".join(["(block = ? AND lo >= ? AND hi <= ?)"] * len(runs))
    mentions = fetch(con, f"({where}) OR e.event_id IN (SELECT event_id FROM cluster_members WHERE {member})",
                     list(args) + [v for run in runs for v in run])
    return _write(con, {m.block for m in new}, mentions)


def refresh_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], rows: Iterable[dict]) -> int:
    """Recompute the events touched by new articles (inside their transaction); ``rows`` are their
    ``events`` rows."""
    new = [Mention.from_row(r) for r in rows]
    return refresh(con, new, f"e.article_id IN ({', '.join('?' * len(article_ids))})", article_ids)


def repair(con: duckdb.DuckDBPyConnection) -> int:
    """Cluster mentions that have no event yet (and the rest of their runs)."""
    loose = fetch(con, "e.event_id NOT IN (SELECT event_id FROM cluster_members)")
    ids = sorted({m.event_id for m in loose})
    return refresh(con, loose, f"e.event_id IN ({', '.join('?' * len(ids))})", ids)


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every event from every mention; returns the number of events."""
    con.execute("DELETE FROM event_clusters")
    con.execute("DELETE FROM cluster_members")
    mentions = fetch(con)
    return _write(con, {m.block for m in mentions}, mentions)
