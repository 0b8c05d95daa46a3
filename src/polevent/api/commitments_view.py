"""Commitments (targets vs reported figures) for the API and the dyad page, from ``polevent.commitments``.

That module is optional here: it is imported lazily (``track(load_figures(con))``), and when it is
missing the API answers 501 and the pages say "not available". Items are the Commitment records as dicts
(agreement, indicator, parties, target, baseline, latest, progress, status, reason).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

import duckdb


@dataclass
class Commitments:
    available: bool
    reason: str | None = None
    items: list[dict[str, Any]] = field(default_factory=list)


def _involves(item: dict[str, Any], parties: tuple[str, ...]) -> bool:
    return set(parties) <= set(item.get("parties") or [])


def load(con: duckdb.DuckDBPyConnection, parties: tuple[str, ...] = ()) -> Commitments:
    """All commitments in the store, or those whose parties include all of ``parties``."""
    try:
        module = importlib.import_module("polevent.commitments")
        track, load_figures = module.track, module.load_figures
    except (ImportError, AttributeError) as exc:
        return Commitments(available=False, reason=f"polevent.commitments is not available ({exc})")
    items = [c.to_dict() for c in track(load_figures(con))]
    return Commitments(available=True, items=[i for i in items if _involves(i, parties)])


def display(item: dict[str, Any]) -> dict[str, Any]:
    """One commitment flattened for a table row; missing parts are None."""
    target, base, latest = (item.get(k) or {} for k in ("target", "baseline", "latest"))
    agreement = item.get("agreement")
    return {"agreement": agreement.get("name") if isinstance(agreement, dict) else agreement,
            "indicator": item.get("indicator"), "parties": list(item.get("parties") or []),
            "target": target.get("value"), "unit": target.get("unit"), "deadline": target.get("deadline"),
            "baseline": base.get("value"), "baseline_period": base.get("period"),
            "latest": latest.get("value"), "latest_period": latest.get("period"),
            "latest_article": latest.get("article_id"), "progress": item.get("progress"),
            "status": item.get("status"), "reason": item.get("reason")}
