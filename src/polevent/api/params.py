"""Checking request parameters: the query filters, actor codes and dyads, against polevent's vocabularies.

Every check raises ``UsageError`` with a message a person can act on; the app turns it into a 422.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources

from ..cameo import CameoTable
from ..errors import UsageError
from ..store.query import EventFilter

ACTOR_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIODS = {"day": 10, "month": 7, "year": 4}


@dataclass(frozen=True)
class Vocab:
    """The codes a request may name: CAMEO codes and PLOVER types (polevent's CAMEO table), and the first
    three letters of actor codes (ISO-3 countries and organisation prefixes from polevent's actor data)."""

    cameo_codes: frozenset[str]
    plover_types: frozenset[str]
    actor_prefixes: frozenset[str]
    names: dict[str, str]  # country or organisation code -> name, for display

    @classmethod
    def load(cls) -> "Vocab":
        table = CameoTable.load()
        names = _actor_names()
        prefixes = frozenset(code[:3] for code in names)
        return cls(frozenset(table.codes()), table.plover_types(), prefixes, names)


def _actor_names() -> dict[str, str]:
    folder = resources.files("polevent.data").joinpath("actors")
    names = {}
    for name, col in (("countries.csv", "iso3"), ("igos.csv", "code")):
        with folder.joinpath(name).open(encoding="utf-8") as fh:
            names |= {row[col].upper(): row["name"] for row in csv.DictReader(fh) if row.get(col)}
    return names


def parse_actor(vocab: Vocab, value: str, what: str = "actor") -> str:
    code = value.strip().upper()
    if not ACTOR_CODE.match(code):
        raise UsageError(f"{what} {value!r}: expected an actor code such as KAZ or KAZGOV")
    if code[:3] not in vocab.actor_prefixes:
        raise UsageError(f"{what} {value!r}: unknown actor code (not an ISO-3 country or organisation code "
                         f"in polevent's actor data)")
    return code


def parse_dyad(vocab: Vocab, value: str) -> tuple[str, str]:
    parts = value.split("-")
    if len(parts) != 2:
        raise UsageError(f"dyad {value!r}: expected two actor codes like KAZ-TJK")
    return parse_actor(vocab, parts[0], "dyad"), parse_actor(vocab, parts[1], "dyad")


def _check_date(name: str, value: str) -> None:
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} {value!r}: expected a date YYYY-MM-DD") from None


def period_length(by: str) -> int:
    """Length of the date prefix that makes one period (day 10, month 7, year 4)."""
    if by not in PERIODS:
        raise UsageError(f"by {by!r}: expected one of day, month, year")
    return PERIODS[by]


def event_filter(vocab: Vocab, dyad: str | None = None, actor: str | None = None, type: str | None = None,
                 cameo: str | None = None, since: str | None = None, until: str | None = None) -> EventFilter:
    """The store's EventFilter, after checking each value against the vocabularies."""
    dyad, actor, type, cameo, since, until = (v.strip() if v else None
                                               for v in (dyad, actor, type, cameo, since, until))
    if dyad:
        dyad = "-".join(parse_dyad(vocab, dyad))
    if actor:
        actor = parse_actor(vocab, actor)
    if type and type.upper() not in vocab.plover_types:
        raise UsageError(f"type {type!r}: unknown PLOVER type; known: {', '.join(sorted(vocab.plover_types))}")
    for name, value in (("since", since), ("until", until)):
        if value:
            _check_date(name, value)
    if cameo and not cameo.isdigit():
        raise UsageError(f"cameo {cameo!r}: expected a CAMEO code such as 057 or 19")
    if cameo and not any(c.startswith(cameo) for c in vocab.cameo_codes):
        raise UsageError(f"cameo {cameo!r}: unknown CAMEO code (no code in the codebook starts with it)")
    flt = EventFilter.parse(dyad, actor, type, cameo, since, until)
    if flt.since and flt.until and flt.since > flt.until:
        raise UsageError(f"since {since} is after until {until}")
    return flt
