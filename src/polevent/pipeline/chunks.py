"""Parse an over-long article in chunks and join them into one Doc over the original text.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters, error E088) and its parser
and NER need memory in proportion to the text parsed at once. An article over ``CHUNK_CHARS``
characters is cut into consecutive chunks of at most that many characters, preferably after a
blank line (a paragraph break, which starts a sentence anyway), else after a sentence end, else
after white space, in the second half of the window; each chunk is parsed alone and the Docs
are joined with ``Doc.from_docs(..., ensure_whitespace=False)``. The chunks are consecutive and
cover the text, so the joined Doc's text is the article text character for character: sentence
offsets (``text[start:end] == sentence``) hold as for any article, and the stages code the
article as one. A sentence never spans two chunks (a chunk's first token starts a sentence).
The hard cap on an article's length is the reader's (``io.readers.MAX_TEXT``, 5,000,000).
"""
from __future__ import annotations

import re
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

CHUNK_CHARS = 100_000
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _last_end(pattern: re.Pattern, text: str, lo: int, hi: int) -> int | None:
    end = None
    for m in pattern.finditer(text, lo, hi):
        end = m.end()
    return end


def spans(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) chunks covering ``text``, each at most ``limit`` characters."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = (_last_end(_PARAGRAPH, text, lo, hi) or _last_end(_SENTENCE, text, lo, hi)
               or _last_end(_SPACE, text, lo, hi) or hi)
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def parse_long(nlp: Language, text: str, after_chunk: Callable[[str], None] | None = None,
               limit: int = CHUNK_CHARS) -> Doc:
    """``text`` parsed chunk by chunk into one Doc whose text is ``text``; ``after_chunk(what)``
    is called after each chunk (e.g. to stop at a time budget by raising)."""
    parts = spans(text, limit)
    docs = []
    for i, (s, e) in enumerate(parts, start=1):
        docs.append(nlp(text[s:e]))
        if after_chunk:
            after_chunk(f"chunk {i} of {len(parts)} of the parse")
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
