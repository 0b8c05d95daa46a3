"""Default targets for events whose sentence names no target (runs after places).

Rules, each recorded in the actor's ``reason``:
- agent-country: a sector agent named without a country ("thousands of people protested",
  "police detained demonstrators") takes the event location's country, else the only country the
  sentence names, else (for domestic kinds of agent only: civilians, opposition, police, courts,
  media, business ...) the article's most mentioned country. Governments and armed forces named
  without a country ("several governments condemned") are as often foreign: they are left open.
- reaction: criticism or rejection of an act ("the ministry condemned the decision") is aimed at
  whoever did the latest earlier act of the article, when that was someone else.
- location: an act carried out abroad (the location's country differs from the source's) has the
  location's country as target: the host of a meeting ("Tokayev confirmed his participation in the
  summit in Dushanbe" -> KAZ -> TJK), the place a curfew is lifted.
- domestic: otherwise the act is domestic and the target is the source's own country (the
  convention of event data sets: a government acting on its citizens, protesters against their
  government).
Joint (reciprocal) events already have their partners as targets and are left alone.

Unattributed violence ("a roadside bomb killed three soldiers near Samarra") has no named doer; by
the convention of event data sets it is attributed to the country where it happened (reason
"unattributed: location's country"); without a location it is dropped.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..model import Actor, Event
from .state import ArticleState, actors_in


def _main_country(state: ArticleState) -> str | None:
    counts = Counter(a.country for m in state.actor_mentions for a in m.actors if a.country)
    return counts.most_common(1)[0][0] if counts else None


REACTION_ROOTS = ("11", "12")  # criticism, condemnation, rejection of something reported before
REACTION_OBJECTS = frozenset({"decision", "move", "measure", "sanction", "step", "attack", "act", "action",
                              "statement", "remark", "policy", "plan", "law", "bill", "killing", "massacre",
                              "bombing", "strike", "raid", "invasion", "annexation", "test", "launch"})


def _reacted_to(state: ArticleState, e: Event, earlier: list[Event]) -> Event | None:
    """ "The Russian foreign ministry condemned the decision": a reaction whose object is an act, not an
    actor, is aimed at whoever did the latest earlier act of the article (by someone else)."""
    if not e.cameo.code.startswith(REACTION_ROOTS):
        return None
    anchor = state.event_anchors.get(e.event_id)
    if anchor is None:
        return None
    trigger = state.doc[anchor]
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    if not objects or objects[0].lemma_.lower() not in REACTION_OBJECTS:
        return None
    for prev in reversed(earlier):
        if prev.evidence.sentence_index < e.evidence.sentence_index and prev.source.country and \
                prev.source.country != e.source.country and prev.modality == "asserted":
            return prev
    return None


DOMESTIC_SECTORS = {"CVL", "OPP", "COP", "JUD", "JRN", "MED", "BUS", "LAB", "EDU", "REL", "REF", "HLH", "AGR",
                    "CRM", "SOC", "LEG", "PTY"}


def _domestic(actor: Actor | None) -> bool:
    return actor is not None and actor.sector in DOMESTIC_SECTORS


def _fill_country(actor: Actor | None, country: str | None, why: str) -> Actor | None:
    if actor is None or actor.country or not country or actor.kind in {"igo", "ngo"}:
        return actor
    return replace(actor, country=country, code=f"{country}{actor.sector or ''}",
                   reason=f"{actor.reason or 'agent'}+agent-country:{why}")


class TargetStage:
    name = "default_targets"
    requires = ("events", "event_locations")
    provides = ("event_targets",)

    def __init__(self, nlp, resources):
        pass

    def __call__(self, state: ArticleState) -> None:
        kept = []
        for e in state.events:
            if e.source.reason == "unattributed":
                if not (e.location and e.location.country):
                    continue
                c = e.location.country
                e.source = Actor(text="", country=c, kind="state", code=c,
                                 reason="unattributed: location's country")
            kept.append(e)
        state.events[:] = kept
        sents = state.sentences
        main = _main_country(state)
        for i, e in enumerate(state.events):
            self._agent_countries(state, e, sents, main)
            if e.target is not None or e.reciprocal:
                continue
            src = e.source.country
            loc = e.location.country if e.location else None
            earlier = _reacted_to(state, e, state.events[:i])
            if earlier is not None:
                e.target = replace(earlier.source, reason=f"reaction: the doer of the act reported in sentence "
                                                          f"{earlier.evidence.sentence_index}")
            elif loc and src and loc != src:
                e.target = Actor(text=e.location.name, name=None, country=loc, sector="GOV", kind="state",
                                 code=f"{loc}GOV", reason="location: the act took place in this country")
            elif src:
                e.target = Actor(text="", name=None, country=src, sector=None, kind="state", code=src,
                                 reason="domestic: no other target named; the source's own country")

    @staticmethod
    def _agent_countries(state: ArticleState, e: Event, sents, main: str | None) -> None:
        loc = e.location.country if e.location else None
        named = {a.country for a in actors_in(state, sents[e.evidence.sentence_index]) if a.country}
        if loc:
            country, why = loc, "location"
        elif len(named) == 1:
            country, why = next(iter(named)), "sentence"
        else:
            e.source = _fill_country(e.source, main, "article") if _domestic(e.source) else e.source
            e.target = _fill_country(e.target, main, "article") if _domestic(e.target) else e.target
            return
        e.source = _fill_country(e.source, country, why)
        e.target = _fill_country(e.target, country, why)
