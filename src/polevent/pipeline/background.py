"""Background stage: is the sentence reporting an act of the article's time, or background?

Sets ``is_background`` and ``background_reason`` on each event (kept, so users can filter; the
default outputs leave background out, see ``reportable``):
- ``history``: the dates stage placed the act more than ``HISTORY_DAYS`` before the article
  ("in 2016", "in 1956"): the event keeps that date and precision, never the article's day;
- ``history: past perfect``: "had fought", "had been killed" outside reported speech, with no
  date of its own: the act is earlier than the story; its modality becomes ``background`` so that
  it is not read as happening on the article's day ("X said troops had killed" is reported speech
  about a recent act and stays);
- ``history: cue``: "in the past", "previously", "years ago", "used to", "once" as the act's
  modifier;
- ``question``: the sentence asks ("Will Turkey attack?");
- ``obituary`` (set by the relevance stage): a life's history.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from . import syntax
from .state import ArticleState

HISTORY_DAYS = 366
HISTORY_ADVERBS = frozenset({"previously", "formerly", "once", "earlier", "historically", "ago"})
HISTORY_PHRASES = ("in the past", "used to", "years ago", "decades ago", "at the time", "back then",
                   "in the early", "in the late", "in the mid")


def _event_day(value: str) -> dt.date | None:
    parts = value.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 12
        d = int(parts[2]) if len(parts) > 2 else 28
        return dt.date(y, m, d)
    except (ValueError, IndexError):
        return None


def _past_perfect(tok: Token) -> bool:
    return "had" in syntax.aux_words(tok) and tok.tag_ == "VBN" and syntax.governing_speech_verb(tok) is None


def _history_cue(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ in {"advmod", "npadvmod"} and c.lower_ in HISTORY_ADVERBS:
            return c.lower_
    window = tok.sent.text.lower()
    for phrase in HISTORY_PHRASES:
        if phrase in window and any(phrase.split()[0] == t.lower_ for t in tok.subtree):
            return phrase
    return None


class BackgroundStage:
    name = "background"
    requires = ("events", "event_dates")
    provides = ("event_background",)

    def __init__(self, nlp, resources):
        pass

    def __call__(self, state: ArticleState) -> None:
        article_day = state.article.date
        for e in state.events:
            day = _event_day(e.date)
            if day is not None and (article_day - day).days > HISTORY_DAYS:
                e.is_background, e.background_reason = True, f"history: dated {e.date}"
                continue
            if e.evidence.sentence.rstrip(" \"'”’)").endswith("?"):
                e.is_background, e.background_reason = True, "question"
                continue
            anchor = state.event_anchors.get(e.event_id)
            if anchor is None:
                continue
            tok = state.doc[anchor]
            verb = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
            if e.date == article_day.isoformat() and (_past_perfect(verb) or _past_perfect(tok)):
                e.is_background, e.background_reason = True, "history: past perfect, no date of its own"
                if e.modality == "asserted":
                    e.modality = "background"
                continue
            cue = _history_cue(verb)
            if cue:
                e.is_background, e.background_reason = True, f"history: {cue!r}"
