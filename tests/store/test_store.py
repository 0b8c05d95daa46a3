import duckdb
import pytest

from polevent.errors import StoreError, UsageError
from polevent.store.db import Store, connect
from polevent.store.query import EventFilter, search
from polevent.store.schema import SCHEMA_VERSION, current_version

from store_factory import coded


def test_store_is_idempotent(tmp_path):
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        assert s.add(coded()) is True
        assert s.add(coded()) is False
        first = s.counts()
    with Store(db) as s:
        assert s.add(coded()) is False
        assert s.counts() == first == {"articles": 1, "events": 1, "quantities": 1, "agreements": 1,
                                       "event_clusters": 1}


def test_schema_version_recorded(tmp_path):
    db = tmp_path / "t.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    assert current_version(con) == SCHEMA_VERSION
    con.close()


def test_failed_write_leaves_nothing(tmp_path):
    db = tmp_path / "t.duckdb"
    c = coded()
    c.events.append(c.events[0].__class__(**{**c.events[0].__dict__, "event_id": None}))  # NOT NULL violation
    with Store(db) as s:
        with pytest.raises(Exception):
            s.add(c)
        assert s.counts()["articles"] == 0 and s.counts()["events"] == 0
        assert s.counts()["event_clusters"] == 0


@pytest.mark.parametrize("flt, n", [
    (dict(), 3),
    (dict(dyad="TJK-KAZ"), 1),
    (dict(actor="RUS"), 2),
    (dict(cameo="19"), 1),
    (dict(type="SUPPORT"), 3),
    (dict(since="2023-06-01"), 2),
    (dict(until="2023-05-04"), 1),
])
def test_query_filters(tmp_path, flt, n):
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        s.add(coded())
        s.add(coded("Russia and China signed a deal.", "2023-07-01", "RUS", "CHN"))
        s.add(coded("Russia attacked Ukraine.", "2023-08-01", "RUS", "UKR", code="190"))
    con = connect(db, read_only=True)
    assert len(search(con, EventFilter.parse(**flt))) == n


@pytest.mark.parametrize("bad", [dict(dyad="KAZ"), dict(since="May 2023"), dict(cameo="sign")])
def test_bad_filters_are_usage_errors(bad):
    with pytest.raises(UsageError):
        EventFilter.parse(**bad)


def test_read_only_missing_store(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        connect(tmp_path / "none.duckdb", read_only=True)


def _v1_store(path, articles):
    """A store as polevent 0.1 (schema v1) wrote it: no event tables."""
    from polevent.store.db import event_values
    from polevent.store.schema import migrate

    con = duckdb.connect(str(path))
    assert migrate(con, target=1) == 1
    for c in articles:
        a = c.article
        con.execute("INSERT INTO articles (id, date, text, content_hash) VALUES (?, ?, ?, ?)",
                    [a.id, a.date, a.text, a.id])
        for e in c.events:
            v1 = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                            "WHERE table_name = 'events'").fetchall()}
            row = {k: v for k, v in event_values(e).items() if k in v1}  # the columns a v1 store had
            marks = ", ".join("?" * len(row))
            con.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({marks})", list(row.values()))
    con.close()


V1_ARTICLES = [coded(), coded("Tajikistan and Kazakhstan signed a treaty, officials said.", "2023-05-05", "TJK", "KAZ"),
               coded("Russia attacked Ukraine.", "2023-08-01", "RUS", "UKR", code="190")]


@pytest.mark.parametrize("read_only", [False, True])
def test_v1_store_is_migrated_and_its_mentions_merged(tmp_path, read_only):
    db = tmp_path / "old.duckdb"
    _v1_store(db, V1_ARTICLES)
    con = connect(db, read_only=read_only)  # a read-only open upgrades the store first
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION == 4
    rows = con.execute("SELECT block, num_mentions, num_articles FROM event_clusters ORDER BY block").fetchall()
    assert rows == [("SUPPORT|KAZ|TJK", 2, 2), ("SUPPORT|RUS|UKR", 1, 1)]
    assert con.execute("SELECT count(*) FROM mentions WHERE cluster_id IS NULL").fetchone()[0] == 0
    con.close()


def test_every_mention_belongs_to_exactly_one_event(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        for c in V1_ARTICLES:
            s.add(c)
        q = s.con.execute
        assert q("SELECT count(*), count(DISTINCT event_id) FROM cluster_members").fetchone() == (3, 3)
        assert q("SELECT count(*), count(DISTINCT cluster_id) FROM event_clusters").fetchone() == (2, 2)
        assert q("SELECT count(*) FROM events e ANTI JOIN cluster_members m ON m.event_id = e.event_id"
                 ).fetchone()[0] == 0
        assert q("SELECT sum(num_records) FROM event_clusters").fetchone()[0] == s.counts()["events"]


def test_repair_clusters_mentions_written_around_the_store(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        s.add(V1_ARTICLES[0])
        s.con.execute("DELETE FROM cluster_members")
        s.con.execute("DELETE FROM event_clusters")
        assert s.repair_events() == 1
        assert s.repair_events() == 0
        assert s.counts()["event_clusters"] == 1


def test_batches_in_any_order_give_the_events_of_a_full_rebuild(tmp_path):
    import random

    from polevent.model import Location

    rnd = random.Random(3)
    places = [None, Location("Bishkek", "KGZ", "KG.01", 42.87, 74.59, 1528675, "city"),
              Location("Tashkent", "UZB", "UZ.13", 41.26, 69.22, 1512569, "city")]
    pairs = [("KGZ", "UZB"), ("UZB", "KGZ")]
    articles = [coded(f"Report {i}.", f"2023-03-{1 + rnd.randrange(20):02d}", *rnd.choice(pairs),
                      location=rnd.choice(places), reciprocal=rnd.random() < 0.5) for i in range(80)]
    partitions = []
    for run in range(3):
        rnd.shuffle(articles)
        with Store(tmp_path / f"s{run}.duckdb") as s:
            i = 0
            while i < len(articles):
                n = rnd.randrange(1, 9)
                s.add_many(articles[i:i + n])
                i += n
            part = "SELECT list(event_id ORDER BY event_id) ids FROM cluster_members GROUP BY cluster_id ORDER BY ids"
            incremental = s.con.execute(part).fetchall()
            s.rebuild_events()
            assert s.con.execute(part).fetchall() == incremental
            partitions.append(incremental)
    assert partitions[0] == partitions[1] == partitions[2] and 5 < len(partitions[0]) < 80
