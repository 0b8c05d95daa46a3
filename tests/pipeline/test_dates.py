"""Dates stage: resolution rules (pure) and the stage on hand-built states (spaCy)."""
from __future__ import annotations

import datetime as dt
import pytest

from polevent.model import Actor, Article, Cameo, Event, Plover
from polevent.pipeline.dates import DateStage, is_duration, resolve
from polevent.pipeline.state import ArticleState

THURSDAY = dt.date(2023, 5, 4)  # the sample article's date


@pytest.mark.parametrize("text, future, value, precision", [
    ("September", True, "2023-09", "month"),
    ("September", False, "2022-09", "month"),
    ("May", False, "2023-05", "month"),  # the article's own month
    ("May", True, "2023-05", "month"),
    ("mid-September", True, "2023-09", "month"),
    ("last September", True, "2022-09", "month"),
    ("next April", False, "2024-04", "month"),
    ("September 2022", False, "2022-09", "month"),
    ("Sept. 2021", True, "2021-09", "month"),
    ("Tuesday", False, "2023-05-02", "day"),
    ("Tuesday", True, "2023-05-09", "day"),
    ("Thursday", False, "2023-05-04", "day"),  # the article's own weekday is the article's day
    ("last Thursday", False, "2023-04-27", "day"),
    ("next Tuesday", False, "2023-05-09", "day"),
    ("yesterday", False, "2023-05-03", "day"),
    ("today", True, "2023-05-04", "day"),
    ("this morning", False, "2023-05-04", "day"),
    ("tomorrow", True, "2023-05-05", "day"),
    ("12 March", False, "2023-03-12", "day"),
    ("12 March", True, "2024-03-12", "day"),
    ("March 12th", False, "2023-03-12", "day"),
    ("the 12th of March", False, "2023-03-12", "day"),
    ("May 2", True, "2024-05-02", "day"),
    ("May 2", False, "2023-05-02", "day"),
    ("Tuesday, May 2", False, "2023-05-02", "day"),
    ("March 12, 2022", True, "2022-03-12", "day"),
    ("2023-05-01", False, "2023-05-01", "day"),
    ("2022", False, "2022", "year"),
    ("early 2024", True, "2024", "year"),
    ("last year", False, "2022", "year"),
    ("next year", False, "2024", "year"),
    ("the end of the year", True, "2023", "year"),
    ("this summer", True, "2023", "year"),
    ("three years ago", False, "2020", "year"),
    ("two days ago", False, "2023-05-02", "day"),
    ("next month", False, "2023-06", "month"),
    ("last month", False, "2023-04", "month"),
    ("last week", False, "2023-04", "month"),  # no week precision: the month of (date - 7 days)
    ("next week", False, "2023-05", "month"),
    ("earlier this month", False, "2023-05", "month"),
])
def test_resolve(text, future, value, precision):
    got = resolve(text, THURSDAY, future=future)
    assert (got.value, got.precision) == (value, precision)


def test_last_week_crossing_a_month():
    assert resolve("last week", dt.date(2023, 6, 5)).value == "2023-05"
    assert resolve("next month", dt.date(2023, 12, 20)).value == "2024-01"


@pytest.mark.parametrize("text", [
    "three years", "the past 30 years", "2023-2025", "the next two years", "recent years",
    "annual", "a few months", "the past week", "between 2020 and 2022", "since 2015",
])
def test_durations_and_ranges_do_not_resolve(text):
    assert is_duration(text)
    assert resolve(text, THURSDAY) is None


@pytest.mark.parametrize("text", ["three years ago", "last week", "2023-05-01", "September"])
def test_points_are_not_durations(text):
    assert not is_duration(text)


@pytest.mark.parametrize("text", ["the year", "the anniversary year", "recently", "Feb 30"])
def test_unresolvable(text):
    assert resolve(text, THURSDAY) is None


@pytest.mark.parametrize("text, future, value", [
    ("3/12/2022", False, "2022-03-12"),  # dateparser's default order is month/day
    ("Sept 12 at noon", True, "2023-09-12"),
    ("the 12th", False, None),  # no month, no year: not handed to dateparser
])
def test_dateparser_fallback(text, future, value):
    assert resolve(text, THURSDAY, future) is None
    got = DateStage._fallback(text, THURSDAY, future)
    assert (got.value if got else None) == value


