"""What the stages share while one article is being coded.

A stage reads and adds to an ArticleState; it never reaches for global data. Stages declare what
they read (``requires``) and add (``provides``) so the coder can check the order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Doc, Span

from ..model import Actor, Agreement, Article, Event, Evidence, Quantity

if TYPE_CHECKING:
    from ..resources import Resources


# A "sentence" longer than this (a table, a list, junk: the longest sentence of the dev gold sets, the
# Guardian corpus and 300 synthetic stories has 112 tokens) gets no amount-based records: each
# record carries its sentence, so one record per amount would cost the square of its length.
MAX_SENTENCE_TOKENS = 250


@dataclass
class ActorMention:
    """A span of tokens that names one or more actors.

    ``start``/``end`` are token indices into the Doc (end exclusive). A compound mention
    ("Kazakhstan and Tajikistan", "the two Presidents", "the parties") carries every member.
    """

    start: int
    end: int
    actors: list[Actor]
    reason: str = ""

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


@dataclass
class ArticleState:
    article: Article
    doc: Doc
    resources: "Resources"
    actor_mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    # event_id -> token index of the event's trigger in ``doc`` (set by the events stage,
    # read by dates/places to look near the trigger)
    event_anchors: dict[str, int] = field(default_factory=dict)
    # key/value notes a stage leaves for a later one (e.g. the article's main countries)
    notes: dict = field(default_factory=dict)

    def mention_at(self, token_i: int) -> ActorMention | None:
        """The actor mention covering token ``token_i`` (the innermost, shortest one)."""
        best = None
        for m in self.actor_mentions:
            if m.covers(token_i) and (best is None or (m.end - m.start) < (best.end - best.start)):
                best = m
        return best

    @property
    def sentences(self) -> list[Span]:
        """The doc's sentences, computed once (``doc.sents`` rebuilds them on every access)."""
        if "_sentences" not in self.notes:
            self.notes["_sentences"] = list(self.doc.sents)
        return self.notes["_sentences"]

    def sentence_index(self, sent: Span) -> int:
        if "_sentence_at" not in self.notes:
            self.notes["_sentence_at"] = {s.start: i for i, s in enumerate(self.sentences)}
        try:
            return self.notes["_sentence_at"][sent.start]
        except KeyError:
            raise ValueError("span is not a sentence of this doc") from None

    def evidence(self, sent: Span, trigger: str = "") -> Evidence:
        """Evidence for a sentence: offsets slice ``article.text`` exactly to ``sentence``."""
        full = self.article.text  # the doc's text (spaCy rebuilds doc.text on every access)
        start, end = sent.start_char, sent.end_char
        text = full[start:end]
        stripped = text.rstrip()
        end -= len(text) - len(stripped)
        lead = len(stripped) - len(stripped.lstrip())
        start += lead
        return Evidence(sentence=full[start:end], sentence_index=self.sentence_index(sent),
                        start=start, end=end, trigger=trigger)


class Stage(Protocol):
    """A pipeline stage: one job, declared inputs and outputs, enriches the state in place."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, state: ArticleState) -> None: ...


def actors_in(state: ArticleState, sent: Span) -> list[Actor]:
    """Every actor mentioned inside a sentence, in text order (compound mentions expanded)."""
    out: list[Actor] = []
    for m in sorted(state.actor_mentions, key=lambda m: m.start):
        if sent.start <= m.start < sent.end:
            out.extend(m.actors)
    return out
