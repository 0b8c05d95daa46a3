"""The learned-evidence stage: a model trained on real news checks the rules' events.

For every sentence with events, the PENTA-class model (``polevent/evidence.py``) reads the sentence
and the rules' reading of it; ``evidence.decide`` then vetoes the sentence's events when the model
finds the rule's class unlikely, retypes them when the policy allows it and the model is confident
of another class, or blends the rule's confidence with the model's probability, and names the model
in the rule string (``|model:minilm-penta:CLASS=p``). It runs after the defaults
(targets) stage, so it sees the events as they will be written, and it never creates an event.
Without a loaded model (``resources.evidence`` is None, ``--no-evidence-model``) it does nothing.
"""
from __future__ import annotations

from collections import defaultdict

from ..evidence import decide, rule_features
from ..model import Event
from .state import ArticleState


class EvidenceStage:
    name = "evidence"
    requires = ("doc", "events")
    provides = ("events",)

    def __init__(self, nlp, resources):
        self.model = getattr(resources, "evidence", None)
        self.cameo = getattr(resources, "cameo", None)

    def __call__(self, state: ArticleState) -> None:
        if self.model is None or not state.events:
            return
        groups: dict[int, list[Event]] = defaultdict(list)
        for ev in state.events:
            groups[ev.evidence.sentence_index].append(ev)
        order = sorted(groups)
        probs = self.model.predict_proba([groups[i][0].evidence.sentence for i in order],
                                         [rule_features(groups[i]) for i in order])
        decided: dict[int, Event] = {}  # id(rule event) -> the event after the model's say
        for i, p in zip(order, probs):
            for old, new in zip(groups[i], decide(groups[i], p, self.model.policy, self.cameo)):
                decided[id(old)] = new
        state.events = [decided[id(e)] for e in state.events if id(e) in decided]
        kept = {e.event_id for e in state.events}
        for eid in [k for k in state.event_anchors if k not in kept]:
            del state.event_anchors[eid]
