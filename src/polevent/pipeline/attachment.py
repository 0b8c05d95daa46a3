"""Which words attach to an event: the parse paths that tie a time or place expression to a trigger.

Shared by the dates and places stages.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..model import Event
from .state import ArticleState

FUTURE_MODALITIES = frozenset({"intended", "scheduled"})
SCHEDULING_LEMMAS = frozenset({"schedule", "reschedule", "plan", "set", "slate", "expect", "hold",
                               "take", "postpone", "delay", "arrange", "organize", "organise",
                               "convene", "fix", "due"})


# -- attachment ------------------------------------

def is_clause_head(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass"))


def owner(tok: Token, trigger: Token) -> Token:
    """The first clause head (or the trigger) above ``tok``: what the expression modifies."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.i == trigger.i or is_clause_head(t):
            return t
    return t


def event_heads(trigger: Token) -> set[int]:
    """The trigger, the verb that governs a nominal trigger, and their coordinated verbs."""
    heads = {trigger.i}
    if not is_clause_head(trigger):
        heads.add(owner(trigger, trigger).i)
    doc = trigger.doc
    for i in list(heads):
        tok = doc[i]
        if tok.dep_ == "conj" and is_clause_head(tok.head):
            heads.add(tok.head.i)
        heads.update(c.i for c in tok.children if c.dep_ == "conj" and is_clause_head(c))
    return heads


def attachment_rank(expr_root: Token, trigger: Token, future: bool) -> int | None:
    """How directly an expression modifies the event: 0 the trigger itself, 1 its clause,
    2 a scheduling verb on the event ("summit scheduled for"), 3 (intended/scheduled events
    only) a scheduling verb or infinitive below the trigger. None: it modifies something else.
    """
    o = owner(expr_root, trigger)
    heads = event_heads(trigger)
    if o.i == trigger.i:
        return 0
    if o.i in heads:
        return 1
    if o.lemma_ in SCHEDULING_LEMMAS and o.head.i in heads:
        return 2
    infinitive = o.dep_ == "xcomp" and o.head.i in heads  # "agreed to meet in September"
    if future and trigger.is_ancestor(o) and (o.lemma_ in SCHEDULING_LEMMAS or infinitive):
        return 3
    return None


def governing_prep(tok: Token) -> str | None:
    """The preposition that takes the phrase headed by ``tok`` ("in" for "in early September")."""
    while tok.dep_ in ("compound", "appos", "conj", "nmod", "amod") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.pos_ == "ADP":
        return tok.head.lower_
    return None


def event_trigger(state: ArticleState, event: Event, sent: Span) -> Token:
    """The event's trigger token (``state.event_anchors``), or the sentence root without one."""
    anchor = state.event_anchors.get(event.event_id)
    return state.doc[anchor] if anchor is not None and sent.start <= anchor < sent.end else sent.root
