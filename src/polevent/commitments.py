"""Commitments: targets set in articles, checked against the figures reported later.

"The Presidents signed the 2023-2025 Roadmap to bring mutual trade up to $2 billion" (a target) and
"in 2024 trade reached $1.8 billion" (an actual, in another article) are the same indicator for the
same parties, so the target can be followed: baseline, latest figure, progress and a status. The
rule is documented in ``docs/commitments.md``.

``track`` is pure over ``Figure`` rows; ``load_figures`` reads them from a store. Nothing here prints.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .model import Record
from .pipeline.periods import TimeSpan, last_part, parse_label

STATUSES = ("met", "on_track", "behind", "expired", "no_data")


@dataclass(frozen=True)
class Figure:
    """One stored quantity as commitments read it (a target or an actual)."""

    article_id: str
    article_date: dt.date
    indicator: str
    parties: tuple[str, ...]  # sorted ISO-3 codes
    period: str | None  # a period label ("2022", "2023-2025", "2023-Q1", ...)
    value: float
    unit: str
    kind: str  # actual|target (other kinds are ignored)
    qualifier: str | None = None
    change_pct: float | None = None
    agreement: str | None = None  # name of the agreement a target belongs to
    sentence: str = ""


@dataclass
class Goal(Record):
    value: float
    unit: str
    deadline: str | None  # the last part of the target's period ("2025" for "2023-2025")
    qualifier: str | None = None
    change_pct: float | None = None  # a percent-change target ("increase trade by 20%")
    period: str | None = None
    article_id: str = ""
    article_date: str = ""
    sentence: str = ""
    mentions: int = 1  # articles stating the same target


@dataclass
class Point(Record):
    value: float
    unit: str
    period: str
    article_id: str
    article_date: str


@dataclass
class Commitment(Record):
    agreement: str | None
    indicator: str
    parties: list[str]
    target: Goal
    baseline: Point | None
    latest: Point | None
    progress: float | None  # latest / target
    expected: float | None  # the linear path's value at the latest period
    status: str  # one of STATUSES
    reason: str = ""
    later: list[Point] = field(default_factory=list)  # every later actual, oldest first


# ---- choosing the figures to compare ----------------------------------------------------------


def _span(label: str | None) -> TimeSpan | None:
    try:
        return parse_label(label) if label else None
    except ValueError:
        return None


def _grain(target: Figure) -> str:
    """Figures are compared at the grain of the target's deadline (a year for "by 2025")."""
    span = _span(last_part(target.period)) if target.period else None
    return span.grain if span else "year"


def _dated(actuals: Iterable[Figure], target: Figure, grain: str, units: set[str] | None
           ) -> list[tuple[TimeSpan, Figure]]:
    """The actuals of the target's indicator and parties, at its grain and in ``units`` (any unit
    but percent when None), oldest period first; for one period the latest report comes last."""
    out = []
    for f in actuals:
        span = _span(f.period)
        if (f.kind != "actual" or span is None or span.grain != grain or f.indicator != target.indicator
                or f.parties != target.parties):
            continue
        unit_fits = f.unit in units if units is not None else f.unit != "percent"
        if unit_fits:
            out.append((span, f))
    return sorted(out, key=lambda sf: (sf[0].end, sf[1].article_date, sf[1].article_id))


def _point(span_fig: tuple[TimeSpan, Figure]) -> Point:
    f = span_fig[1]
    return Point(value=f.value, unit=f.unit, period=f.period, article_id=f.article_id,
                 article_date=f.article_date.isoformat())


# ---- the status rule ----------------------------------------------------------------------------


def _path_value(start: tuple[float, dt.date], goal: tuple[float, dt.date], at: dt.date) -> float:
    """The straight line from ``start`` to ``goal`` (value, date), read at ``at``."""
    (v0, t0), (v1, t1) = start, goal
    total = (t1 - t0).days
    share = 1.0 if total <= 0 else min(max((at - t0).days / total, 0.0), 1.0)
    return v0 + (v1 - v0) * share


