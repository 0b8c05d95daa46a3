"""Which mentions report the same real-world event: the merge rule, as pure functions.

A *mention* is one stored ``events`` row: one coded record, tied to its article and sentence. An
*event* is the set of mentions that report the same happening. The rule (docs/store.md, "Events
and mentions"):

1. Blocks. Mentions can only merge inside a block: the same event family (the PLOVER type, or
   ``C`` + the CAMEO root when the code has no PLOVER type) and the same unordered pair of actors
   (each actor keyed by its country, or by its code for organisations without one: EU and UN
   differ). A missing target is the empty key.
2. Compatibility, for two mentions of one block, all of:
   - direction: one of them is reciprocal, or both have the same source and target;
   - act: mentions from the same article have the same CAMEO code (an article that names two
     acts of one family between the same pair, a signing and a word of praise, reports two acts);
   - date: their date spans (a day; a whole month or year for coarser dates) are at most
     ``DATE_WINDOW_DAYS`` apart;
   - modality: negated mentions only merge with negated ones, hypothetical with hypothetical;
     asserted, intended and scheduled mentions merge with each other;
   - place: either has no location, or the same GeoNames id or name, or one is a country and the
     other lies in it, or both have coordinates at most ``NEAR_KM`` apart.
3. Events. Mentions are taken in a fixed order (day dates before month dates before year dates,
   then by date, article date, article id, sentence, source actor and event id); each joins the
   first event (oldest first) with whose every mention it is compatible, or starts a new one.
   Every mention of an event is thus compatible with every other (no chains), and the result
   depends only on the set of mentions in the block, not on the order they were ingested. It is
   also local: a run of mentions whose dates chain within the window is grouped as if alone
   (``segments``), so new mentions only ever change the events of their own run.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DATE_WINDOW_DAYS = 1
NEAR_KM = 50.0
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
SEPARATE_MODALITIES = frozenset({"negated", "hypothetical"})
NON_COUNTRIES = frozenset({"IGO", "NGO"})  # Actor.country for organisations without a country


@dataclass(frozen=True)
class Place:
    geonameid: int | None
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    country_level: bool  # the place is a whole country (the gazetteer's country locations)

    @classmethod
    def from_row(cls, row: Mapping) -> "Place | None":
        name = row.get("location_name")
        if not name:
            return None
        reason = row.get("location_reason") or ""
        return cls(row.get("geonameid"), " ".join(str(name).lower().split()), row.get("location_country"),
                   row.get("lat"), row.get("lon"), reason.startswith("country"))


@dataclass(frozen=True)
class Mention:
    event_id: str
    article_id: str
    sentence_index: int
    source: str  # actor key (see actor_key)
    target: str
    family: str
    reciprocal: bool
    modality: str
    lo: int  # first and last day of the date span, as ordinals
    hi: int
    precision: str
    article_date: int
    cameo_code: str
    place: Place | None
    row: Mapping = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def from_row(cls, row: Mapping) -> "Mention":
        """A mention from an ``events`` row (a dict with the store's column names)."""
        art = row["article_date"]
        art = art if isinstance(art, dt.date) else dt.date.fromisoformat(str(art)[:10])
        try:
            lo, hi = date_span(str(row["date"]), row.get("date_precision") or "day")
        except ValueError:  # not an ISO date: the article's day stands in, so the article is still stored
            lo = hi = art.toordinal()
        return cls(event_id=row["event_id"], article_id=row["article_id"],
                   sentence_index=int(row.get("sentence_index") or 0),
                   source=actor_key(row, "source"), target=actor_key(row, "target"),
                   family=family(row.get("plover_type"), row["cameo_root"]),
                   reciprocal=bool(row.get("reciprocal")), modality=row.get("modality") or "asserted",
                   lo=lo, hi=hi, precision=row.get("date_precision") or "day", article_date=art.toordinal(),
                   cameo_code=row["cameo_code"], place=Place.from_row(row), row=row)

    @property
    def block(self) -> str:
        return block_key(self.family, self.source, self.target)


def actor_key(row: Mapping, prefix: str) -> str:
    """Country (ISO-3) of an actor; its code (or name) when it has no country, as IGOs and NGOs."""
    country = row.get(f"{prefix}_country")
    if country and country not in NON_COUNTRIES:
        return country
    for col in ("code", "name", "text"):
        val = row.get(f"{prefix}_{col}")
        if val:
            return str(val)
    return ""


def family(plover_type: str | None, cameo_root: str) -> str:
    return plover_type or f"C{cameo_root}"


def block_key(fam: str, source: str, target: str) -> str:
    a, b = sorted((source, target))
    return f"{fam}|{a}|{b}"


def date_span(date: str, precision: str) -> tuple[int, int]:
    """First and last day (ordinals) of an ISO date truncated to its precision."""
    year = int(date[:4])
    if precision == "year" or len(date) < 7:
        return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
    month = int(date[5:7])
    if precision == "month" or len(date) < 10:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return first.toordinal(), nxt.toordinal() - 1
    day = dt.date.fromisoformat(date[:10]).toordinal()
    return day, day


def _km(a: Place, b: Place) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if (a.geonameid is not None and a.geonameid == b.geonameid) or a.name == b.name:
        return True
    if (a.country_level and a.country == b.country) or (b.country_level and b.country == a.country):
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return _km(a, b) <= NEAR_KM
    return False


def modalities_compatible(a: str, b: str) -> bool:
    if a in SEPARATE_MODALITIES or b in SEPARATE_MODALITIES:
        return a == b
    return True


def compatible(a: Mention, b: Mention, window: int = DATE_WINDOW_DAYS) -> bool:
    """True when two mentions may report the same event (rule 2 of the module docstring)."""
    if a.block != b.block:
        return False
    if not (a.reciprocal or b.reciprocal or (a.source, a.target) == (b.source, b.target)):
        return False
    if a.article_id == b.article_id and a.cameo_code != b.cameo_code:
        return False
    if a.lo - window > b.hi or b.lo - window > a.hi:
        return False
    return modalities_compatible(a.modality, b.modality) and places_compatible(a.place, b.place)


def sort_key(m: Mention) -> tuple:
    return (PRECISION_RANK.get(m.precision, 3), m.lo, m.article_date, m.article_id, m.sentence_index,
            m.source, m.event_id)


@dataclass
class _Open:
    members: list[Mention]
    max_lo: int
    min_hi: int


def cluster_block(mentions: Iterable[Mention], window: int = DATE_WINDOW_DAYS) -> list[list[Mention]]:
    """Group the mentions of one block into events (rule 3); each event's mentions in sort order."""
    events: list[_Open] = []
    live: list[_Open] = []  # while day mentions come in date order: events that can still take one
    for m in sorted(mentions, key=sort_key):
        day = PRECISION_RANK.get(m.precision) == 0
        if day:
            live = [ev for ev in live if ev.min_hi >= m.lo - window]
        for ev in (live if day else events):
            # cheap date test first: m must be within the window of every member's span
            if m.lo - window > ev.min_hi or ev.max_lo - window > m.hi:
                continue
            if all(compatible(m, x, window) for x in ev.members):
                ev.members.append(m)
                ev.max_lo, ev.min_hi = max(ev.max_lo, m.lo), min(ev.min_hi, m.hi)
                break
        else:
            events.append(_Open([m], m.lo, m.hi))
            if day:
                live.append(events[-1])
    return [ev.members for ev in events]


def segments(spans: Iterable[tuple[int, int]], window: int = DATE_WINDOW_DAYS) -> list[tuple[int, int]]:
    """Maximal runs of date spans that chain within ``window`` (first and last day of each run).

    Mentions of different runs can never be compatible, and ``cluster_block`` groups each run as
    if it were alone (it only ever compares mentions that could merge), so a store can recompute
    the run that new mentions fall in and leave the rest of a block as it is."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo - window <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def cluster(mentions: Iterable[Mention], window: int = DATE_WINDOW_DAYS) -> list[list[Mention]]:
    """Group mentions of any blocks into events, blocks in key order."""
    blocks: dict[str, list[Mention]] = {}
    for m in mentions:
        blocks.setdefault(m.block, []).append(m)
    return [ev for key in sorted(blocks) for ev in cluster_block(blocks[key], window)]
