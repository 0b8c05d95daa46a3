"""Which coded events the outputs keep: the default view, ``--all-events`` and ``--min-confidence``.

The coder keeps every event it finds, each with the fields that say why it may not be wanted
(``relevance``, ``is_background``, ``modality``, ``confidence``). By default ``polevent code`` and
``polevent ingest`` keep only *reportable* events: acts of political news (``relevance ==
"political"``) reported as happening at the article's time (not ``is_background``), asserted,
intended or scheduled (not negated, hypothetical or background). ``--all-events`` keeps
everything, so that users can filter themselves; ``--min-confidence X`` keeps events whose
calibrated confidence is at least X (a probability that type, source and target are right).
``polevent eval`` scores every event: gold items are single sentences with no article around them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from .model import CodedArticle, Event

REPORTED_MODALITIES = frozenset({"asserted", "intended", "scheduled"})


def reportable(e: Event) -> bool:
    return e.relevance == "political" and not e.is_background and e.modality in REPORTED_MODALITIES


@dataclass(frozen=True)
class Selection:
    all_events: bool = False
    min_confidence: float = 0.0

    def keep(self, e: Event) -> bool:
        return (self.all_events or reportable(e)) and e.confidence >= self.min_confidence

    def apply(self, coded: CodedArticle) -> CodedArticle:
        return replace(coded, events=[e for e in coded.events if self.keep(e)])
