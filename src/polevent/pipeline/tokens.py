"""A tokenizer whose cost is linear in the text, around spaCy's own.

spaCy's English tokenizer splits a text at white space, then peels prefixes and suffixes off each
white-space-free run one at a time; each step searches the rest of the run again (its suffix and
URL patterns are searched over the whole remaining run), so a run of L characters made of prefix
or suffix characters (``$$$$``, ``!?.,;:!?.,;:``) costs about L^2: 8,000 characters of ``$`` took
17 s. Degenerate stretches also make one token per character, about five times as many tokens per
character as news text, and every later component pays per token.

``LinearTokenizer`` leaves ordinary text to spaCy's tokenizer and gives two kinds of stretch fixed
pieces of ``PIECE`` characters instead, each piece one token:

- a white-space-free run longer than ``LONG_RUN`` characters (the longest run in the dev gold sets
  and the Guardian corpus is 32 characters: an e-mail address), except a URL (``://`` or ``www.``
  near its start) of at most ``LONG_URL`` characters, which spaCy keeps as one token at linear cost;
- a stretch of at least ``JUNK_RUN`` characters with no letter, digit or underscore (punctuation
  and symbols, possibly with spaces between them, but no line break: paragraph breaks stay tokens
  of their own, so sentences are split as before);
- a white-space-free run of at least ``DENSE_RUN`` characters that spaCy would split into more
  than one token per ``1 / DENSE`` characters (``a-a-a-a-a``: a token per character, where news
  text has one per five);
- ``SHORT_WORDS`` or more one-character words in a row on one line (``a a a a``: a token per two
  characters).

The Doc is built from words and spaces, so ``doc.text`` is the original text character for
character (every offset into it stays valid). A text with neither kind of stretch goes to spaCy's
tokenizer whole and gets exactly the tokens it always had. The other segments are tokenized by
spaCy separately; spaCy's tokenization of a white-space-free run does not depend on its
neighbours, so they get the same tokens as before.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Iterator

from spacy.tokens import Doc

LONG_RUN = 100  # a white-space-free run over this many characters is cut into pieces
LONG_URL = 2000  # ... unless it is a URL of at most this many characters
JUNK_RUN = 32  # a stretch of this many characters without a letter or digit is cut into pieces
DENSE_RUN, DENSE = 24, 0.5  # a run this long split into more than DENSE tokens per character
SHORT_WORDS = 16  # this many one-character words in a row are cut into pieces
PIECE = 32  # characters per piece (one token each)
_LONG = re.compile(r"\S{%d,}" % (LONG_RUN + 1))
_RUN = re.compile(r"(?<!\S)\S{%d,%d}(?!\S)" % (DENSE_RUN, LONG_RUN))
_SHORT = re.compile(r"(?:(?<!\S)\S[^\S\n]+){%d,}(?:\S(?!\S))?" % SHORT_WORDS)
_JUNK = re.compile(r"[^\w\s]+(?:[^\S\n]+[^\w\s]+)*")  # white space inside, but no line break


def _is_url(run: str) -> bool:
    head = run[:16]
    return len(run) <= LONG_URL and ("://" in head or "www." in head)


def degenerate_spans(text: str, count: Callable[[str], int] | None = None) -> list[tuple[int, int]]:
    """The (start, end) stretches of ``text`` that get fixed pieces, sorted and merged; ``count``
    (the number of tokens spaCy makes of a run) finds the dense runs."""
    spans = [m.span() for m in _LONG.finditer(text) if not _is_url(m.group())]
    spans += [m.span() for m in _JUNK.finditer(text) if m.end() - m.start() >= JUNK_RUN]
    spans += [m.span() for m in _SHORT.finditer(text)]
    if count is not None:
        spans += [m.span() for m in _RUN.finditer(text)
                  if not _is_url(m.group()) and count(m.group()) > DENSE * len(m.group())]
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for s, e in spans[1:]:
        if s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


class LinearTokenizer:
    """Wraps a spaCy tokenizer (``nlp.tokenizer = LinearTokenizer(nlp.tokenizer)``); anything else
    asked of it goes to the wrapped tokenizer."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.vocab = inner.vocab

    def __call__(self, text: str) -> Doc:
        spans = degenerate_spans(text, self._count)
        if not spans:
            return self.inner(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for start, end in spans + [(len(text), len(text))]:
            if start > pos and text[pos] == " " and words and not spaces[-1]:
                spaces[-1] = True  # one space after a piece belongs to it, as spaCy gives it to a token
                pos += 1
            if start > pos:
                for tok in self.inner(text[pos:start]):
                    words.append(tok.text)
                    spaces.append(bool(tok.whitespace_))
            for i in range(start, end, PIECE):
                words.append(text[i:min(i + PIECE, end)])
                spaces.append(False)
            pos = end
        return Doc(self.vocab, words=words, spaces=spaces)

    def _count(self, run: str) -> int:
        return len(self.inner(run))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (e.g. while unpickling)
            raise AttributeError(name)
        return getattr(self.inner, name)
