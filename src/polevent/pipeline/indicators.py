"""Indicators: what an amount measures ("trade turnover", "aid", "casualties").

The vocabulary is ``data/indicators.csv`` (normalised name, scope, unit classes, phrases); phrases are
matched on token text or noun lemma, longest first. ``choose_indicator`` picks, for one amount, the
indicator mention it measures. Rules: ``docs/quantities.md``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources as package_files
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..errors import DataError
from .amounts import Amount, nearest

UNIT_CLASSES = frozenset({"money", "percent", "measure", "people", "items"})


@dataclass(frozen=True)
class Indicator:
    name: str  # normalised name, e.g. "trade turnover"
    scope: str  # "dyad" (between two parties) or "single" (one party)
    units: frozenset[str]  # unit classes it can be measured in: money|percent|measure|people|items
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorMention:
    start: int  # token indices into the Doc, end exclusive
    end: int
    indicator: Indicator
    text: str


def _phrase_words(phrase: str) -> tuple[str, ...]:
    """Split a phrase the way spaCy's English tokenizer splits it (hyphens are own tokens)."""
    return tuple(re.findall(r"\w+|[^\w\s]", phrase.lower()))


def _token_forms(tok: Token) -> set[str]:
    """The word as written, and its lemma for nouns ("exports" -> "export"); verbs match only as
    written, so "grant" (aid) does not match "granted bail"."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return {tok.lower_, tok.lemma_.lower()}
    return {tok.lower_}


class IndicatorVocabulary:
    """Indicator phrases matched on token text or lemma, longest phrase first."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.indicators = tuple(indicators)
        by_first: dict[str, list[tuple[tuple[str, ...], Indicator]]] = {}
        for ind in self.indicators:
            for phrase in ind.phrases:
                words = _phrase_words(phrase)
                if words:
                    by_first.setdefault(words[0], []).append((words, ind))
        for patterns in by_first.values():
            patterns.sort(key=lambda p: -len(p[0]))
        self._by_first = by_first

    @classmethod
    def load(cls, path=None) -> "IndicatorVocabulary":
        src = path or package_files.files("polevent.data").joinpath("indicators.csv")
        rows = []
        with src.open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    scope = row["scope"].strip()
                    if scope not in ("dyad", "single"):
                        raise ValueError(f"scope must be dyad or single, not {scope!r}")
                    phrases = tuple(p.strip() for p in row["phrases"].split("|") if p.strip())
                    units = frozenset(u.strip() for u in row["units"].split("|") if u.strip())
                    if not units <= UNIT_CLASSES:
                        raise ValueError(f"unknown unit classes {sorted(units - UNIT_CLASSES)}")
                    rows.append(Indicator(name=row["indicator"].strip(), scope=scope, units=units,
                                          phrases=phrases))
                except (KeyError, ValueError, AttributeError) as exc:
                    raise DataError(f"{src}: line {n}: {exc}") from exc
        return cls(rows)

    def get(self, name: str) -> Indicator:
        for ind in self.indicators:
            if ind.name == name:
                return ind
        raise KeyError(name)

    def find(self, span: Span) -> list[IndicatorMention]:
        """Leftmost-longest phrase matches inside ``span``."""
        doc, out, i = span.doc, [], span.start
        while i < span.end:
            hit = self._match_at(doc, i, span.end)
            if hit:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out

    def _match_at(self, doc: Doc, i: int, end: int) -> IndicatorMention | None:
        candidates = [p for form in _token_forms(doc[i]) for p in self._by_first.get(form, ())]
        for words, ind in sorted(candidates, key=lambda p: -len(p[0])):
            j = i + len(words)
            if j <= end and all(w in _token_forms(doc[i + k]) for k, w in enumerate(words)):
                return IndicatorMention(i, j, ind, doc[i:j].text)
        return None


# ---- the indicator of an amount ------------------------------------------------------------

_MAX_INDICATOR_DISTANCE = 30


def _covering(indicators: Sequence[IndicatorMention], tokens: Iterable[Token]) -> IndicatorMention | None:
    for tok in tokens:
        for ind in indicators:
            if ind.start <= tok.i < ind.end:
                return ind
    return None


def attached_indicator(doc: Doc, amount: Amount, indicators: Sequence[IndicatorMention]
                       ) -> IndicatorMention | None:
    """An indicator hanging off the amount ("$2bn of aid", "US$1.5bn in loans") or governing it
    ("killed 12 people", "12 demonstrators were arrested", "invested $300 million")."""
    root = doc[amount.start:amount.end].root
    objects = [o for p in root.children if p.dep_ == "prep" and p.lower_ in ("of", "in")
               for o in p.children if o.dep_ == "pobj"]
    head = root.head.head if root.head.dep_ == "prep" else root.head
    return _covering(indicators, objects) or _covering(indicators, [head] if head.i != root.i else [])


def _linked(doc: Doc, amount: Amount, ind: IndicatorMention) -> bool:
    """The indicator is in the amount's subtree, among its three nearest governors, or a sister
    of the amount ("left 80,000 people dead")."""
    root = doc[amount.start:amount.end].root
    near = {t.i for t in root.subtree} | {t.i for _, t in zip(range(3), root.ancestors)}
    near |= {t.i for t in root.head.children if t.dep_ in ("oprd", "acomp", "xcomp", "ccomp")}
    return any(i in near for i in range(ind.start, ind.end))


def _state_word(doc: Doc, amount: Amount, indicators: Sequence[IndicatorMention]) -> IndicatorMention | None:
    """An indicator that is the amount's own unit word and says what happened: "50 wounded"."""
    for ind in indicators:
        if amount.start <= ind.start and ind.end <= amount.end and doc[ind.end - 1].pos_ != "NOUN":
            return ind
    return None


def choose_indicator(doc: Doc, amount: Amount, indicators: Sequence[IndicatorMention]
                     ) -> tuple[IndicatorMention | None, str]:
    """The indicator an amount measures and how it was chosen: only indicators measured in the
    amount's unit class; one attached to the amount first, else the nearest (for counts of people,
    the nearest linked to the amount in the parse)."""
    fitting = [m for m in indicators if amount.unit_class in m.indicator.units]
    own = _state_word(doc, amount, fitting)
    if own:
        return own, "unit-word"
    attached = attached_indicator(doc, amount, fitting)
    if attached:
        return attached, "attached"
    if amount.unit_class == "people":
        return nearest([m for m in fitting if _linked(doc, amount, m)], amount), "linked"
    return nearest(fitting, amount, _MAX_INDICATOR_DISTANCE), "nearest"
