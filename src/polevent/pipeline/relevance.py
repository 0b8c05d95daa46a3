"""Relevance stage: is the article political news, or sport, culture, business, a feature, an
obituary, readers' letters or an opinion column?

Events are kept either way; each gets ``relevance`` and ``relevance_reason`` so that users filter
rather than lose data, and the default outputs (``polevent code``, ``query``, the GDELT export) leave
out events of articles that are not political news (see ``reportable``).

The decision is made once per article from polevent's own cue table (``data/genres.csv``):
- a *strong* cue decides on its own: an obituary's "who has died aged 83" / "is survived by", a
  letters page footer, a columnist's byline line, a book-review footer, a series-feature footer;
  a *tail* cue is a strong cue that must be in the last ``TAIL_CHARS`` characters (an author's bio
  line ending a comment piece: "• Jane Roe is a senior fellow at ...");
- *word* cues are counted per 1,000 words for each genre and for political news; a genre wins when
  it reaches ``MIN_DENSITY`` and outweighs the political words ``MARGIN`` times (a match report
  full of goals and fans, with one mention of the government, is sport; a war report that mentions
  a football stadium is not).

A review of the year (a review title, or four or more month names used as section headings:
"January The year began ...", "August The number of ...") is political or not by the same rules,
but its acts happened across the months it reviews: every event not already background becomes
background (``review of the year: ...``), keeping its own date where the text gives one.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DataError
from .state import ArticleState

GENRES = {"political", "sport", "culture", "business", "feature", "obituary", "letters", "opinion"}
MIN_DENSITY = 12.0  # genre words per 1,000 words
MARGIN = 1.5  # genre words must outnumber political words this many times
TAIL_CHARS = 300
_WORD = re.compile(r"[a-z][a-z'’-]*")


@dataclass(frozen=True)
class GenreCues:
    strong: tuple[tuple[str, re.Pattern, str], ...]  # (genre, pattern, note)
    tail: tuple[tuple[str, re.Pattern, str], ...]  # strong cues of the article's last characters
    words: dict[str, frozenset[str]]  # genre -> cue words

    @classmethod
    def load(cls, path: Path | None = None) -> "GenreCues":
        src = path or resources.files("polevent.data").joinpath("genres.csv")
        strong, tail, words = [], [], {}
        with src.open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                genre, kind, pattern = (row.get("genre") or "").strip(), (row.get("kind") or "").strip(), row.get("pattern") or ""
                if genre not in GENRES or kind not in {"strong", "tail", "word"} or not pattern:
                    raise DataError(f"{src}: line {n}: needs a genre ({', '.join(sorted(GENRES))}), "
                                    "kind strong|tail|word and a pattern")
                if kind in {"strong", "tail"}:
                    flags = re.IGNORECASE | re.DOTALL if kind == "strong" else 0  # bio lines: case matters
                    try:
                        (strong if kind == "strong" else tail).append(
                            (genre, re.compile(pattern, flags), row.get("note") or ""))
                    except re.error as exc:
                        raise DataError(f"{src}: line {n}: bad pattern ({exc})") from None
                else:
                    words[genre] = words.get(genre, frozenset()) | frozenset(w.strip().lower() for w in pattern.split("|") if w.strip())
        return cls(strong=tuple(strong), tail=tuple(tail), words=words)

    def classify(self, text: str) -> tuple[str, str]:
        """(genre, reason) of an article's text."""
        end = text[-TAIL_CHARS:]
        for cues, where in ((self.strong, text), (self.tail, end)):
            for genre, pattern, note in cues:
                m = pattern.search(where)
                if m:
                    return genre, f"{note}: {' '.join(m.group(0).split())[:60]!r}"
        tokens = _WORD.findall(text.lower())
        if not tokens:
            return "political", "no words"
        per_k = 1000.0 / len(tokens)
        counts = Counter(t for t in tokens)
        density = {g: sum(counts[w] for w in ws) * per_k for g, ws in self.words.items()}
        political = density.get("political", 0.0)
        best = max((g for g in density if g != "political"), key=lambda g: density[g], default=None)
        if best is not None and density[best] >= MIN_DENSITY and density[best] >= MARGIN * political:
            return best, f"{best} words {density[best]:.0f} per 1,000 vs political {political:.0f}"
        return "political", f"political words {political:.0f} per 1,000"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# a month name as a section heading: at the start of the text or of a sentence, followed by a
# capitalised word, not by a day number ("August The number of South Sudanese ...")
_MONTH_HEADING = re.compile(r"(?:^|(?<=[.!?”\"’]\s))(" + "|".join(MONTHS) + r")\s+(?=[A-Z][a-z])")
_REVIEW_TITLE = re.compile(r"\b(?:year in review|review of the year|the year in (?:review|pictures|numbers)|"
                           r"(?:19|20)\d\d in review)\b", re.IGNORECASE)
MIN_MONTH_HEADINGS = 4


def year_review(text: str, title: str | None = None) -> str | None:
    """Why the article is a review of the year or of months past (its acts happened across the
    period, not on its date), or None: a review title, or at least four month names used as
    section headings."""
    if title and _REVIEW_TITLE.search(title):
        return f"title {title[:40]!r}"
    months = {m.group(1) for m in _MONTH_HEADING.finditer(text)}
    if len(months) >= MIN_MONTH_HEADINGS:
        return f"{len(months)} month headings"
    return None


class RelevanceStage:
    name = "relevance"
    requires = ("events",)
    provides = ("event_relevance",)

    def __init__(self, nlp, resources):
        self.cues: GenreCues = resources.genres if resources.genres is not None else GenreCues.load()

    def __call__(self, state: ArticleState) -> None:
        genre, reason = self.cues.classify(state.article.text)
        state.notes["relevance"] = (genre, reason)
        review = year_review(state.article.text, state.article.title)
        for e in state.events:
            e.relevance, e.relevance_reason = genre, reason
            if genre == "obituary" and not e.is_background:
                e.is_background, e.background_reason = True, "obituary: a life's history"
            elif review and not e.is_background:  # its own date, if the text gives one, is kept
                e.is_background, e.background_reason = True, f"review of the year: {review}"