def judge(goal: float, deadline: dt.date | None, start: tuple[float, dt.date],
          latest: tuple[float, dt.date] | None, has_baseline: bool) -> tuple[str, float | None, str]:
    """(status, expected, reason) for a target ``goal`` due by ``deadline``.

    ``start`` is where the path begins (the baseline, or zero at the target's article date),
    ``latest`` the latest later figure (value, end of its period). A target below its baseline is a
    reduction: "met" and "on the path" then mean at or below.
    """
    if latest is None:
        return "no_data", None, "no later figure for this indicator and parties"
    value, at = latest
    down = has_baseline and goal < start[0]
    reached = (lambda v, bar: v <= bar) if down else (lambda v, bar: v >= bar)
    if reached(value, goal):
        return "met", None, f"latest {value:g} {'<=' if down else '>='} target {goal:g}"
    if deadline is not None and at >= deadline:
        return "expired", None, f"not met by the deadline ({deadline.isoformat()})"
    if deadline is None:
        moved = not has_baseline or (value < start[0] if down else value > start[0])
        return ("on_track" if moved else "behind"), None, "no deadline: judged by the move from the baseline"
    expected = round(_path_value(start, (goal, deadline), at), 2)
    status = "on_track" if reached(value, expected) else "behind"
    return status, expected, f"latest {value:g} vs linear path {expected:.4g} at {at.isoformat()}"


# ---- one target ---------------------------------------------------------------------------------


def _goal(target: Figure, value: float, unit: str, mentions: int) -> Goal:
    return Goal(value=value, unit=unit, deadline=last_part(target.period) if target.period else None,
                qualifier=target.qualifier, change_pct=target.change_pct, period=target.period,
                article_id=target.article_id, article_date=target.article_date.isoformat(),
                sentence=target.sentence, mentions=mentions)


def _is_pct_change(target: Figure) -> bool:
    return target.unit == "percent" and target.change_pct is not None


def follow(target: Figure, actuals: Sequence[Figure], mentions: int = 1) -> Commitment:
    """Baseline, latest figure, progress and status of one target."""
    grain = _grain(target)
    units = None if _is_pct_change(target) else {target.unit}
    dated = _dated(actuals, target, grain, units)
    before = [sf for sf in dated if sf[0].end <= target.article_date]
    baseline = before[-1] if before else None
    value, unit = target.value, target.unit
    if _is_pct_change(target):  # "raise exports by 20%": the level is 1.2 x the baseline
        if baseline is None:
            return _commitment(target, _goal(target, value, unit, mentions), None, [],
                               ("no_data", None, "percent-change target without a baseline figure"))
        value, unit = baseline[1].value * (1 + target.change_pct / 100), baseline[1].unit
        dated = [sf for sf in dated if sf[1].unit == unit]
    later = [sf for sf in dated if sf[0].end > target.article_date]
    deadline = _span(last_part(target.period)) if target.period else None
    start = (baseline[1].value, baseline[0].end) if baseline else (0.0, target.article_date)
    latest = (later[-1][1].value, later[-1][0].end) if later else None
    verdict = judge(value, deadline.end if deadline else None, start, latest, baseline is not None)
    return _commitment(target, _goal(target, value, unit, mentions), baseline, later, verdict)


def _commitment(target: Figure, goal: Goal, baseline: tuple[TimeSpan, Figure] | None,
                later: list[tuple[TimeSpan, Figure]], verdict: tuple[str, float | None, str]) -> Commitment:
    status, expected, reason = verdict
    latest = _point(later[-1]) if later else None
    progress = round(latest.value / goal.value, 4) if latest and goal.value else None
    return Commitment(agreement=target.agreement, indicator=target.indicator, parties=list(target.parties),
                      target=goal, baseline=_point(baseline) if baseline else None, latest=latest,
                      progress=progress, expected=expected, status=status, reason=reason,
                      later=[_point(sf) for sf in later])


