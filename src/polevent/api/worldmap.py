"""A world map as inline SVG: the bundled country outline (static/world-110m.geojson, derived from Natural
Earth 1:110m, public domain; see docs/web.md) in an equirectangular projection, with event locations as
points by their coordinates. No tile server, nothing fetched.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup, escape

SCALE = 2.5  # pixels per degree
LAT_TOP, LAT_BOTTOM = 84.0, -60.0  # Antarctica is cut off
WIDTH, HEIGHT = 360 * SCALE, (LAT_TOP - LAT_BOTTOM) * SCALE
MIN_SPAN = 40.0  # degrees of longitude shown at most zoom
PAD = 12.0  # degrees around the points when zoomed to them


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * SCALE, (LAT_TOP - lat) * SCALE


def unwrap(ring: list[list[float]]) -> list[list[list[float]]]:
    """A ring that crosses the antimeridian (a jump of more than 180 degrees between two points) made
    continuous, plus a copy shifted by 360 degrees, so both sides of the map show it with no stray line."""
    out = [list(ring[0])]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        lon += 360.0 * round((prev - lon) / 360.0)
        out.append([lon, lat])
    lons = [p[0] for p in out]
    if min(lons) >= -180.0 and max(lons) <= 180.0:
        return [out]
    shift = -360.0 if max(lons) > 180.0 else 360.0
    return [out, [[lon + shift, lat] for lon, lat in out]]


def _ring_path(ring: list[list[float]]) -> str:
    pts = [project(lon, lat) for lon, lat in ring]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z"


@dataclass(frozen=True)
class Country:
    name: str
    path: str  # SVG path data


class WorldMap:
    """The outline is projected once; ``render`` adds points for each request."""

    def __init__(self, countries: list[Country]):
        self.countries = countries
        self._outline = "".join(f'<path d="{c.path}" class="land"><title>{escape(c.name)}</title></path>'
                                for c in countries)

    @classmethod
    def load(cls) -> "WorldMap":
        src = resources.files("polevent.api").joinpath("static/world-110m.geojson")
        data = json.loads(src.read_text(encoding="utf-8"))
        countries = []
        for f in data["features"]:
            rings = [part for poly in f["geometry"]["coordinates"] for ring in poly for part in unwrap(ring)]
            countries.append(Country(f["properties"].get("name", ""), "".join(_ring_path(r) for r in rings)))
        return cls(countries)

    def render(self, points: list[dict], zoom: bool = False) -> Markup:
        """Points are dicts with name, lat, lon, events (count); zoom fits the view to the points."""
        x0, y0, w, h = _view(points) if zoom and points else (0.0, 0.0, WIDTH, HEIGHT)
        k = w / WIDTH
        marks = []
        for p in sorted(points, key=lambda p: -p["events"]):
            x, y = project(p["lon"], p["lat"])
            r = (3 + 2 * math.sqrt(p["events"])) * k
            label = f'{p["name"]} ({p["events"]} event{"s" if p["events"] != 1 else ""})'
            marks.append(f'<g class="place"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.2f}" class="point">'
                         f'<title>{escape(label)}</title></circle>'
                         f'<text x="{x + r + 2 * k:.1f}" y="{y + 4 * k:.1f}" font-size="{12 * k:.2f}" '
                         f'class="place-label">{escape(p["name"])}</text></g>')
        return Markup(f'<svg class="map" viewBox="{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}" role="img" '
                      f'aria-label="map of event locations" xmlns="http://www.w3.org/2000/svg">'
                      f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" class="sea"/>'
                      f'<g stroke-width="{0.5 * k:.2f}">{self._outline}</g>{"".join(marks)}</svg>')


def _view(points: list[dict]) -> tuple[float, float, float, float]:
    """A viewBox around the points with the map's aspect ratio."""
    lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
    span_lon = max(max(lons) - min(lons) + 2 * PAD, MIN_SPAN)
    span_lat = max(max(lats) - min(lats) + 2 * PAD, span_lon * HEIGHT / WIDTH)
    span_lon = span_lat * WIDTH / HEIGHT
    lon_c, lat_c = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    w, h = min(span_lon * SCALE, WIDTH), min(span_lat * SCALE, HEIGHT)
    x, y = project(lon_c - span_lon / 2, lat_c + span_lat / 2)
    return min(max(x, 0.0), WIDTH - w), min(max(y, 0.0), HEIGHT - h), w, h
