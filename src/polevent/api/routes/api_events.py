"""GET /api/events (filtered, paginated) and GET /api/events/{event_id} (with mentions and evidence)."""
from __future__ import annotations

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ...store.query import EventFilter, search
from .. import deps, highlight, queries

router = APIRouter(prefix="/api", tags=["events"])


@router.get("/events", summary="Search events")
def list_events(request: Request, flt: EventFilter = Depends(deps.event_filter),
                limit: int = Query(deps.DEFAULT_LIMIT, ge=1, le=deps.MAX_LIMIT, description="page size"),
                offset: int = Query(0, ge=0, le=deps.MAX_OFFSET, description="events to skip"),
                con: duckdb.DuckDBPyConnection = Depends(deps.store)) -> dict:
    """Stored events (one row per coded mention) that match the filters, oldest first, one page at a time;
    next_offset is null on the last page."""
    total = deps.cached(request, ("count_events", flt), lambda: queries.count_events(con, flt))
    items = deps.cached(request, ("search", flt, limit, offset), lambda: search(con, flt, limit=limit, offset=offset))
    return {"total": total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < total else None, "items": items}


@router.get("/events/{event_id}", summary="One event with its mentions and evidence",
            responses={404: {"description": "no such event"}})
def get_event(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(deps.store)) -> dict:
    """The event in the nested record shape (README "Output fields"), the article it came from, its
    mentions, and where the trigger and the actors are in the evidence sentence (character spans)."""
    return deps.cached(request, ("event", event_id), lambda: _event(con, event_id))


def _event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict:
    row = queries.event_row(con, event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id!r} in this store")
    art = queries.article(con, row["article_id"]) or {}
    spans = highlight.spans(row["sentence"] or "", row["source_text"], row["target_text"], row["trigger"])
    return {"event": queries.event_record(row),
            "article": {k: art.get(k) for k in ("id", "date", "title", "url", "source")},
            "mentions": queries.mentions(con, row),
            "highlights": [{"start": s, "end": e, "kind": k} for s, e, k in spans]}
