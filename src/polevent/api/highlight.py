"""Split an evidence sentence into plain and highlighted segments (trigger words, source, target).

The pages render segments as text inside ``<mark>`` elements, so article text is escaped like any other
text: nothing here produces HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None  # None for plain text, else "source", "target" or "trigger"


def _find(text: str, phrase: str, taken: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """First whole-word occurrence of phrase (exact case first, then any case) not overlapping ``taken``."""
    pattern = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
    for flags in (0, re.IGNORECASE):
        for m in re.finditer(pattern, text, flags):
            if all(m.end() <= s or m.start() >= e for s, e, _ in taken):
                return m.start(), m.end()
    return None


def spans(sentence: str, source: str | None, target: str | None, trigger: str | None) -> list[tuple[int, int, str]]:
    """Character spans (start, end, kind) of the actors' words and the trigger words in the sentence.

    A trigger such as "agreed restore" is matched as a phrase, else word by word ("agreed ... to restore")."""
    taken: list[tuple[int, int, str]] = []
    for kind, phrase in (("source", source), ("target", target)):
        if phrase and (hit := _find(sentence, phrase.strip(), taken)):
            taken.append((*hit, kind))
    if trigger and trigger.strip():
        hit = _find(sentence, trigger.strip(), taken)
        if hit:
            taken.append((*hit, "trigger"))
        else:
            for word in trigger.split():
                if (hit := _find(sentence, word, taken)):
                    taken.append((*hit, "trigger"))
    return sorted(taken)


def segments(sentence: str, source: str | None = None, target: str | None = None,
             trigger: str | None = None) -> list[Segment]:
    out, pos = [], 0
    for start, end, kind in spans(sentence, source, target, trigger):
        if start > pos:
            out.append(Segment(sentence[pos:start]))
        out.append(Segment(sentence[start:end], kind))
        pos = end
    if pos < len(sentence):
        out.append(Segment(sentence[pos:]))
    return out


def in_article(text: str, start: int | None, end: int | None) -> list[Segment]:
    """The article text in three segments: before, the evidence sentence (kind "evidence"), after."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return [Segment(text)]
    parts = [Segment(text[:start]), Segment(text[start:end], "evidence"), Segment(text[end:])]
    return [p for p in parts if p.text]
