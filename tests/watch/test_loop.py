"""The watch cycle over a store, with a stand-in coder (no model): what is read, stored, remembered."""
import datetime as dt

import duckdb

from feedserver import Route, rss
from polevent.model import CodedArticle
from polevent.watch.fetch import Fetcher
from polevent.watch.loop import LazyCoder, Watcher
from polevent.watch.sources import parse_sources


class NoEvents:
    """Codes every article into no records, remembering what it was given."""

    def __init__(self):
        self.coded = []

    def code(self, articles, on_error=None):
        for a in articles:
            self.coded.append(a.id)
            yield CodedArticle(article=a)


def watcher(db, srcs, coder, errors):
    fetcher = Fetcher(timeout=2, retries=0)
    return Watcher(db, parse_sources(srcs, fetcher, lambda: dt.date(2026, 12, 2)), coder,
                   report_item=lambda e: errors.append(str(e)), report_source=lambda e: errors.append(str(e)))


def count(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_folder_cycles_store_new_and_changed_files_once(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    (inbox / "a.txt").write_text("date 2026-11-30\nGeorgia and Armenia met in Tbilisi.", encoding="utf-8")
    (inbox / "b.txt").write_text("no header", encoding="utf-8")
    coder, errors = NoEvents(), []
    res = watcher(db, [str(inbox)], coder, errors).cycle()
    assert (res.total("stored"), res.rejected, len(errors)) == (1, 1, 1) and "missing date header" in errors[0]
    assert watcher(db, [str(inbox)], coder, errors).cycle().total("read") == 0 and len(coder.coded) == 1
    (inbox / "a.txt").write_text("date 2026-11-30\nGeorgia and Armenia met in Yerevan.", encoding="utf-8")
    res = watcher(db, [str(inbox)], coder, errors).cycle()
    assert res.total("stored") == 1 and len(coder.coded) == 2
    assert count(db, "SELECT count(*) FROM watch_sources WHERE kind = 'folder' AND error IS NULL") == 1


def test_bad_feed_item_is_reported_once_and_a_failed_feed_keeps_its_error(tmp_path, server):
    server.routes["/r.xml"] = Route(rss([{"guid": "g1", "link": "http://127.0.0.1/1", "description": ""},
                                         {"guid": "g2", "link": "http://127.0.0.1/2", "description": "Talks."}]))
    db, coder, errors = tmp_path / "w.duckdb", NoEvents(), []
    url = server.url("/r.xml")
    watcher(db, [url], coder, errors).cycle()
    watcher(db, [url], coder, errors).cycle()
    assert len(errors) == 1 and "no content or summary" in errors[0] and len(coder.coded) == 1
    assert count(db, "SELECT count(*) FROM watch_items WHERE article_id IS NULL") == 1
    server.routes["/r.xml"] = Route(b"", status=500)
    res = watcher(db, [url], coder, errors).cycle()
    assert res.failed == 1 and "HTTP 500" in errors[-1]
    assert count(db, "SELECT error FROM watch_sources") == f"[E010] {url}: HTTP 500"


def test_lazy_coder_loads_only_when_there_is_something_to_code():
    loads = []
    lazy = LazyCoder(lambda: loads.append(1) or NoEvents(), lambda c: "stand-in")
    assert list(lazy.code(iter([]))) == [] and not lazy.loaded and loads == []
    assert lazy.model() == "stand-in" and loads == [1]
