"""PLOVER-style JSON Lines: one object per event, with the field names of the PLOVER manual's
"Data Fields" chapter (id, date, enddate, actor, recipient, event, mode, context, event_loc,
event_text, quad_code, event_scale, text_info, cite_info, coder, coded_date) plus polevent's own
fields (cameo, goldstein, modality, num_mentions, num_articles, num_sources, first_seen,
last_seen, mentions). Reciprocal events list every party as actor and no recipient, as the manual
asks for joint acts.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import IO

from ... import __version__
from ...store.dedup import date_span

CODEBOOK = "PLOVER 2021 (types from the CAMEO crosswalk); CAMEO 1.1b3 codes and Goldstein weights"
NON_COUNTRIES = ("IGO", "NGO")


def entity(row: Mapping, prefix: str) -> dict | None:
    text = row.get(f"{prefix}_text")
    if not text and not row.get(f"{prefix}_country"):
        return None
    country = row.get(f"{prefix}_country")
    code = country if country and country not in NON_COUNTRIES else row.get(f"{prefix}_code")
    ent = {"code": code, "sector": row.get(f"{prefix}_sector"), "entity_text": text,
           "identifier_id": row.get(f"{prefix}_id"), "identifier_text": row.get(f"{prefix}_name"),
           "office": row.get(f"{prefix}_role"), "polevent_code": row.get(f"{prefix}_code"),
           "kind": row.get(f"{prefix}_kind")}
    return {k: v for k, v in ent.items() if v is not None}


def event_loc(row: Mapping) -> dict | None:
    if not row.get("location_name"):
        return None
    reason = row.get("location_reason") or ""
    resolution = 1 if reason.startswith("country") else 2 if reason.startswith("US state") else 4
    return {"extracted_place": row["location_name"], "resolved_place": row["location_name"],
            "geonameid": row.get("geonameid"), "lat": row.get("lat"), "lon": row.get("lon"),
            "province": row.get("location_admin1"), "country_code": row.get("location_country"),
            "resolution": resolution, "reason": reason or None}


def _dates(date: str, precision: str, fallback: dt.date) -> tuple[str, str | None]:
    try:
        lo, hi = date_span(date, precision)
    except ValueError:  # not an ISO date: the first article's day
        lo = hi = fallback.toordinal()
    start, end = dt.date.fromordinal(lo).isoformat(), dt.date.fromordinal(hi).isoformat()
    return start, (end if end != start else None)


def _iso(v) -> str | None:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def record(row: Mapping) -> dict:
    source, target = entity(row, "source"), entity(row, "target")
    if row.get("reciprocal"):
        actor, recipient = [e for e in (source, target) if e], []
    else:
        actor, recipient = [source] if source else [], [target] if target else []
    start, end = _dates(str(row["date"]), row["date_precision"], row["first_seen"])
    mentions = list(row.get("mentions") or [])
    rep = next((m for m in mentions if m["event_id"] == row["representative_event_id"]),
               mentions[0] if mentions else None)
    rec = {
        "id": f"polevent-{row['cluster_id']}", "date": start, "enddate": end,
        "actor": actor, "recipient": recipient,
        "event": [row["plover_type"]] if row.get("plover_type") else [],
        "mode": [row["plover_mode"]] if row.get("plover_mode") else [],
        "context": list(row.get("plover_context") or []),
        "event_loc": event_loc(row),
        "event_text": list(dict.fromkeys(m["sentence"] for m in mentions if m.get("sentence"))),
        "quad_code": row.get("quad_class"), "event_scale": row.get("goldstein"),
        "text_info": ({"sequence": rep["sentence_index"], "start": rep["start_char"], "end": rep["end_char"]}
                      if rep else None),
        "cite_info": {"url": row.get("source_url"), "coder": f"polevent {__version__}", "codebook": CODEBOOK},
        "coder": f"polevent {__version__}", "coded_date": _iso(row.get("date_added")),
        "cameo": {"code": row["cameo_code"], "root": row["cameo_root"], "name": row.get("cameo_name")},
        "goldstein": row.get("goldstein"), "modality": row.get("modality"),
        "date_precision": row["date_precision"],
        "num_mentions": row["num_mentions"], "num_articles": row["num_articles"],
        "num_sources": row["num_sources"], "first_seen": _iso(row["first_seen"]),
        "last_seen": _iso(row["last_seen"]),
        "mentions": [{k: _iso(v) for k, v in m.items() if k != "sentence"} for m in mentions],
    }
    return rec


def write(rows: Iterable[Mapping], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(record(row), ensure_ascii=False, default=str) + "\n")
        n += 1
    return n
