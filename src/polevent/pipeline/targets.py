"""Default targets for events whose sentence names no target (runs after places).

Two documented rules, each recorded in the target actor's ``reason``:
- host-of-meeting: a meeting or an intent to meet (CAMEO 04x, 036) held abroad has the host
  country (the location's country) as target: "Tokayev confirmed his participation in the summit
  in Dushanbe" -> KAZ -> TJK.
- domestic: otherwise the act is domestic and the target is the source's own country (the
  convention of event data sets: a government acting on its citizens, protesters against their
  government).
Joint (reciprocal) events already have their partners as targets and are left alone.
"""
from __future__ import annotations

from ..model import Actor
from .state import ArticleState


def _is_meeting(code: str) -> bool:
    return code.startswith("04") or code == "036"


class TargetStage:
    name = "default_targets"
    requires = ("events", "event_locations")
    provides = ("event_targets",)

    def __init__(self, nlp, resources):
        pass

    def __call__(self, state: ArticleState) -> None:
        for e in state.events:
            if e.target is not None or e.reciprocal:
                continue
            src = e.source.country
            loc = e.location.country if e.location else None
            if _is_meeting(e.cameo.code) and loc and loc != src:
                e.target = Actor(text=e.location.name, name=None, country=loc, sector="GOV", kind="state",
                                 code=f"{loc}GOV", reason="host-of-meeting: location's country")
            elif src:
                e.target = Actor(text="", name=None, country=src, sector=None, kind="state", code=src,
                                 reason="domestic: no other target named; the source's own country")