# -- the stage on parsed sentences ---------------------------------------------------------------

def run_stage(nlp, text, trigger, modality="asserted", date=THURSDAY):
    doc = nlp(text)
    article = Article(id="a1", date=date, text=text)
    state = ArticleState(article=article, doc=doc, resources=None)
    tok = next(t for t in doc if t.text == trigger)
    sent = tok.sent
    event = Event(event_id="e1", article_id="a1", date=date.isoformat(), date_precision="day",
                  article_date=date.isoformat(), source=Actor(text="x"), target=None,
                  cameo=Cameo("040", "04", "Consult", 1.0, 1), plover=Plover("CONSULT"),
                  modality=modality, location=None, evidence=state.evidence(sent, trigger),
                  rule="test", confidence=1.0)
    state.events.append(event)
    state.event_anchors[event.event_id] = tok.i
    DateStage(nlp, None)(state)
    return event, state


SUMMIT = ("President Tokayev has also confirmed his participation in the Summit of the Heads of State "
          "of Central Asia scheduled for September in Dushanbe.")
GENEVA = "On Tuesday, Putin said that the leaders will meet in Geneva."


@pytest.mark.slow
@pytest.mark.parametrize("text, trigger, modality, date, precision", [
    (SUMMIT, "participation", "scheduled", "2023-09", "month"),
    (SUMMIT, "confirmed", "scheduled", "2023-09", "month"),
    # September dates the summit, not the confirming:
    (SUMMIT, "confirmed", "asserted", "2023-05-04", "day"),
    ("The two ministers will meet in September to discuss trade.", "meet", "intended", "2023-09", "month"),
    ("The two ministers met in September to discuss trade.", "met", "asserted", "2022-09", "month"),
    ("Putin met Xi in Moscow on Tuesday.", "met", "asserted", "2023-05-02", "day"),
    # one DATE entity to the NER model ("Tuesday after months"): cut at the preposition
    ("Putin and Xi signed a treaty on Tuesday after months of talks.", "signed", "asserted", "2023-05-02", "day"),
    ("The leaders signed an agreement yesterday.", "signed", "asserted", "2023-05-03", "day"),
    ("In 2022, the trade turnover between the countries approached $1.5 billion.", "approached",
     "asserted", "2022", "year"),
    ("The foreign minister will visit China next month.", "visit", "intended", "2023-06", "month"),
    ("Iran has been under sanctions for three years, the minister said on 12 March.", "said", "asserted",
     "2023-03-12", "day"),
    (GENEVA, "said", "asserted", "2023-05-02", "day"),
    (GENEVA, "meet", "intended", "2023-05-04", "day"),  # Tuesday dates the saying, not the meeting
    ("The Presidents signed the 2023-2025 Roadmap to bring mutual trade up to $2 billion.", "signed",
     "asserted", "2023-05-04", "day"),
    # durations attached to the trigger never move the date:
    ("The legal framework has been developed over the past 30 years.", "developed", "asserted",
     "2023-05-04", "day"),
    ("The two countries have cooperated closely for three years.", "cooperated", "asserted",
     "2023-05-04", "day"),
    ("The Presidents signed the Declaration on Allied Interaction.", "signed", "asserted",
     "2023-05-04", "day"),
])
def test_stage_dates_event(nlp, text, trigger, modality, date, precision):
    event, _ = run_stage(nlp, text, trigger, modality)
    assert (event.date, event.date_precision) == (date, precision)


@pytest.mark.slow
def test_stage_leaves_a_reason_note(nlp):
    event, state = run_stage(nlp, "Putin met Xi in Moscow on Tuesday.", "met")
    assert "Tuesday" in state.notes["event_date_reasons"][event.event_id]


@pytest.mark.slow
def test_stage_uses_the_article_date_as_base(nlp):
    event, _ = run_stage(nlp, "Putin met Xi in Moscow on Tuesday.", "met", date=dt.date(2024, 1, 1))
    assert event.date == "2023-12-26"
