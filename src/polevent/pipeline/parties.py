"""Parties of a figure or an agreement: ISO-3 country codes from the actors of the sentence.

The article's main pair (the two countries most mentioned) is the default for figures "between the
countries"; see ``docs/quantities.md`` for the rules.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from spacy.tokens import Span

from .state import ArticleState, actors_in

PAIR_CUES = ("between the countries", "between the two countries", "between our countries",
             "between the two nations", "between our two countries", "between both countries",
             "mutual", "bilateral", "two-way", "both countries")


def main_pair(state: ArticleState) -> tuple[str, ...]:
    """The two countries most mentioned in the article (ties: first mentioned first)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in sorted(state.actor_mentions, key=lambda m: m.start):
        for country in dict.fromkeys(a.country for a in m.actors if a.country):
            counts[country] += 1
            first.setdefault(country, m.start)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    return tuple(ranked[:2])


def sentence_countries(state: ArticleState, sent: Span) -> list[str]:
    """Distinct country codes of the actors mentioned in a sentence, in text order."""
    return list(dict.fromkeys(a.country for a in actors_in(state, sent) if a.country))


def resolve_parties(countries: Sequence[str], scope: str, pair: Sequence[str],
                    sentence: str) -> tuple[list[str], str]:
    """Parties of a figure (sorted ISO-3) and the rule that chose them."""
    lowered = sentence.lower()
    if len(pair) == 2 and any(cue in lowered for cue in PAIR_CUES):
        return sorted(pair), "main-pair-cue"
    if scope == "single":
        return list(countries[:1]), "sentence-first"
    if len(countries) >= 2:
        both = [c for c in countries if c in pair]
        return sorted(both if len(both) == 2 else countries[:2]), "sentence-pair"
    if len(countries) == 1 and countries[0] not in pair:
        return list(countries), "sentence-one"
    return sorted(pair), "main-pair"
