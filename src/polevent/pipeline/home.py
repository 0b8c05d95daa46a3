"""The article's home country: whose cabinet, parliament, police and prime minister an article means
when it names them without a country.

Evidence, each worth points (the ``reason`` lists what was found):

- the dateline, 3 points: "BEIRUT —", "KABUL, Afghanistan —", "Istanbul (Reuters) -" at the start of
  the text; the place is a capital or seat in the actor data, a country, or a city in the gazetteer;
- named state institutions, 1 point for each distinct one: actors the article names with a country and a domestic
  sector (government, legislature, courts, police, parties, opposition, intelligence: "the Home
  Office", "Sajid Javid", "Turkish police"); armed forces, bare country names and capitals used as
  metonyms ("Moscow said") are not counted (seats such as "the Home Office" are): they are as often foreign as domestic;
- "in CAPITAL on WEEKDAY" ("talks in Ankara on Monday"), 1 point: a weak cue.

The country with the most points is the home country when it has at least 2 points (3 when
another country has any) and at least twice as many as the runner-up; otherwise there is no home
country (None), and institutions named without a country stay without one. The result is stored by the actor stage in
``state.notes["home_country"]`` as ``(ISO3, reason)`` or ``None``.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ..actordata import ActorData
from ..model import Actor

DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z.'\u2019 -]{1,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z.' ]{1,30}?))?"
                      r"\s*(?:\((?P<agency>[A-Za-z ]{1,25})\)\s*)?(?:\u2014|\u2013|--|-)\s")
WEEKDAY_CUE = re.compile(r"\bin ([A-Z][a-z]+(?: [A-Z][a-z]+)?) on (?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                         r"Saturday|Sunday)\b")
DOMESTIC_SECTORS = frozenset(("GOV", "LEG", "JUD", "COP", "PTY", "OPP", "SPY"))
NOT_INSTITUTIONS = ("country", "capital-metonym", "demonym-", "pair")
NOT_COUNTRIES = frozenset(("IGO", "NGO", "IMG"))
DATELINE_POINTS, MIN_POINTS = 3, 2


def dateline_country(text: str, data: ActorData, gazetteer=None) -> tuple[str, str, int] | None:
    """(ISO3, place, end offset) of the dateline at the start of ``text``, if any."""
    m = DATELINE.match(text[:120])
    if m is None:
        return None
    place, region, agency = m.group("place").strip(), m.group("region"), m.group("agency")
    if not (place.isupper() or agency):
        return None  # "Turkey - which ..." in running text is not a dateline
    for name in (place, place.title()):
        found = data.capital(name)
        if found is not None:
            return found[0].iso3, place, m.end()
        entry = data.country(name)
        if entry is not None:
            return entry.iso3, place, m.end()
    if region:
        entry = data.country(region.strip())
        if entry is not None:
            return entry.iso3, place, m.end()
    if gazetteer is not None:
        loc = gazetteer.lookup(place.title())
        if loc is not None and loc.country:
            return loc.country, place, m.end()
    return None


def _institutions(actors: Iterable[Actor]) -> Counter:
    """Distinct institutions per country (a person named ten times counts once)."""
    counts: Counter[str] = Counter()
    seen: set[tuple] = set()
    for a in actors:
        if not a.country or a.country in NOT_COUNTRIES or len(a.country) != 3 or a.sector not in DOMESTIC_SECTORS:
            continue
        reason = a.reason or ""
        if reason.startswith(NOT_INSTITUTIONS) or "home-country" in reason or "coref" in reason:
            continue
        key = (a.country, a.id or a.name if a.kind == "person" and (a.id or a.name) else (a.sector, a.text.lower()))
        if key in seen:
            continue
        seen.add(key)
        counts[a.country] += 1
    return counts


def home_country(text: str, actors: Iterable[Actor], data: ActorData, gazetteer=None) -> tuple[str, str] | None:
    """The article's home country and the reason, or None when the evidence is not clear."""
    points: Counter[str] = Counter()
    why: dict[str, list[str]] = {}
    line = dateline_country(text, data, gazetteer)
    if line is not None:
        points[line[0]] += DATELINE_POINTS
        why.setdefault(line[0], []).append(f"dateline {line[1]}")
    for country, n in _institutions(actors).items():
        points[country] += n
        why.setdefault(country, []).append(f"{n} named institution{'s' if n > 1 else ''}")
    for m in WEEKDAY_CUE.finditer(text):
        found = data.capital(m.group(1))
        if found is not None and found[1] is None:
            points[found[0].iso3] += 1
            why.setdefault(found[0].iso3, []).append(f"in {m.group(1)} on a weekday")
    if not points:
        return None
    ranked = points.most_common(2)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n < MIN_POINTS or n < 2 * second or (second and n < MIN_POINTS + 1):
        return None
    return top, f"home-country:{top} ({', '.join(why[top])}; runner-up {second} points)"
