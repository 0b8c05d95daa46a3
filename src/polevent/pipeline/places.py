"""Places stage: where each event happened, from a place named in the event's sentence.

A place is a GPE/LOC/FAC entity that is the object of a locative preposition ("in", "at",
"near", "outside"; "to" only for visits), the place a visit is paid to ("visited Beijing"), or a
modifier of the trigger ("the Dushanbe summit"). Places used as actors ("Moscow said") are not
locations: an entity covered by an actor mention counts only as the object of a locative
preposition or as the visited place. Candidates attached to the event in the dependency tree win
(the same attachment ranks as the dates stage); a locative phrase of a clause that governs the
event comes next. The gazetteer resolves the name, preferring the event's actors' countries
(or the country written after the place: "Tripoli, Lebanon"). No place: location stays None.
Rules in docs/dates_places.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from ..gazetteer import Gazetteer
from ..model import Event, Location
from .attachment import FUTURE_MODALITIES, attachment_rank, event_trigger, owner
from .state import ArticleState

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
VISIT_LEMMAS = frozenset({"visit", "trip", "travel", "tour", "arrive", "fly", "go", "come",
                          "journey", "head", "return"})
VISIT_CAMEO = ("042", "043")  # make a visit, host a visit
MODIFIER_DEPS = frozenset({"compound", "nmod", "npadvmod", "amod", "poss"})
GOVERNING_CLAUSE_RANK = 4  # a locative phrase of a clause above the event's clause


@dataclass(frozen=True)
class PlaceCue:
    """Why a span may be the event's place: ``kind`` is "in", "at", ..., "to", "visited", "modifier"."""

    span: Span
    kind: str
    head: Token  # the token whose attachment decides the rank (preposition or the span root)


@dataclass(frozen=True)
class _Candidate:
    key: tuple[int, int, int]
    cue: PlaceCue
    location: Location


def phrase_top(tok: Token) -> Token:
    """Climb from a name to the top of its noun phrase ("Dushanbe" in "the capital, Dushanbe")."""
    while tok.dep_ in ("compound", "appos", "conj") and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    return tok


def is_visit(event: Event, trigger: Token) -> bool:
    return trigger.lemma_.lower() in VISIT_LEMMAS or event.cameo.code.startswith(VISIT_CAMEO)


def place_cue(span: Span, trigger: Token, visit: bool) -> PlaceCue | None:
    """The cue that makes ``span`` a candidate place of the event, if any."""
    top = phrase_top(span.root)
    if top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.lemma_.lower() in PLACE_HEADS:
        top = phrase_top(top.head.head)  # "near the town of Samarra", "in a sector of eastern Beirut"
    if top.dep_ == "pobj" and top.head.pos_ == "ADP":
        prep = top.head.lower_
        if top.head.head.lemma_.lower() in SITUATION_NOUNS:
            return None  # "praised the paper on the war in Ukraine": the place of the war, not of the act
        if prep in LOCATIVE_PREPS or (prep == "to" and visit):
            return PlaceCue(span, prep, top.head)
        return None
    if visit and top.dep_ == "dobj" and top.head.i == trigger.i:
        return PlaceCue(span, "visited", top)
    if top.dep_ in MODIFIER_DEPS and top.head.i == trigger.i:
        return PlaceCue(span, "modifier", top)
    return None


