"""One writer and readers on one store file: a second writer waits (bounded) or stops with one line; the
server's shared read-only connection steps aside for each batch commit and then sees it; a real
`polevent ingest` runs while the app answers every page and API request."""
import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from polevent.api import create_app
from polevent.api.deps import Settings
from polevent.api.reader import StoreReader
from polevent.errors import StoreError
from polevent.model import Article, CodedArticle
from polevent.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
POLEVENT = [sys.executable, "-c", "import sys; from polevent.cli import main; sys.exit(main())"]


def _coded(n: int) -> CodedArticle:
    day = dt.date(2021, 3, 1) + dt.timedelta(days=n)
    text = f"Estonia and Latvia opened border crossing number {n} at Valga."
    return CodedArticle(article=Article(id=Article.content_id(day, text), date=day, text=text))


def _articles(store: Path) -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def _run(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


WRITER = """
import sys, time, datetime as dt
from polevent.model import Article, CodedArticle
from polevent.store.db import Store
path, n, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
with Store(path, lock_timeout=10) as store:
    for i in range(n):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=i)
        text = f"Lithuania and Poland held talks on rail link {i} in Vilnius."
        store.add(CodedArticle(article=Article(id=Article.content_id(day, text), date=day, text=text)))
        time.sleep(pause)
print("done")
"""


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "shared.duckdb"
    with Store(path) as s:
        s.add_many([_coded(i) for i in range(3)])
    return path


def test_a_second_writer_waits_then_stops_with_one_line(store):
    with Store(store, lock_timeout=0):
        t = time.monotonic()
        with pytest.raises(StoreError) as exc:
            Store(store, lock_timeout=0.3)
        assert time.monotonic() - t >= 0.3
    assert "another polevent ingest is writing this store" in str(exc.value)
    assert "--lock-timeout" in str(exc.value) and "\n" not in str(exc.value)


def test_a_second_writer_gets_in_when_the_first_is_done(store):
    first = Store(store, lock_timeout=0)
    first.add(_coded(10))
    threading.Timer(0.3, first.close).start()
    with Store(store, lock_timeout=5) as second:
        second.add(_coded(11))
    assert _articles(store) == 5


def test_a_second_ingest_process_stops_with_one_line_and_the_store_is_intact(store, tmp_path):
    text = tmp_path / "one.txt"
    text.write_text("date 2021-05-01\nEstonia thanked Finland for the ferry.\n", encoding="utf-8")
    with Store(store, lock_timeout=0) as holder:
        holder.add(_coded(20))
        proc = subprocess.run([*POLEVENT, "ingest", str(text), "--db", str(store),
                               "--lock-timeout", "0.5"], env=ENV, capture_output=True, text=True, timeout=60)
        holder.add(_coded(21))  # the first writer goes on undisturbed
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert "[E005]" in lines[0] and "another polevent ingest" in lines[0] and "Traceback" not in proc.stderr
    assert _articles(store) == 5
    with Store(store) as s:
        assert s.counts()["articles"] == 5


def test_the_reader_steps_aside_for_each_commit_and_sees_it(store):
    reader = StoreReader(store, wait=10)
    with reader.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    writer = _run(WRITER, str(store), "4", "0.15")
    seen, deadline = [], time.monotonic() + 60
    while writer.poll() is None and time.monotonic() < deadline:
        with reader.cursor() as cur:
            seen.append(cur.execute("SELECT count(*) FROM articles").fetchone()[0])
        time.sleep(0.01)
    out, err = writer.communicate(timeout=30)
    assert writer.returncode == 0 and out.strip() == "done", err
    with reader.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] == 7
    assert seen == sorted(seen) and seen[0] == 3 and len(set(seen)) > 2  # it read between commits
    assert reader.opens >= 3  # reopened after commits, not once per read
    assert reader.opens < len(seen)
    reader.close()


def test_an_idle_reader_lets_the_writer_in(store):
    reader = StoreReader(store, wait=10)
    with reader.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    t = time.monotonic()
    writer = _run(WRITER, str(store), "2", "0")
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err  # it did not wait for its --lock-timeout (10 s) to run out
    assert reader.opens == 1 and time.monotonic() - t < 9
    with reader.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    assert reader.opens == 2
    reader.close()


