"""Coding on a Dask cluster (a LocalCluster in this process): partitions, Parquet shards, one load
into the store; the records equal the single-process path's. Needs the ``dask`` extra."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from polevent import distributed as dist  # noqa: E402
from polevent.cli import main  # noqa: E402
from polevent.errors import WorkerError  # noqa: E402
from polevent.io.readers import read_paths  # noqa: E402
from polevent.store.db import Store  # noqa: E402
from test_parallel import ROOT, FakeSpec, articles, dump  # noqa: E402


def fail(err):
    pytest.fail(str(err))


SESSION: dict = {}  # the test session's loaded coder, handed to in-process Dask workers


class SessionSpec:
    """Gives an in-process worker (``processes=False``) the session's coder instead of loading the
    model a second time; ``CoderSpec.load`` in a worker process is tested in test_parallel.py."""

    def load(self):
        return SESSION["coder"]


def test_each_worker_codes_with_one_coder_and_shards_load_once(tmp_path):
    from polevent.runner import ingest
    from test_parallel import FakeCoder

    spec = FakeSpec(tag=False)
    with dist.connect(dist.LOCAL, workers=2, processes=False) as client:
        client.register_plugin(dist.CoderPlugin(spec, freeze_gc=False), name=dist.PLUGIN)
        shards = list(dist.code_on_cluster(client, iter(articles(7)), tmp_path, partition_size=2, window=2))
    assert sorted(s.index for s in shards) == [0, 1, 2, 3]
    assert sorted(s.articles for s in shards) == [1, 2, 2, 2]
    assert 1 <= len({s.coder for s in shards}) <= 2  # one coder per worker, not per partition
    with Store(tmp_path / "dask.duckdb") as store:
        loaded = [dist.load_shard(store, Path(s.path)) for s in sorted(shards, key=lambda s: s.index)]
        again = dist.load_shard(store, Path(shards[0].path))
    assert loaded == [(2, 2), (2, 2), (2, 2), (1, 1)] and again == (0, 0)
    with Store(tmp_path / "one.duckdb") as store:
        ingest(articles(7), FakeCoder(spec), store, fail, batch_size=3)
    assert dump(tmp_path / "dask.duckdb") == dump(tmp_path / "one.duckdb")


def test_ingest_skips_stored_articles_and_removes_its_temporary_shards(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"date": f"2023-01-0{i + 1}", "text": f"story {i}"}) + "\n"
                           for i in range(5)), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        first = dist.ingest(read_paths([src]), FakeSpec(tag=False), store, fail, workers=1, processes=False,
                            partition_size=2)
        again = dist.ingest(read_paths([src]), FakeSpec(tag=False), store, fail, workers=1, processes=False)
    assert (first.read, first.stored, first.events) == (5, 5, 5)
    assert (again.read, again.stored, again.skipped) == (5, 0, 5)
    assert not list(tmp_path.glob(".polevent-shards-*"))


def test_a_missing_shard_names_the_fix(tmp_path):
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(WorkerError, match="--shards"):
        dist.load_shard(store, tmp_path / "part-000000-gone")


def test_an_unreachable_scheduler_is_one_error_line():
    with pytest.raises(WorkerError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with dist.connect("tcp://127.0.0.1:9", timeout=0.5):
            pass


def test_without_dask_the_cli_says_what_to_install(tmp_path, capsys, monkeypatch):
    import polevent

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    monkeypatch.delitem(sys.modules, "polevent.distributed")
    monkeypatch.delattr(polevent, "distributed")
    art = tmp_path / "a.txt"
    art.write_text("date 2023-03-10\nEgypt accused Israel of shelling Gaza.", encoding="utf-8")
    assert main(["ingest", str(art), "--db", str(tmp_path / "s.duckdb"), "--dask", "local"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'polevent[dask]'" in err[0]
    assert not (tmp_path / "s.duckdb").exists()


@pytest.mark.slow
def test_records_equal_the_single_process_path(tmp_path, coder):
    from polevent.nlp import model_name
    from polevent.runner import ingest

    inputs = [str(ROOT / "tests" / "data" / "store"), str(ROOT / "src" / "polevent" / "samples")]
    with Store(tmp_path / "one.duckdb") as s:
        one = ingest(read_paths(inputs), coder, s, fail, model=model_name(coder.nlp))
    with Store(tmp_path / "dask.duckdb") as s:
        SESSION["coder"] = coder
        spread = dist.ingest(read_paths(inputs), SessionSpec(), s, fail, workers=1, processes=False,
                             partition_size=3)
    assert (spread.read, spread.stored) == (one.read, one.stored) and one.stored > 6
    assert dump(tmp_path / "one.duckdb") == dump(tmp_path / "dask.duckdb")
