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
        w.writerow(["", "Egypt accused Israel of shelling Gaza on day 0. Talks were held.", "t", "", "", "", ""])
        w.writerow(["", "", "empty", "", "", "", ""])
    return p


@pytest.mark.parametrize("n, expected", [(3, 3), (5, 5), (50, 5)])  # repeated and empty stories are left out
def test_stories_are_streamed_distinct_and_limited(corpus, n, expected):
    got = list(stories(corpus, n))
    assert len(got) == expected == len({a.id for a in got})
    assert {a.date.isoformat() for a in got} == {"2023-01-01"}


def test_bench_measures_both_passes_on_the_same_stories(coder, corpus):
    r = run(coder, corpus=corpus, n=4, batch_size=2)
    assert r.n == 4 and r.words > 0 and r.events >= 4 and r.workers == 1 and r.speedup is None
    assert r.spacy_seconds > 0 and r.polevent_seconds > 0
    assert r.ratio == pytest.approx(r.polevent_seconds / r.spacy_seconds, rel=0.01)
    assert r.articles_per_s == pytest.approx(4 / r.polevent_seconds, rel=0.01)
    assert r.peak_rss_mb >= max(r.rss_early_mb, r.rss_late_mb) > 0
    text = format_result(r)
    assert "ratio polevent/spaCy" in text and "worker processes" not in text
