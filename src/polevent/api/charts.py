"""Charts as inline SVG, rendered on the server: stacked bars over time, and cooperation vs conflict with
a Goldstein line. Every text that goes into the SVG is escaped; colours come from CSS classes
(static/style.css), so the pages need no script and no inline style.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 900, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 46
MAX_DAYS_FILLED = 400


@dataclass(frozen=True)
class Series:
    label: str
    css: str  # CSS class that colours it, e.g. "q1" or "t3"
    values: list[float]


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def period_axis(periods: list[str], length: int) -> list[str]:
    """All periods from the first to the last (no gaps), for date prefixes of length 4, 7 or 10."""
    if not periods:
        return []
    first, last = min(periods), max(periods)
    if length == 4:
        return [str(y) for y in range(int(first), int(last) + 1)]
    if length == 7:
        return _months(first, last)
    d0, d1 = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if (d1 - d0).days > MAX_DAYS_FILLED:
        return sorted(set(periods))
    return [(d0 + dt.timedelta(days=i)).isoformat() for i in range((d1 - d0).days + 1)]


def _text(x: float, y: float, s: str, cls: str = "axis", anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{escape(s)}</text>'


def _x_labels(periods: list[str], x0: float, step: float, y: float) -> list[str]:
    every = max(1, len(periods) // 12 + (1 if len(periods) % 12 else 0))
    return [_text(x0 + i * step + step / 2, y, p) for i, p in enumerate(periods) if i % every == 0]


def _legend(series: list[Series], y: float) -> list[str]:
    out, x = [], LEFT
    for s in series:
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" class="{s.css}"/>')
        out.append(_text(x + 14, y, s.label, "legend", "start"))
        x += 24 + 7 * len(s.label)
    return out


def _svg(title: str, body: list[str], height: int = HEIGHT) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
                  f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>')


def stacked_bars(title: str, periods: list[str], series: list[Series]) -> Markup:
    """One bar per period, stacked by series; a <title> on each piece says period, series and value."""
    if not periods:
        return _svg(title, [_text(WIDTH / 2, HEIGHT / 2, "no dated events")])
    plot_h = HEIGHT - TOP - BOTTOM
    top = max(sum(s.values[i] for s in series) for i in range(len(periods))) or 1
    step = (WIDTH - LEFT - RIGHT) / len(periods)
    body = [f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" class="grid"/>',
            _text(LEFT - 6, TOP + 8, f"{top:g}", anchor="end"), _text(LEFT - 6, TOP + plot_h, "0", anchor="end")]
    for i, period in enumerate(periods):
        y = TOP + plot_h
        for s in series:
            v = s.values[i]
            if not v:
                continue
            h = plot_h * v / top
            y -= h
            body.append(f'<rect x="{LEFT + i * step + step * 0.1:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" '
                        f'height="{h:.1f}" class="{s.css}"><title>{escape(f"{period} {s.label}: {v:g}")}'
                        f'</title></rect>')
    body += _x_labels(periods, LEFT, step, TOP + plot_h + 14) + _legend(series, HEIGHT - 8)
    return _svg(title, body)


def cooperation_conflict(title: str, periods: list[str], cooperation: list[float], conflict: list[float],
                         goldstein: list[float | None]) -> Markup:
    """Cooperation counts up, conflict counts down from a middle line (the left axis reads N, 0, -N),
    and the mean Goldstein score per period as a line on a -10..10 scale (right axis)."""
    if not periods:
        return _svg(title, [_text(WIDTH / 2, HEIGHT / 2, "no dated events")])
    plot_h = HEIGHT - TOP - BOTTOM
    mid = TOP + plot_h / 2
    top = max(max(cooperation), max(conflict)) or 1
    step = (WIDTH - LEFT - RIGHT) / len(periods)
    body = [f'<line x1="{LEFT}" y1="{mid}" x2="{WIDTH - RIGHT}" y2="{mid}" class="grid"/>',
            _text(LEFT - 6, TOP + 8, f"{top:g}", anchor="end"), _text(LEFT - 6, mid + 4, "0", anchor="end"),
            _text(LEFT - 6, TOP + plot_h, f"-{top:g}", anchor="end"),  # conflict counts go down: the -N side
            _text(WIDTH - RIGHT + 6, TOP + 8, "+10", anchor="start"),
            _text(WIDTH - RIGHT + 6, TOP + plot_h, "-10", anchor="start")]
    points = []
    for i, period in enumerate(periods):
        x = LEFT + i * step + step * 0.1
        up, down = plot_h / 2 * cooperation[i] / top, plot_h / 2 * conflict[i] / top
        if up:
            body.append(f'<rect x="{x:.1f}" y="{mid - up:.1f}" width="{step * 0.8:.1f}" height="{up:.1f}" '
                        f'class="coop"><title>{escape(f"{period} cooperation: {cooperation[i]:g}")}</title></rect>')
        if down:
            body.append(f'<rect x="{x:.1f}" y="{mid:.1f}" width="{step * 0.8:.1f}" height="{down:.1f}" '
                        f'class="conflict"><title>{escape(f"{period} conflict: {conflict[i]:g}")}</title></rect>')
        if goldstein[i] is not None:
            cx, cy = LEFT + i * step + step / 2, mid - plot_h / 2 * goldstein[i] / 10
            points.append(f"{cx:.1f},{cy:.1f}")
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" class="goldstein">'
                        f'<title>{escape(f"{period} mean Goldstein: {goldstein[i]:g}")}</title></circle>')
    if len(points) > 1:
        body.append(f'<polyline points="{" ".join(points)}" class="goldstein-line"/>')
    legend = [Series("cooperation (mentions)", "coop", []), Series("conflict (mentions)", "conflict", []),
              Series("mean Goldstein (right axis)", "goldstein", [])]
    body += _x_labels(periods, LEFT, step, TOP + plot_h + 14) + _legend(legend, HEIGHT - 8)
    return _svg(title, body)
