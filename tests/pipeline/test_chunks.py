"""Over-long articles are parsed in chunks and coded as one article over the original text (issue 13)."""
import datetime as dt

import pytest

from polevent.model import Article
from polevent.pipeline import chunks, parse

PARAGRAPHS = [
    "Ketoria's president Amal Dorrin met Chinese President Xi Jinping in Beijing on Tuesday.",
    "Russia accused Ukraine of shelling a border village, officials said.",
    "Kazakhstan and Tajikistan signed a treaty on their border. The two presidents praised the deal.",
    "France condemned the attack on Wednesday and demanded an inquiry.",
]
TEXT = "\n\n".join(PARAGRAPHS * 3)


def test_spans_cover_the_text_and_cut_after_paragraph_breaks():
    parts = chunks.spans(TEXT, limit=300)
    assert parts[0][0] == 0 and parts[-1][1] == len(TEXT)
    assert all(e - s <= 300 for s, e in parts) and all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    assert all(TEXT[e - 2:e] == "\n\n" for _, e in parts[:-1])
    assert chunks.spans("x" * 10, limit=300) == [(0, 10)]


def test_without_white_space_a_chunk_is_cut_at_the_limit():
    assert chunks.spans("$" * 250, limit=100) == [(0, 100), (100, 200), (200, 250)]


def test_a_chunked_article_is_coded_like_the_whole_one_with_offsets_into_its_text(coder, monkeypatch):
    a = Article(id="long", date=dt.date(2023, 5, 4), text=TEXT)
    whole = coder.code_one(a)
    monkeypatch.setattr(parse, "CHUNK_CHARS", 300)
    doc = chunks.parse_long(coder.nlp, TEXT, limit=300)
    assert doc.text == TEXT and len(chunks.spans(TEXT, 300)) > 3
    parts = coder.code_one(a)
    assert parts.events, "the chunked article has events"
    for e in parts.events:
        assert TEXT[e.evidence.start:e.evidence.end] == e.evidence.sentence
    key = lambda c: sorted((e.evidence.start, e.cameo.code, e.source.country, e.target and e.target.country)  # noqa: E731
                           for e in c.events)
    assert key(parts) == key(whole)


def test_a_time_budget_stops_a_long_parse_between_chunks(coder, monkeypatch):
    from polevent.errors import TimeBudgetError

    monkeypatch.setattr(parse, "CHUNK_CHARS", 300)
    ticks = iter(range(0, 10_000, 10))
    budget = parse.TimeBudget(15.0, clock=lambda: next(ticks))
    a = Article(id="long", date=dt.date(2023, 5, 4), text=TEXT, where="big.jsonl:3")
    errors = []
    out = list(parse.parse_batch(coder.nlp, [a], budget, on_error=lambda art, exc: errors.append(exc)))
    assert out == [] and len(errors) == 1 and isinstance(errors[0], TimeBudgetError)
    assert errors[0].where == "big.jsonl:3" and "chunk 2 of" in errors[0].reason
