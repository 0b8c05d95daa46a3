import csv

import pytest

from polevent.bench import format_result, run, stories

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path):
    p = tmp_path / "c.csv"
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["disclaimer", "text", "title", "source", "prompt", "label", "mode"])
        for i in range(5):
            w.writerow(["", f"Egypt accused Israel of shelling Gaza on day {i}. Talks were held.", "t", "", "", "", ""])
    return p


def test_stories_are_streamed_and_limited(corpus):
    got = list(stories(corpus, 3))
    assert len(got) == 3 and got[0].date.isoformat() == "2023-01-01" and len({a.id for a in got}) == 3


def test_bench_measures_both_passes(coder, corpus):
    r = run(coder, corpus=corpus, n=4, batch_size=2)
    assert r.n == 4 and r.words > 0 and r.events >= 4
    assert r.spacy_seconds > 0 and r.polevent_seconds > 0 and r.ratio == pytest.approx(
        r.polevent_seconds / r.spacy_seconds, rel=0.01)
    assert r.peak_rss_mb > 0
    assert "ratio polevent/spaCy" in format_result(r)
