"""Typed records that flow through polevent: Article in, Event / Quantity / Agreement out.

Every output record carries its provenance (an Evidence: sentence, character offsets into the
article text, trigger words) and the rule or model that decided it. ``to_dict`` gives the JSON
shape of the external contract (see README "Output fields").
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("internal")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class Record:
    """Mixin: JSON-ready dict of a dataclass (dates as ISO strings, nested records as dicts)."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Article(Record):
    id: str
    date: dt.date
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    # where the record was read ("news.jsonl:7"), for error lines; not part of the output
    where: str = field(default="", compare=False, repr=False, metadata={"internal": True})

    @staticmethod
    def content_id(date: dt.date, text: str) -> str:
        """Stable id from content: the same dated text always gets the same id."""
        digest = hashlib.sha256(f"{date.isoformat()}\n{text}".encode("utf-8")).hexdigest()
        return digest[:16]


@dataclass
class Evidence(Record):
    sentence: str
    sentence_index: int
    start: int  # character offset into Article.text; text[start:end] == sentence
    end: int
    trigger: str = ""


@dataclass
class Actor(Record):
    text: str  # the words in the article
    name: str | None = None  # canonical name ("Kassym-Jomart Tokayev", "Kazakhstan")
    country: str | None = None  # ISO-3 (or IGO code for organisations without a country)
    sector: str | None = None  # PLOVER sector: GOV MIL POL JUD BUS MED OPP REB CVL ...
    role: str | None = None  # "head of state", "foreign minister", ...
    kind: str = "state"  # person|state|igo|ngo|group
    code: str | None = None  # CAMEO-style code, e.g. KAZGOV
    id: str | None = None  # entry id in polevent's actor data, when resolved from it
    reason: str | None = None  # why this resolution (rule name)


@dataclass
class Location(Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    reason: str | None = None


@dataclass
class Cameo(Record):
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int


@dataclass
class Plover(Record):
    type: str | None
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Event(Record):
    event_id: str
    article_id: str
    date: str  # ISO date, truncated to its precision ("2023-09" for month precision)
    date_precision: str  # day|month|year
    article_date: str
    source: Actor
    target: Actor | None
    cameo: Cameo
    plover: Plover
    modality: str  # asserted|intended|scheduled|negated|hypothetical
    location: Location | None
    evidence: Evidence
    rule: str
    confidence: float
    reciprocal: bool = False
    # why the target is what it is: "text" (named in the sentence), "joint act", "domestic: ...",
    # "location: ...", "reaction: ...", or, for a null target, "none named: ..."
    target_reason: str | None = None
    # article-level: "political", or the kind of article that holds no political events of its
    # own ("sport", "culture", "obituary", "letters", ...), with the cue words that decided
    relevance: str = "political"
    relevance_reason: str | None = None
    # sentence-level: history, question, generic statement, prediction, hearsay ... (with reason)
    is_background: bool = False
    background_reason: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        """The Event whose ``to_dict()`` is ``d`` (cached or judged records read back)."""
        def actor(a):
            return Actor(**a) if a else None

        return cls(**{**d, "source": actor(d["source"]), "target": actor(d["target"]), "cameo": Cameo(**d["cameo"]),
                      "plover": Plover(**d["plover"]), "evidence": Evidence(**d["evidence"]),
                      "location": Location(**d["location"]) if d.get("location") else None})


@dataclass
class Period(Record):
    start: str | None = None
    end: str | None = None


@dataclass
class Quantity(Record):
    indicator: str  # normalised, from the documented vocabulary
    indicator_raw: str  # the phrase in the text
    parties: list[str]
    period: str | None
    value: float
    unit: str
    qualifier: str | None  # approx|at least|more than|up to|less than|None
    kind: str  # actual|target|forecast|change
    change_pct: float | None
    evidence: Evidence
    rule: str = ""


@dataclass
class Agreement(Record):
    name: str
    kind: str  # declaration|roadmap|treaty|memorandum|agreement|programme|contract
    parties: list[str]
    signed: str | None
    period: Period | None
    targets: list[Quantity]
    evidence: Evidence
    rule: str = ""


@dataclass
class CodedArticle(Record):
    article: Article
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
