import datetime as dt

import duckdb
import pytest

from polevent.errors import StoreError, UsageError
from polevent.model import (Actor, Agreement, Article, Cameo, CodedArticle, Event, Evidence, Period, Plover,
                            Quantity)
from polevent.store.db import Store, connect
from polevent.store.query import EventFilter, search
from polevent.store.schema import SCHEMA_VERSION, current_version


def coded(text="Kazakhstan and Tajikistan signed a treaty.", date="2023-05-04", src="KAZ", tgt="TJK", code="057"):
    d = dt.date.fromisoformat(date)
    a = Article(id=Article.content_id(d, text), date=d, text=text)
    ev = Evidence(sentence=text, sentence_index=0, start=0, end=len(text), trigger="signed")
    e = Event(event_id=f"{a.id}-{src}-{tgt}", article_id=a.id, date=date, date_precision="day", article_date=date,
              source=Actor(text=src, country=src), target=Actor(text=tgt, country=tgt),
              cameo=Cameo(code=code, root=code[:2], name="Sign formal agreement", goldstein=8.0, quad_class=1),
              plover=Plover(type="SUPPORT", context=["diplomatic"]), modality="asserted", location=None,
              evidence=ev, rule="test", confidence=0.8, reciprocal=True)
    q = Quantity(indicator="mutual trade", indicator_raw="mutual trade", parties=[src, tgt], period="2023-2025",
                 value=2e9, unit="USD", qualifier="up to", kind="target", change_pct=None, evidence=ev)
    g = Agreement(name="Roadmap", kind="roadmap", parties=[src, tgt], signed=date, period=Period("2023", "2025"),
                  targets=[q], evidence=ev)
    return CodedArticle(article=a, events=[e], quantities=[q], agreements=[g])


def test_store_is_idempotent(tmp_path):
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        assert s.add(coded()) is True
        assert s.add(coded()) is False
        first = s.counts()
    with Store(db) as s:
        assert s.add(coded()) is False
        assert s.counts() == first == {"articles": 1, "events": 1, "quantities": 1, "agreements": 1}


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
