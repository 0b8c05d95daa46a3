"""GET /api/actors, /api/agreements and /api/commitments."""
from __future__ import annotations

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from .. import commitments_view, deps, params, queries

router = APIRouter(prefix="/api", tags=["reference"])


def _parties(request: Request, dyad: str | None, party: str | None) -> tuple[str, ...]:
    vocab = deps.vocab(request)
    if dyad:
        return params.parse_dyad(vocab, dyad)
    return (params.parse_actor(vocab, party, "party"),) if party else ()


@router.get("/actors", summary="Actors in the store")
def actors(request: Request, limit: int = Query(100, ge=1, le=deps.MAX_LIMIT),
           offset: int = Query(0, ge=0, le=deps.MAX_OFFSET),
           con: duckdb.DuckDBPyConnection = Depends(deps.store)) -> dict:
    """Countries and organisations seen as source or target, most active first, with their name in
    polevent's actor data and the actor codes (country + sector) they appear under."""
    total, rows = deps.cached(request, ("actors", limit, offset), lambda: queries.actors(con, limit, offset))
    names = deps.vocab(request).names
    items = [{"country": r["country"], "name": names.get(r["country"]), **r} for r in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/agreements", summary="Agreements")
def agreements(request: Request, dyad: str | None = Query(None, description="both parties, e.g. KAZ-TJK"),
               party: str | None = Query(None, description="one party, e.g. KAZ"),
               limit: int = Query(100, ge=1, le=deps.MAX_LIMIT),
               offset: int = Query(0, ge=0, le=deps.MAX_OFFSET),
               con: duckdb.DuckDBPyConnection = Depends(deps.store)) -> dict:
    """Named documents signed or adopted, with parties, date signed, period, targets and evidence."""
    total, items = queries.agreements(con, _parties(request, dyad, party), limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/commitments", summary="Commitments: targets vs reported figures",
            responses={501: {"description": "polevent.commitments is not available"}})
def commitments(request: Request, dyad: str | None = Query(None, description="both parties, e.g. KAZ-TJK"),
                party: str | None = Query(None, description="one party, e.g. KAZ"),
                con: duckdb.DuckDBPyConnection = Depends(deps.store)) -> dict:
    """Each target with its baseline, the latest reported figure, progress and status (from
    polevent.commitments)."""
    found = commitments_view.load(con, _parties(request, dyad, party))
    if not found.available:
        raise HTTPException(501, f"commitments are not available: {found.reason}")
    return {"total": len(found.items), "items": found.items}