def country_after(span: Span, gazetteer: Gazetteer) -> Location | None:
    """The country written right after a place: "Tripoli, Lebanon" -> Lebanon."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        for ent in doc.ents:
            if ent.start == span.end + 1 and ent.label_ == "GPE" and gazetteer.is_country(ent.text):
                return gazetteer.lookup(ent.text)
    return None


# nouns whose own place a following "in X" gives ("the war in Ukraine", "the crisis in Sudan")
SITUATION_NOUNS = frozenset({"war", "conflict", "crisis", "situation", "fighting", "violence", "unrest",
                             "genocide", "occupation", "invasion", "insurgency", "uprising", "election",
                             "elections", "famine", "turmoil", "tension", "tensions", "dispute"})
MISLABELLED = {"ORG", "PERSON"}
# nouns naming a part of a place: "the town of X", "the outskirts of X"
PLACE_HEADS = frozenset({"town", "city", "village", "region", "province", "capital", "district", "sector",
                         "outskirts", "suburb", "suburbs", "area", "part", "centre", "center", "east", "west",
                         "north", "south", "neighbourhood", "neighborhood", "port", "border"})  # labels the NER model gives some less known towns


class PlaceStage:
    """Set ``event.location`` from the place named in the event's sentence."""

    name = "places"
    requires = ("doc", "events", "actor_mentions")
    provides = ("event_locations",)

    def __init__(self, nlp: Language, resources):
        self.nlp = nlp
        self.gazetteer: Gazetteer = resources.gazetteer

    def __call__(self, state: ArticleState) -> None:
        sents = state.sentences
        for event in state.events:
            idx = event.evidence.sentence_index
            if 0 <= idx < len(sents):
                found = self.location_for(event, sents[idx], state)
                if found is not None:
                    event.location = found

    def location_for(self, event: Event, sent: Span, state: ArticleState) -> Location | None:
        trigger = event_trigger(state, event, sent)
        cues = self._cues(sent, event, trigger, state)
        cands = [c for c in (self._candidate(cue, event, trigger) for cue in cues) if c is not None]
        if not cands:
            return None
        return min(cands, key=lambda c: c.key).location

    def _cues(self, sent: Span, event: Event, trigger: Token, state: ArticleState) -> list[PlaceCue]:
        visit = is_visit(event, trigger)
        cues = []
        for ent in sent.ents:
            if ent.label_ not in PLACE_LABELS and ent.label_ not in MISLABELLED:
                continue
            cue = place_cue(ent, trigger, visit)
            if cue is None:
                continue
            if ent.label_ in MISLABELLED and cue.kind not in {"in", "near"}:
                continue  # "In Osh on Monday" (NER: ORG): a place only after in/near, if the gazetteer knows it
            is_actor = any(state.mention_at(t.i) is not None for t in ent)
            if is_actor and cue.kind not in LOCATIVE_PREPS | {"visited"}:
                continue
            cues.append(cue)
        return cues

    def _candidate(self, cue: PlaceCue, event: Event, trigger: Token) -> _Candidate | None:
        rank = self._rank(cue, trigger, event.modality in FUTURE_MODALITIES)
        if rank is None:
            return None
        stated = country_after(cue.span, self.gazetteer)
        prefer = (stated.country,) if stated else self._actor_countries(event)
        loc = self.gazetteer.lookup(cue.span.text, prefer=prefer)
        if loc is None:
            return None
        is_country = self.gazetteer.is_country(cue.span.text)
        loc.reason = f"{self._describe(cue)}; {loc.reason}"
        return _Candidate((rank, int(is_country), abs(cue.span.root.i - trigger.i)), cue, loc)

    @staticmethod
    def _rank(cue: PlaceCue, trigger: Token, future: bool) -> int | None:
        if cue.kind in ("visited", "modifier"):
            return 0
        rank = attachment_rank(cue.head, trigger, future)
        if rank is not None:
            return rank
        if owner(cue.head, trigger).is_ancestor(trigger):
            return GOVERNING_CLAUSE_RANK
        return None

    @staticmethod
    def _actor_countries(event: Event) -> tuple[str, ...]:
        actors = [event.source] + ([event.target] if event.target is not None else [])
        return tuple(a.country for a in actors if a.country)

    @staticmethod
    def _describe(cue: PlaceCue) -> str:
        if cue.kind == "visited":
            return f"place visited: {cue.span.text!r}"
        if cue.kind == "modifier":
            return f"place modifying the trigger: {cue.span.text!r}"
        return f"place after {cue.kind!r}: {cue.span.text!r}"
