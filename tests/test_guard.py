"""Per-article containment (issue 13): one article that raises costs itself, not its batch."""
import dataclasses
import datetime as dt

import pytest
import spacy
from spacy.language import Language

from polevent.errors import ArticleError, InputError, StoreError, TimeBudgetError
from polevent.model import Article, CodedArticle
from polevent.pipeline.coder import Coder
from polevent.pipeline.parse import TimeBudget
from polevent.runner import code_items, ingest
from polevent.store.db import Store
from tests.store.store_factory import coded


@Language.component("test_fails_on_boom")
def fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("the parser choked")
    return doc


class Recorder:
    """A stage that records what it saw, raises on 'CRASH' and costs 10 fake seconds on 'SLOW'."""

    name, requires, provides = "recorder", ("doc",), ()

    def __init__(self, clock=None):
        self.seen, self.clock = [], clock

    def __call__(self, state):
        if "CRASH" in state.article.text:
            raise KeyError("no such actor")
        if "SLOW" in state.article.text and self.clock:
            self.clock.now += 10
        self.seen.append(state.article.id)


class FakeClock:
    now = 0.0

    def __call__(self):
        return self.now


def blank_coder(stage, batch_size=4, budget=None):
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fails_on_boom")
    c = Coder(nlp, resources=None, stages=[stage], batch_size=batch_size)
    if budget:
        c.budget = budget
    return c


def art(i, text, where=None):
    return Article(id=f"a{i}", date=dt.date(2023, 5, 4), text=text, where=where or f"in.jsonl:{i}")


def test_a_failing_parse_or_stage_costs_one_article_and_the_batch_goes_on():
    stage = Recorder()
    c = blank_coder(stage)
    batch = [art(1, "Fine one."), art(2, "BOOM here."), art(3, "Fine three."), art(4, "CRASH now."),
             art(5, "Fine five.")]
    errors = []
    out = list(code_items(batch, c, errors.append))
    assert [x.article.id for x in out] == ["a1", "a3", "a5"]
    assert [(type(e), e.where) for e in errors] == [(ArticleError, "in.jsonl:2"), (ArticleError, "in.jsonl:4")]
    assert str(errors[0]) == "[E008] in.jsonl:2: cannot code this article (ValueError: the parser choked)"
    assert "KeyError" in errors[1].reason


def test_without_on_error_the_error_is_raised_as_before():
    c = blank_coder(Recorder())
    with pytest.raises(ValueError, match="choked"):
        list(c.code([art(1, "Fine."), art(2, "BOOM.")]))


def test_an_article_over_its_time_budget_is_skipped_and_the_rest_coded():
    clock = FakeClock()
    stage = Recorder(clock)
    c = blank_coder(stage, budget=TimeBudget(5.0, clock=clock))
    errors = []
    out = list(code_items([art(1, "Quick."), art(2, "SLOW one."), art(3, "Quick again.")], c, errors.append))
    assert [x.article.id for x in out] == ["a1", "a3"]
    assert len(errors) == 1 and isinstance(errors[0], TimeBudgetError) and errors[0].code == "E009"
    assert errors[0].where == "in.jsonl:2" and "over the time budget of 5 s" in errors[0].reason


def test_the_time_budget_counts_the_article_share_of_its_parse():
    clock = FakeClock()
    budget = TimeBudget(1.0, clock=clock)
    a = art(1, "x")
    budget.check(a, started=clock(), after="the parse")  # within
    clock.now = 2.0
    with pytest.raises(TimeBudgetError, match="after the parse"):
        budget.check(a, started=0.0, after="the parse")
    TimeBudget(None, clock=clock).check(a, started=-1e9, after="anything")  # no limit


def test_a_repeated_id_with_another_text_is_reported_and_the_first_kept():
    c = blank_coder(Recorder())
    items = [art(1, "First text.", "x.jsonl:1"), art(1, "First text.", "x.jsonl:2"),
             art(1, "Other text.", "x.jsonl:3")]
    errors = []
    out = list(code_items(items, c, errors.append))
    assert [x.article.text for x in out] == ["First text."]
    assert [e.where for e in errors] == ["x.jsonl:3"]
    assert "id 'a1' was already read with a different date or text (at x.jsonl:1)" in errors[0].reason


def bad_row(c: CodedArticle) -> CodedArticle:
    """An article DuckDB cannot store (a lone surrogate, which only a caller bypassing the readers can make)."""
    e = dataclasses.replace(c.events[0], rule="rule \ud800")
    return dataclasses.replace(c, events=[e])


def test_store_write_of_one_bad_article_does_not_abort_the_others(tmp_path):
    good1, good2 = coded(text="Ketoria signed a pact."), coded(text="Varnland signed a pact.")
    bad = bad_row(coded(text="Ostrava signed a pact."))
    failed = []
    with Store(tmp_path / "s.duckdb") as s:
        stored = s.add_many([good1, bad, good2], on_error=lambda a, exc: failed.append(a.id))
        assert stored == [good1.article.id, good2.article.id]
        assert failed == [bad.article.id]
        assert s.counts()["articles"] == 2 and s.counts()["events"] == 2
        with pytest.raises(Exception):  # without on_error: all or nothing, as before
            s.add_many([coded(text="Ketoria met Varnland."), bad])
        assert s.counts()["articles"] == 2


def test_a_store_that_fails_for_every_article_is_a_store_error(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        batch = [bad_row(coded(text="Ketoria signed a pact.")), bad_row(coded(text="Varnland signed a pact."))]
        with pytest.raises(StoreError, match="cannot write to the store"):
            s.add_many(batch, on_error=lambda a, exc: None)


class ListCoder:
    """Codes each article as one hand-made record; its records for 'BADROW' cannot be stored."""

    def code(self, articles, on_error=None):
        for a in articles:
            c = coded(text=a.text)
            c = dataclasses.replace(c, article=a, events=[dataclasses.replace(e, article_id=a.id) for e in c.events])
            yield bad_row(c) if "BADROW" in a.text else c


def test_ingest_reports_an_unstorable_article_and_stores_the_rest(tmp_path):
    items = [art(1, "Ketoria signed."), art(2, "BADROW signed."), art(3, "Varnland signed.")]
    errors: list[InputError] = []
    with Store(tmp_path / "s.duckdb") as s:
        res = ingest(items, ListCoder(), s, errors.append, batch_size=8)
        assert (res.read, res.stored, res.skipped) == (3, 2, 0)
        assert s.stored_ids(["a1", "a2", "a3"]) == {"a1", "a3"}
    assert [e.where for e in errors] == ["in.jsonl:2"]
    assert errors[0].code == "E008" and "cannot store this article" in errors[0].reason
