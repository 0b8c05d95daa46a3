"""Targets the text does not name: a documented default where the act implies one, else null.

Null beats a wrong target. Every event gets a ``target_reason``:
- ``text``: the target is named in the sentence (set by the events stage); ``joint act`` for the
  partners of a reciprocal act.
- ``reaction: ...``: praise, criticism or rejection of an act ("the ministry condemned the
  decision", "X welcomed the pullout") is aimed at whoever did the latest earlier act of the
  article, when that was someone else.
- ``location: ...``: an act of physical presence carried out abroad (a meeting or visit, an intent
  to attend one, aid delivered, a withdrawal, a protest, a deployment, violence) is aimed at the
  country where it happens: the host of a summit ("Tokayev confirmed his participation in the
  summit in Dushanbe" -> KAZ -> TJK). Verbal acts (statements, appeals, demands, criticism, threats)
  are not aimed at the place where they are spoken. Not used where the article names that
  country's rebels or armed opposition (in a civil war the place does not tell which side an act
  was aimed at: Turkish shelling in Syria is aimed at Kurdish militias), nor for transnational
  militants (IMG: Isis acting in Iraq acts against whoever it meets there, not Baghdad).
- ``domestic: ...``: only acts domestic by nature take the source's own country: protest by
  non-government actors (against their government), coercion and repression by state forces
  (arrests, curfews, crackdowns on their own population), easing of restrictions at home
  (curfew, state of emergency), violence by any actor inside its own country, and the acts of
  domestic political actors (opposition, parties, unions, clergy, legislators) with no other party
  named. Not for rebels (their opponent is another armed side, not their own country: on real
  articles "SDF captured the city" -> SYR was always wrong) nor for organisations that are not
  states (IGO, NGO, IMG: "Isis retreated" -> IMG names no one).
- ``none named: ...``: anything else keeps a null target. Before, every untargeted act got the
  source's own country, which on real articles was wrong far more often than right ("TUR -> TUR"
  for a Turkish demand addressed to others).

Agent countries: the government, police, courts or army a domestic actor acts on without naming
their country are its own country's ("the Labour leader accused the government"); a sector agent
named without a country ("thousands of people protested", "police detained demonstrators") takes
the event location's country, else the only country the
sentence names, else (domestic kinds of agent only) the article's home country
(``state.notes["home_country"]`` when the actor stage found one), else its most mentioned country.

Unattributed violence ("a roadside bomb killed three soldiers near Samarra") has no named doer;
by the convention of event data sets it is attributed to the country where it happened (reason
"unattributed: location's country"); without a location it is dropped.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..model import Actor, Event
from .state import ArticleState, actors_in


def _main_country(state: ArticleState) -> str | None:
    counts = Counter(a.country for m in state.actor_mentions for a in m.actors
                     if a.country and a.country not in NON_STATES)
    return counts.most_common(1)[0][0] if counts else None


NON_STATES = frozenset({"IGO", "NGO", "IMG"})  # organisation codes, not countries an agent belongs to
REACTION_ROOTS = ("05", "11", "12")  # praise, criticism, rejection of something reported before
REACTION_OBJECTS = frozenset({"decision", "move", "measure", "sanction", "step", "attack", "act", "action",
                              "statement", "remark", "policy", "plan", "law", "bill", "killing", "massacre",
                              "bombing", "strike", "raid", "invasion", "annexation", "test", "launch",
                              "announcement", "initiative", "proposal", "offer", "deal", "agreement", "vote",
                              "election", "ruling", "verdict", "order", "ban", "release", "result", "outcome",
                              "resignation", "withdrawal", "pullout", "ceasefire", "truce", "talks", "visit"})
# Verbal acts (statements, appeals, intents, demands, criticism, rejections, threats, praise) are not
# aimed at the place where they are spoken; other acts done abroad are aimed at the country where
# they happen (a meeting there, an embassy opened there, aid suspended there, violence there).
VERBAL_ROOTS = ("01", "02", "03", "10", "11", "12", "13")
VERBAL_CODES = ("051",)
LOCATION_CODES = ("036",)  # an intent to meet there: the host
# Domestic political actors (opposition, parties, unions, clergy, legislators; not rebels) acting
# with no other party named act within their own country's politics.
DOMESTIC_ACTOR_SECTORS = frozenset({"OPP", "PTY", "LAB", "EDU", "REL", "LEG"})
CONTESTING_SECTORS = frozenset({"REB", "OPP", "INS"})
STATE_FORCE_SECTORS = frozenset({"GOV", "COP", "MIL", "JUD", "SPY", "LEG"})


def domestic_kind(e: Event) -> str | None:
    """Why an act without a named target is aimed at the source's own country, or None when it is
    not domestic by nature."""
    root, code, sector = e.cameo.root, e.cameo.code, e.source.sector
    loc = e.location.country if e.location else None
    if root == "14" and sector not in {"GOV", "MIL"}:
        return "protest against one's own government"
    state_actor = sector in STATE_FORCE_SECTORS or e.source.kind == "state"
    if (root == "17" or code.startswith("132")) and state_actor:
        return "coercion of one's own population (or a threat of it)"
    if code.startswith("081") and state_actor:
        return "restrictions at home eased"
    if root in ("18", "19", "20") and (loc and loc == e.source.country or sector == "COP"):
        return "violence inside one's own country"
    if sector in DOMESTIC_ACTOR_SECTORS and (not loc or loc == e.source.country):
        return "a domestic political actor, no other party named"
    return None


def _contested_countries(state: ArticleState) -> set[str]:
    """Countries whose armed opposition or rebels the article names: there the place of an act does
    not tell which side it was aimed at (Turkish shelling in Syria is aimed at Kurdish militias, not
    at Damascus), so the location default is not used."""
    return {a.country for m in state.actor_mentions for a in m.actors
            if a.country and a.sector in CONTESTING_SECTORS}


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
    if not objects:
        return None
    obj = objects[0].lemma_.lower()
    if obj not in REACTION_OBJECTS and not state.resources.verbs.has(obj, "NOUN"):
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
        for e in state.events:
            if e.target_reason is None:
                e.target_reason = "joint act" if e.reciprocal else ("text" if e.target is not None else None)
        sents = state.sentences
        home = state.notes.get("home_country")
        main = home[0] if home else _main_country(state)
        # violence with no named doer: attributed to the place's country only when its named victims
        # are of that country too (an assassination attempt on a regional governor at home); else
        # dropped: on real articles the place's country was as often the side attacked in a war.
        kept = []
        for e in state.events:
            if e.source.reason == "unattributed":
                c = e.location.country if e.location else None
                self._agent_countries(state, e, sents, main)
                if not c or e.target is None or e.target.country != c:
                    continue
                e.source = Actor(text="", country=c, kind="state", code=c,
                                 reason="unattributed: location's country, as its victims'")
            kept.append(e)
        state.events[:] = kept
        contested = _contested_countries(state)
        for i, e in enumerate(state.events):
            self._agent_countries(state, e, sents, main)
            if e.target is not None or e.reciprocal:
                continue
            src = e.source.country
            loc = e.location.country if e.location else None
            earlier = _reacted_to(state, e, state.events[:i])
            domestic = domestic_kind(e) if src and src not in NON_STATES else None
            if earlier is not None:
                e.target = replace(earlier.source, reason=f"reaction: the doer of the act reported in sentence "
                                                          f"{earlier.evidence.sentence_index}")
                e.target_reason = e.target.reason
            elif loc and src and src != "IMG" and loc != src and loc not in contested and (
                    e.cameo.code in LOCATION_CODES or not (e.cameo.root in VERBAL_ROOTS or e.cameo.code in VERBAL_CODES)):
                e.target = Actor(text=e.location.name, name=None, country=loc, sector="GOV", kind="state",
                                 code=f"{loc}GOV", reason="location: the act took place in this country")
                e.target_reason = e.target.reason
            elif domestic:
                e.target = Actor(text="", name=None, country=src, sector=None, kind="state", code=src,
                                 reason=f"domestic: {domestic}; the source's own country")
                e.target_reason = e.target.reason
            else:
                e.target_reason = "none named: the text names no target and the act is not domestic by nature"

    @staticmethod
    def _agent_countries(state: ArticleState, e: Event, sents, main: str | None) -> None:
        loc = e.location.country if e.location else None
        named = {a.country for a in actors_in(state, sents[e.evidence.sentence_index])
                 if a.country and a.country not in NON_STATES}
        own = e.source.country if e.source is not None and e.source.country not in (None, *NON_STATES) else None
        if own and e.target is not None and not e.target.country and e.target.sector in STATE_FORCE_SECTORS and \
                e.source.sector in DOMESTIC_SECTORS:
            # "Corbyn accused the government", "protesters clashed with police": a domestic actor's
            # government, courts or police are its own country's
            e.target = _fill_country(e.target, own, "the source's own state")
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
