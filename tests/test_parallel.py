"""Coding in worker processes: input order kept, one coder per process, bounded read-ahead, errors
surface in the parent. Most tests use a coder without a model (FakeSpec); one compares a real
worker's store with a single-process one."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from pathlib import Path

import duckdb
import pytest

from polevent.errors import ModelError, WorkerError
from polevent.model import Actor, Article, Cameo, CodedArticle, Event, Evidence, Plover
from polevent.parallel import CoderSpec, ProcessCoder

ROOT = Path(__file__).resolve().parents[1]


@dataclasses.dataclass(frozen=True)
class FakeSpec:
    """A coder without a model (one event per article) that misbehaves on request."""

    fail_on: str = ""  # code() raises on this text
    exit_on: str = ""  # the worker process dies on this text
    fail_load: bool = False
    tag: bool = True  # put the coder's token (pid and load) in each article's ``source``
    batch_size: int = 2

    def load(self) -> "FakeCoder":
        if self.fail_load:
            raise ModelError("cannot load spaCy pipeline 'nope': no such package")
        return FakeCoder(self)


class FakeCoder:
    def __init__(self, spec: FakeSpec):
        self.spec = spec
        self.token = f"{os.getpid()}:{uuid.uuid4().hex[:8]}"  # one per load

    def code(self, articles, on_error=None):
        for a in articles:
            if a.text == self.spec.fail_on:
                raise ValueError(f"cannot code {a.text!r}")
            if a.text == self.spec.exit_on:
                os._exit(3)
            yield fake_coded(a, self.token if self.spec.tag else None)


def fake_coded(a: Article, token: str | None) -> CodedArticle:
    ev = Evidence(sentence=a.text, sentence_index=0, start=0, end=len(a.text), trigger="met")
    e = Event(event_id=f"{a.id}-0", article_id=a.id, date=a.date.isoformat(), date_precision="day",
              article_date=a.date.isoformat(), source=Actor(text="Kazakhstan", country="KAZ"),
              target=Actor(text="Tajikistan", country="TJK"),
              cameo=Cameo(code="040", root="04", name="Consult", goldstein=1.0, quad_class=1),
              plover=Plover(type="CONSULT"), modality="asserted", location=None, evidence=ev, rule="fake",
              confidence=0.5)
    return CodedArticle(article=dataclasses.replace(a, source=token) if token else a, events=[e])


def articles(n: int) -> list[Article]:
    return [Article(id=f"a{i:03d}", date=dt.date(2023, 1, 1) + dt.timedelta(days=i), text=f"story {i}")
            for i in range(n)]


def dump(db: Path) -> dict:
    """Every stored row, in key order, without the ingest timestamps."""
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for table, key, skip in [("articles", "id", {"ingested_at"}), ("events", "event_id", set()),
                             ("quantities", "quantity_id", set()), ("agreements", "agreement_id", set()),
                             ("event_clusters", "cluster_id", {"date_added"}), ("cluster_members", "event_id", set())]:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in skip]
        out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {key}").fetchall()
    con.close()
    return out


def test_input_order_one_load_per_process_and_bounded_read_ahead():
    pulled: list[str] = []

    def source():
        for a in articles(11):
            pulled.append(a.id)
            yield a

    with ProcessCoder(FakeSpec(), workers=2, chunk_size=2, window=3) as pc:
        out = pc.code(source())
        first = next(out)
        assert len(pulled) == 3 * 2  # window x chunk: the rest of the input is not read yet
        coded = [first, *out]
    assert [c.article.id for c in coded] == [a.id for a in articles(11)]
    tokens = {c.article.source for c in coded}
    assert 1 <= len({t.split(":")[0] for t in tokens}) == len(tokens) <= 2  # one coder per process
    assert not pc.running and len(pc.worker_peak_rss_mb) == 2 and min(pc.worker_peak_rss_mb) > 0


def test_an_error_in_a_worker_is_raised_in_the_parent_and_stops_the_workers():
    pc = ProcessCoder(FakeSpec(fail_on="story 3"), workers=1, chunk_size=2)
    with pytest.raises(ValueError, match="cannot code 'story 3'"):
        list(pc.code(articles(8)))
    assert not pc.running


def test_a_worker_that_dies_is_an_error_not_a_hang():
    pc = ProcessCoder(FakeSpec(exit_on="story 5"), workers=1, chunk_size=2, poll_seconds=0.1)
    with pytest.raises(WorkerError, match="stopped unexpectedly with exit code 3"):
        list(pc.code(articles(8)))
    assert not pc.running


def test_a_worker_that_cannot_load_the_model_says_why():
    with pytest.raises(ModelError, match="nope"):
        ProcessCoder(FakeSpec(fail_load=True), workers=1).start()


@pytest.mark.parametrize("workers", [0, -1])
def test_workers_must_be_positive(workers):
    with pytest.raises(ValueError):
        ProcessCoder(FakeSpec(), workers=workers)


@pytest.mark.parametrize("extra, says", [(["--workers", "0"], "--workers 0"),
                                         (["--shards", "x"], "--shards only applies with --dask"),
                                         (["--dask", "tcp://h:8786", "--workers", "2"], "dask worker ADDRESS"),
                                         (["--dask", "local", "--partition-size", "0"], "--partition-size 0")])
def test_cli_usage_errors_are_one_line_before_any_work(tmp_path, capsys, extra, says):
    from polevent.cli import main

    art = tmp_path / "a.txt"
    art.write_text("date 2023-03-10\nEgypt accused Israel of shelling Gaza.", encoding="utf-8")
    assert main(["ingest", str(art), "--db", str(tmp_path / "s.duckdb"), *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0]
    assert not (tmp_path / "s.duckdb").exists()


@pytest.mark.slow
def test_a_real_worker_stores_the_same_records_as_one_process(tmp_path, coder):
    from polevent.io.readers import read_paths
    from polevent.nlp import model_name
    from polevent.runner import ingest
    from polevent.store.db import Store

    inputs = [str(ROOT / "tests" / "data" / "store"), str(ROOT / "src" / "polevent" / "samples")]
    fail = lambda err: pytest.fail(str(err))  # noqa: E731
    with Store(tmp_path / "one.duckdb") as s:
        one = ingest(read_paths(inputs), coder, s, fail, model=model_name(coder.nlp), batch_size=2)
    with ProcessCoder(CoderSpec(batch_size=coder.batch_size), workers=1, chunk_size=coder.batch_size) as pc, \
            Store(tmp_path / "workers.duckdb") as s:
        many = ingest(read_paths(inputs), pc, s, fail, model=pc.model_name, batch_size=2)
    assert pc.model_name == model_name(coder.nlp)
    assert one.stored == many.stored > 3 and one.events == many.events > 0
    assert dump(tmp_path / "one.duckdb") == dump(tmp_path / "workers.duckdb")


class CountingStore:
    """Just enough of a Store for ``new_articles``: which ids are stored, and how often it was asked."""

    def __init__(self, stored: set[str]):
        self.stored, self.queries = stored, 0

    def stored_ids(self, ids):
        self.queries += 1
        return self.stored & set(ids)


@pytest.mark.parametrize("n, lookup, queries", [(0, 32, 0), (5, 32, 1), (64, 32, 2), (65, 32, 3), (7, 2, 4)])
def test_stored_articles_are_looked_up_in_chunks(n, lookup, queries):
    from polevent.runner import IngestResult, new_articles

    arts = articles(n)
    store, res, skips = CountingStore({a.id for a in arts[::3]}), IngestResult(), []
    fresh = list(new_articles(arts, store, res, on_skip=lambda r: skips.append(r.skipped), lookup=lookup))
    assert [a.id for a in fresh] == [a.id for i, a in enumerate(arts) if i % 3]
    assert store.queries == queries and res.read == n and res.skipped == len(skips) == len(arts[::3])


def test_gc_frozen_freezes_only_inside_the_block():
    import gc

    from polevent.runner import gc_frozen

    with gc_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