def test_a_writer_that_never_lets_go_is_a_503_without_path_or_pid(store):
    holder = _run("import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); print('open', flush=True); "
                  "time.sleep(30)", str(store))
    try:
        assert holder.stdout.readline().strip() == "open"
        app = create_app(store, settings=Settings(db=store, read_wait=0.3))
        with TestClient(app) as c:
            for url in ("/api/events", "/events"):
                r = c.get(url)
                assert r.status_code == 503 and r.headers["retry-after"] == "2"
                assert "being written" in r.text and str(store) not in r.text
                assert str(holder.pid) not in r.text and "PID" not in r.text
                assert "content-security-policy" in r.headers
    finally:
        holder.kill()
        holder.wait()


def _write_articles(folder: Path, n: int) -> None:
    folder.mkdir()
    pairs = [("Estonia", "Latvia", "Tallinn"), ("Portugal", "Spain", "Lisbon"), ("Chile", "Peru", "Lima")]
    for i in range(n):
        a, b, city = pairs[i % len(pairs)]
        day = dt.date(2021, 6, 1) + dt.timedelta(days=i)
        (folder / f"{i:03d}.txt").write_text(
            f"date {day.isoformat()}\n{a} and {b} signed an agreement on fisheries number {i} in {city}.\n",
            encoding="utf-8")


@pytest.mark.slow
def test_the_dashboard_answers_while_a_real_ingest_runs(store, tmp_path):
    folder = tmp_path / "articles"
    _write_articles(folder, 40)
    app = create_app(store, settings=Settings(db=store))
    urls = ["/api/events?limit=5", "/api/actors", "/", "/events", "/map", "/dyads"]
    with TestClient(app) as c:
        ingest = subprocess.Popen([*POLEVENT, "ingest", str(folder), "--db", str(store)],
                                  env=ENV, stderr=subprocess.PIPE, text=True)
        totals, statuses, deadline = [], [], time.monotonic() + 240
        while ingest.poll() is None and time.monotonic() < deadline:
            for url in urls:
                r = c.get(url)
                statuses.append((url, r.status_code))
                if url.startswith("/api/events"):
                    totals.append(r.json()["total"])
                assert str(store) not in r.text
            time.sleep(0.02)
        err = ingest.communicate(timeout=60)[1]
        final = c.get("/api/events?limit=5").json()["total"]
    assert ingest.returncode == 0, err
    assert [s for s in statuses if s[1] != 200] == []
    assert len(totals) > 3 and totals == sorted(totals)
    with Store(store) as s:
        assert s.counts()["articles"] == 43 and final == s.counts()["events"] > 0


def test_cached_reads_are_dropped_when_the_store_changes(store):
    reader = StoreReader(store, wait=10, cache_size=2)
    count = lambda cur: cur.execute("SELECT count(*) FROM articles").fetchone()[0]  # noqa: E731
    with reader.lease() as (cur, gen):
        assert reader.cached(gen, "n", lambda: count(cur)) == 3
        assert reader.cached(gen, "n", lambda: -1) == 3  # kept
        reader.cached(gen, "a", lambda: "a")
        reader.cached(gen, "b", lambda: "b")
        assert reader.cached(gen, "n", lambda: -1) == -1  # the oldest of three was dropped (size 2)
    assert _run(WRITER, str(store), "1", "0").wait(60) == 0
    with reader.lease() as (cur, gen2):
        assert gen2 > gen
        assert reader.cached(gen2, "n", lambda: count(cur)) == 4
        assert reader.cached(gen, "n", lambda: "stale generation, not kept") == "stale generation, not kept"
        assert reader.cached(gen2, "n", lambda: -1) == 4
    reader.close()


def test_a_query_waits_for_a_sharing_writer_to_let_go(store):
    query = ("import sys; from polevent.store.db import connect; con = connect(sys.argv[1], read_only=True, wait=20); "
             "print(con.execute('SELECT count(*) FROM articles').fetchone()[0])")
    with Store(store, lock_timeout=10) as writer:
        writer.add(_coded(30))  # the writer keeps the file open: no reader waits yet
        proc = subprocess.run([sys.executable, "-c", query, str(store)], env=ENV, capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0 and proc.stdout.strip() == "4", proc.stderr
        writer.add(_coded(31))  # and opens it again afterwards
    assert _articles(store) == 5
