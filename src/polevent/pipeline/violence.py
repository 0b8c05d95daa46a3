"""One-sided violence or fighting: CAMEO 18x (PLOVER ASSAULT) against 19x (FIGHT).

Generic attack and killing verbs do not say which; who was hit, who struck and with what do.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..model import Actor

# sector codes as polevent's actor data uses them (PLOVER manual): armed and civilian kinds of actor
ARMED = {"MIL", "REB", "COP", "SPY", "UAF", "PRM", "INS"}
CIVILIAN = {"CVL", "REF", "MED", "EDU", "REL", "BUS", "HLH", "NGO", "JRN", "LAB", "AGR", "SOC"}


def one_or_two_sided(code: str, sources: list[Actor], targets: list[Actor], trigger: Token) -> str:
    """Generic attacks on civilians or by irregulars are one-sided violence (18x, PLOVER ASSAULT);
    killings between armed forces are fighting (19x, FIGHT)."""
    src = {a.sector for a in sources}
    tgt = {a.sector for a in targets}
    soft_target = bool(tgt & CIVILIAN) or _civilian_object(trigger)
    state = bool(sources) and all(a.kind == "state" and a.sector in (None, "GOV") for a in sources)
    if code == "190" and (soft_target or (not targets and not src & ARMED and
                                          not any(a.kind == "state" for a in sources))):
        return "180"
    if code == "180" and not _unconventional(trigger) and (
            (tgt and tgt <= ARMED and (src & ARMED or not src - {None}))  # forces killing forces
            or ("MIL" in src and not tgt & CIVILIAN)  # a state's military killing: conventional force
            or (state and not tgt & CIVILIAN and not soft_target)):  # "Ankara launched an offensive"
        return "190"
    return code


CIVILIAN_PLACES = {"venue", "hall", "mall", "market", "hotel", "school", "church", "mosque", "synagogue", "temple",
                   "hospital", "camp", "bus", "train", "restaurant", "cafe", "concert", "wedding", "shop",
                   "home", "house", "civilian", "crowd", "worshipper", "shopper", "pilgrim", "student"}


UNCONVENTIONAL = {"bomb", "bombing", "explosive", "ied", "suicide", "bomber", "grenade", "landmine", "mine",
                  "machete", "knife", "hostage"}


def _unconventional(trigger: Token) -> bool:
    """The sentence names an unconventional weapon (a bomb, a mine, a machete)."""
    return any(t.lemma_.lower() in UNCONVENTIONAL for t in trigger.sent)


def _civilian_object(trigger: Token) -> bool:
    """The act's object is a soft, civilian target ("attacked a concert venue", "a refugee camp")."""
    for c in trigger.children:
        if c.dep_ in {"dobj", "nsubjpass"} and ({t.lemma_.lower() for t in c.subtree} & CIVILIAN_PLACES):
            return True
    return False
