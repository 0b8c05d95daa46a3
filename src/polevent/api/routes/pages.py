"""The web pages: overview, dyads, event list, event, map, latest. Each handler checks its parameters,
asks ``views`` for what to show and renders one template (with the store's last ingest time)."""
from __future__ import annotations

import datetime as dt

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from ...store.query import EventFilter
from .. import deps, params, queries, views

router = APIRouter(include_in_schema=False)
LATEST_REFRESH = 300  # seconds: the latest page reloads itself (a meta refresh: no script)


def _render(request: Request, name: str, context: dict, flt: EventFilter | None = None,
            con: duckdb.DuckDBPyConnection | None = None):
    base = {"vocab": request.app.state.vocab, "label": lambda c: views.actor_label(request.app.state.vocab, c),
            "filters": _filter_values(flt), "quad_labels": views.QUAD_LABELS,
            "updated": queries.last_ingest(con) if con is not None else None}
    return request.app.state.templates.TemplateResponse(request, name, base | context)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _filter_values(flt: EventFilter | None) -> dict[str, str]:
    if flt is None:
        return {}
    values = {"dyad": "-".join(flt.dyad) if flt.dyad else "", "actor": flt.actor, "type": flt.type,
              "cameo": flt.cameo, "since": flt.since, "until": flt.until}
    return {k: v or "" for k, v in values.items()}


@router.get("/")
def overview(request: Request, flt: EventFilter = Depends(deps.event_filter),
             by: str = Query("month"), con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    length = params.period_length(by)
    data = deps.cached(request, ("overview", flt, length), lambda: views.overview(con, flt, length))
    return _render(request, "overview.html", data | {"by": by}, flt, con)


@router.get("/dyads")
def dyads(request: Request, a: str | None = None, b: str | None = None,
          con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    if a and b:
        x, y = params.parse_dyad(deps.vocab(request), f"{a}-{b}")
        return RedirectResponse(request.url_for("dyad", dyad=f"{x}-{y}").path, status_code=303)
    return _render(request, "dyads.html", {"dyads": queries.top_dyads(con, EventFilter(), limit=200)}, con=con)


@router.get("/dyads/{dyad}", name="dyad")
def dyad(request: Request, dyad: str, by: str = Query("month"),
         con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    a, b = params.parse_dyad(deps.vocab(request), dyad)
    data = views.dyad(con, a, b, params.period_length(by))
    return _render(request, "dyad.html", data | {"a": a, "b": b, "by": by}, con=con)


@router.get("/events")
def events(request: Request, flt: EventFilter = Depends(deps.event_filter),
           page: int = Query(1, ge=1, le=deps.MAX_PAGE),
           con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    data = deps.cached(request, ("event_list", flt, page), lambda: views.event_list(con, flt, page))
    return _render(request, "events.html", data, flt, con)


@router.get("/events/{event_id}")
def event(request: Request, event_id: str, con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    row = queries.event_row(con, event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id!r} in this store")
    return _render(request, "event.html", views.event(con, row), con=con)


@router.get("/map")
def event_map(request: Request, flt: EventFilter = Depends(deps.event_filter), zoom: bool = False,
              con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    data = views.event_map(con, request.app.state.world, flt, zoom)
    return _render(request, "map.html", data | {"zoom": zoom}, flt, con)


@router.get("/latest")
def latest(request: Request, hours: int = Query(24, ge=1, le=24 * 90),
           con: duckdb.DuckDBPyConnection = Depends(deps.store)):
    return _render(request, "latest.html", views.latest(con, hours, _utcnow()) | {"refresh": LATEST_REFRESH},
                   con=con)