# ---- all targets --------------------------------------------------------------------------------


def _target_key(f: Figure) -> tuple:
    return (f.indicator, f.parties, f.unit, f.value, f.change_pct, last_part(f.period) if f.period else None)


def is_commitment(f: Figure) -> bool:
    """A commitment is a target with an indicator and a deadline or period ("bring mutual trade up to
    $2 billion" in the 2023-2025 Roadmap). A figure stated as an intention without one ("producers are
    ready to boost exports in 60 commodity items") is not a target that can be followed."""
    return f.kind == "target" and bool(f.indicator) and bool(f.period) and _span(last_part(f.period)) is not None


def distinct_targets(figures: Iterable[Figure]) -> list[tuple[Figure, int]]:
    """Commitments (``is_commitment``) stated more than once (same indicator, parties, value, unit and
    deadline) count once, at their first statement; the agreement is taken from any statement that
    names one."""
    groups: dict[tuple, list[Figure]] = {}
    for f in sorted((f for f in figures if is_commitment(f)), key=lambda f: (f.article_date, f.article_id)):
        groups.setdefault(_target_key(f), []).append(f)
    out = []
    for same in groups.values():
        named = next((f.agreement for f in same if f.agreement), None)
        first = same[0] if same[0].agreement or not named else _with_agreement(same[0], named)
        out.append((first, len({f.article_id for f in same})))
    return out


def _with_agreement(f: Figure, name: str) -> Figure:
    return Figure(**{**f.__dict__, "agreement": name})


def track(figures: Iterable[Figure], parties: Sequence[str] | None = None) -> list[Commitment]:
    """Every target (optionally only those of ``parties``, in any order) with its progress."""
    figures = list(figures)
    actuals = [f for f in figures if f.kind == "actual"]
    wanted = tuple(sorted(p.upper() for p in parties)) if parties else None
    out = [follow(t, actuals, n) for t, n in distinct_targets(figures)
           if wanted is None or t.parties == wanted]
    return sorted(out, key=lambda c: (c.parties, c.indicator, c.target.deadline or "", c.target.article_date))


# ---- reading the store --------------------------------------------------------------------------

_QUANTITIES = """
    SELECT article_id, article_date, indicator, parties, period, value, unit, kind, qualifier, change_pct,
           sentence, start_char, trigger
    FROM quantities WHERE kind IN ('actual', 'target') AND value IS NOT NULL AND indicator IS NOT NULL
"""
_AGREEMENTS = "SELECT article_id, name, targets FROM agreements WHERE name IS NOT NULL"


def _agreement_of_targets(con) -> dict[tuple, str]:
    """(article_id, sentence start, trigger, indicator, value) of each agreement target -> its name."""
    owners = {}
    for article_id, name, targets in con.execute(_AGREEMENTS).fetchall():
        for t in json.loads(targets or "[]"):
            ev = t.get("evidence") or {}
            owners[(article_id, ev.get("start"), ev.get("trigger"), t.get("indicator"), t.get("value"))] = name
    return owners


def load_figures(con) -> list[Figure]:
    """Targets and actuals from a store opened with ``polevent.store.db.connect``."""
    owners = _agreement_of_targets(con)
    out = []
    for (article_id, day, indicator, parties, period, value, unit, kind, qualifier, change_pct,
         sentence, start, trigger) in con.execute(_QUANTITIES).fetchall():
        agreement = owners.get((article_id, start, trigger, indicator, value)) if kind == "target" else None
        out.append(Figure(article_id=article_id, article_date=day, indicator=indicator,
                          parties=tuple(sorted(parties or ())), period=period, value=value, unit=unit or "",
                          kind=kind, qualifier=qualifier, change_pct=change_pct, agreement=agreement,
                          sentence=sentence or ""))
    return out


__all__ = ["Figure", "Goal", "Point", "Commitment", "STATUSES", "track", "follow", "judge",
           "distinct_targets", "is_commitment", "load_figures"]
