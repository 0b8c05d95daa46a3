"""Events vs mentions in the store, end to end: hand-written articles coded by the real coder."""
from pathlib import Path

import pytest

from polevent.io.readers import read_paths
from polevent.store.db import Store

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data" / "store"
SAME_SIGNING = ["2023-01-27-border-treaty-wire.txt", "2023-01-27-border-treaty-state-visit.txt",
                "2023-01-30-border-treaty-ratification.txt"]
LOOKALIKES = ["2023-01-28-tashkent-markets-protocol.txt", "2023-06-15-naryn-water-agreement.txt"]


@pytest.fixture(scope="module")
def coded_articles(coder):
    articles = {p.name: a for p in sorted(DATA.glob("*.txt")) for a in read_paths([p])}
    return {name: coder.code_one(a) for name, a in articles.items()}


def _store(path, coded_articles, names):
    with Store(path) as s:
        for name in names:
            s.add(coded_articles[name])
    return path


def _signings(con):
    return con.execute("SELECT date, location_name, num_mentions, num_articles, num_records, first_seen, "
                       "last_seen FROM event_clusters WHERE block = 'SUPPORT|KGZ|UZB' ORDER BY date").fetchall()


def test_one_signing_reported_three_ways_is_one_event_with_three_mentions(tmp_path, coded_articles):
    with Store(_store(tmp_path / "s.duckdb", coded_articles, SAME_SIGNING)) as s:
        rows = _signings(s.con)
        assert len(rows) == 1
        date, place, mentions, articles, records, first, last = rows[0]
        assert (date, place, mentions, articles) == ("2023-01-27", "Bishkek", 3, 3)
        assert records == 6  # each sentence coded both ways (a joint act)
        assert (first.isoformat(), last.isoformat()) == ("2023-01-27", "2023-01-30")
        # every mention row points at its event through the mentions view
        n = s.con.execute("SELECT count(*) FROM mentions WHERE cluster_id = (SELECT cluster_id FROM "
                          "event_clusters WHERE block = 'SUPPORT|KGZ|UZB')").fetchone()[0]
        assert n == 6


def test_lookalike_signings_stay_apart(tmp_path, coded_articles):
    with Store(_store(tmp_path / "s.duckdb", coded_articles, SAME_SIGNING + LOOKALIKES)) as s:
        rows = _signings(s.con)
    assert [(r[0], r[1], r[3]) for r in rows] == [("2023-01-27", "Bishkek", 3), ("2023-01-28", "Tashkent", 1),
                                                  ("2023-06-15", "Bishkek", 1)]


def test_events_do_not_depend_on_ingest_order_or_batches(tmp_path, coded_articles):
    names = SAME_SIGNING + LOOKALIKES
    orders = [names, names[::-1], [names[3], names[1], names[4], names[0], names[2]]]
    partitions = []
    for i, order in enumerate(orders):
        with Store(_store(tmp_path / f"s{i}.duckdb", coded_articles, order)) as s:
            partitions.append(s.con.execute(
                "SELECT list(event_id ORDER BY event_id) AS ids FROM cluster_members GROUP BY cluster_id "
                "ORDER BY ids").fetchall())
            before = s.counts()
            assert s.rebuild_events() == before["event_clusters"]  # rebuilding is idempotent
            assert s.counts() == before
    assert partitions[0] == partitions[1] == partitions[2]
