"""GET /api/dyads/{A}-{B}/timeline: events between two actors per period."""
from __future__ import annotations

import duckdb
from fastapi import APIRouter, Depends, Path, Query, Request

from .. import deps, params, queries

router = APIRouter(prefix="/api", tags=["dyads"])


@router.get("/dyads/{dyad}/timeline", summary="Timeline of a dyad")
def timeline(request: Request, dyad: str = Path(description="two actor codes, e.g. KAZ-TJK"),
             by: str = Query("month", description="day, month or year"),
             con: duckdb.DuckDBPyConnection = Depends(deps.store)) -> dict:
    """Per period, events between the two actors in either direction: count, cooperation (QuadClass 1-2)
    vs conflict (3-4), the QuadClass mix and the Goldstein mean and total. Events dated more coarsely
    than the period (a month-precision date when by=day) are counted in left_out."""
    a, b = params.parse_dyad(deps.vocab(request), dyad)
    data = queries.dyad_timeline(con, a, b, params.period_length(by))
    return {"dyad": [a, b], "by": by, **data}
