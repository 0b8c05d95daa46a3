"""Parse a batch of articles so that one article's failure costs only that article, under a time budget.

The batch goes through ``nlp.pipe`` together (spaCy is fastest in batches). If that raises, the
batch is parsed again one article at a time, so that only the article that raises is lost (it
goes to ``on_error``; without ``on_error`` the error is raised, as before). Articles over
``chunks.CHUNK_CHARS`` characters are parsed alone, in chunks (``chunks.parse_long``).

Time budget (``TimeBudget``): an article is charged its share of its batch's parse (the batch's
parse time split in proportion to text length: parsing is linear in the text, see
``pipeline/tokens.py``) plus its own stages; the budget is checked after the parse, after each chunk of a long article and
after each stage. Past the budget the article is skipped with one line (E009) and the batch goes
on. The check is cooperative (between steps, not a signal interrupting one): a signal would only
work in a process's main thread (not in the server's worker threads) and, raised inside
``nlp.pipe``, would cost the whole batch; the steps themselves are bounded, since parsing is linear
in the text and the text is capped (``io.readers.MAX_TEXT``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import TimeBudgetError
from ..guard import OnError, where_of
from ..model import Article
from .chunks import CHUNK_CHARS, parse_long

DEFAULT_TIME_BUDGET = 300.0  # seconds per article (the CLI's --time-budget default)


@dataclass(frozen=True)
class TimeBudget:
    """At most ``seconds`` of coding per article (None: no limit)."""

    seconds: float | None = None
    clock: Callable[[], float] = field(default=time.perf_counter, compare=False)

    def check(self, article: Article, started: float, after: str) -> None:
        if self.seconds is not None and self.clock() - started > self.seconds:
            raise TimeBudgetError(where_of(article), f"over the time budget of {self.seconds:g} s per article "
                                                     f"(after {after}); see --time-budget")


def _fail(article: Article, exc: Exception, on_error: OnError | None) -> None:
    if on_error is None:
        raise exc
    on_error(article, exc)


def parse_batch(nlp: Language, batch: Sequence[Article], budget: TimeBudget, on_error: OnError | None = None,
                batch_size: int = 32) -> Iterator[tuple[Article, Doc, float]]:
    """(article, doc, seconds of parse charged to it) for each article of ``batch`` that parses, in
    input order."""
    clock = budget.clock
    short = [a for a in batch if len(a.text) <= CHUNK_CHARS]
    parsed: dict[int, tuple[Doc, float]] = {}
    t0 = clock()
    try:
        docs = list(nlp.pipe([a.text for a in short], batch_size=batch_size))
    except Exception:  # noqa: BLE001 - parsed again one by one below, to find the article that raises
        docs = None
    if docs is not None:
        t1 = clock()
        total = sum(len(a.text) for a in short) or 1
        for a, doc in zip(short, docs):
            parsed[id(a)] = (doc, (t1 - t0) * len(a.text) / total)
    for a in batch:
        if id(a) in parsed:
            doc, seconds = parsed.pop(id(a))
            yield a, doc, seconds
            continue
        started = clock()
        try:
            if len(a.text) > CHUNK_CHARS:
                doc = parse_long(nlp, a.text, after_chunk=lambda what: budget.check(a, started, what),
                                 limit=CHUNK_CHARS)
            else:
                doc = nlp(a.text)
        except Exception as exc:  # noqa: BLE001 - this article only
            _fail(a, exc, on_error)
            continue
        yield a, doc, clock() - started
