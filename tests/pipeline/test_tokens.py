"""The tokenizer of linear cost (issue 13): same tokens on ordinary text, fixed pieces on degenerate stretches."""
import pytest

from polevent.pipeline import tokens
from polevent.pipeline.tokens import PIECE, LinearTokenizer, degenerate_spans

NEWS = ("Ketoria's foreign minister, Amal Dorrin, met U.S. envoys in Geneva on 4 May (reuters.com/x-y). "
        "\"We won't accept it!\" she said... Trade rose 12.5% to $3.2bn -- a record.\n\nSee ketoria@gov.kt")


@pytest.fixture(scope="module")
def linear(nlp):
    assert isinstance(nlp.tokenizer, LinearTokenizer), "polevent.nlp.load installs the linear tokenizer"
    return nlp.tokenizer


def test_ordinary_text_gets_exactly_spacy_tokens(linear):
    assert degenerate_spans(NEWS, linear._count) == []
    ours, theirs = linear(NEWS), linear.inner(NEWS)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]


@pytest.mark.parametrize("text", [
    "$" * 50_000, "!?.,;:" * 5000, "!?.,;: " * 4000, "a" * 20_000, "$ " * 3000,
    NEWS + " " + "$" * 5000 + " " + NEWS, "Ketoria!!!" + "!" * 500 + "Varnland", "\u00e9" * 300 + "\n\n" + NEWS,
])
def test_degenerate_text_keeps_its_characters_and_gets_few_tokens(linear, text):
    doc = linear(text)
    assert doc.text == text
    junk = sum(e - s for s, e in degenerate_spans(text))
    assert junk > 0
    assert len(doc) <= junk // PIECE + 2 * len(linear.inner(NEWS)) + 4  # pieces, plus the ordinary words
    assert all(len(t.text) <= max(PIECE, tokens.LONG_RUN) for t in doc)


def test_ordinary_segments_around_a_degenerate_run_keep_their_tokens(linear):
    text = NEWS + " " + "$" * 5000 + " " + NEWS
    words = [t.text for t in linear(text)]
    news = [t.text for t in linear.inner(NEWS)]
    assert words[:len(news)] == news and words[-len(news):] == news
    assert words[len(news):-len(news)] == ["$" * PIECE] * (5000 // PIECE) + ["$" * (5000 % PIECE)]


def test_spans_long_runs_and_junk_stretches():
    assert degenerate_spans("ok " + "x" * 101 + " ok") == [(3, 104)]
    assert degenerate_spans("ok " + "x" * 100 + " ok") == []
    url = "(http://www.example.org/" + "a-b/" * 100 + "x.html)."
    assert degenerate_spans(f"See {url} now") == [] and degenerate_spans("http://" + "x" * 2001) == [(0, 2008)]
    assert degenerate_spans("ab " + "** " * 11 + "bc") == [(3, 35)]
    assert degenerate_spans("ab " + "** " * 10 + "bc") == []


def test_dense_runs_get_pieces_but_ordinary_compounds_do_not(linear):
    dense = "x " + "a-" * 20 + " y"
    assert degenerate_spans(dense, linear._count) == [(2, 42)]
    for word in ["Kazakhstan-Tajikistan-Uzbekistan", "(U.S.-China-Russia-Iran),", "1,000,000,000,000,000,000"]:
        assert degenerate_spans(f"The {word} talks", linear._count) == [], word


def test_long_rows_of_one_character_words_get_pieces():
    assert degenerate_spans("x " + "a " * 20 + "yes") == [(0, 42)]
    assert degenerate_spans("x " + "a " * 14 + "yes") == []
    assert degenerate_spans("I said a word to a man, I did.") == []
