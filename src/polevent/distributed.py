"""Code on a Dask cluster (``polevent ingest --dask SCHEDULER_ADDRESS``, or ``--dask local``).

The client reads the input once, streamed, and sends partitions of new articles to the cluster,
at most ``window`` partitions in flight. Each Dask worker builds its Coder once, when it joins (a
worker plugin: the spaCy pipeline and polevent's data), codes the partitions it is given and writes
each as a Parquet shard: a folder with one file per record table, in the store's own columns. When
every partition is coded, the client loads the shards into the store, in input order, one
transaction per shard, so the store keeps its single writer and a re-run stores only what is
missing. The shard folder must be visible to every worker and to the client (one machine, or a
shared file system); see docs/scaling.md.

Needs the optional packages ``dask`` and ``distributed`` (``pip install 'polevent[dask]'``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from .errors import WorkerError
from .guard import failure
from .model import Article, CodedArticle
from .parallel import Spec, model_name
from .runner import IngestResult, Report, articles_only, chunks, new_articles
from .store import clusters
from .store.db import TABLE_KEYS, Store, insert_tables, table_rows
from .store.schema import migrate

PLUGIN = "polevent-coder"
LOCAL = "local"


class CoderPlugin(WorkerPlugin):
    """Builds the worker's Coder once, when the worker starts (or joins later). ``freeze_gc``:
    then keep the loaded model and data out of the garbage collector's passes (as
    ``runner.gc_frozen`` does), for workers that are processes of their own."""

    def __init__(self, spec: Spec, freeze_gc: bool = True):
        self.spec = spec
        self.freeze_gc = freeze_gc

    def setup(self, worker) -> None:
        self.coder = self.spec.load()
        if self.freeze_gc:
            gc.collect()
            gc.freeze()
        self.model = model_name(self.coder)
        self.token = uuid.uuid4().hex  # tells one loaded coder from another (tests)
        self.lock = threading.Lock()  # one partition at a time, even on a worker with several threads


@dataclass(frozen=True)
class Shard:
    index: int  # partition number, in input order
    path: str
    articles: int
    model: str
    coder: str  # token of the coder that coded it
    errors: tuple = ()  # one-line errors of the partition's articles that could not be coded


def code_partition(articles: list[Article], root: str, index: int) -> Shard:
    """Runs on a Dask worker: code ``articles`` with the worker's Coder and write their shard."""
    plugin = get_worker().plugins[PLUGIN]
    failed: list = []
    with plugin.lock:
        coded = list(plugin.coder.code(articles, on_error=lambda a, exc: failed.append(failure(a, exc))))
    path = Path(root) / f"part-{index:06d}-{uuid.uuid4().hex[:8]}"  # unique: a retried task never clashes
    write_shard(coded, path, plugin.model)
    return Shard(index=index, path=str(path), articles=len(coded), model=plugin.model, coder=plugin.token,
                 errors=tuple(failed))


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def write_shard(coded: list[CodedArticle], path: Path, model: str) -> None:
    """One Parquet file per record table, with the store's columns (``ingested_at`` is set at load)."""
    path.mkdir(parents=True)
    con = duckdb.connect()
    try:
        migrate(con)
        insert_tables(con, table_rows(coded, model, ingested_at=None))
        for table, _ in TABLE_KEYS:
            con.execute(f"COPY {table} TO {_quote(path / f'{table}.parquet')} (FORMAT parquet)")
    finally:
        con.close()


def load_shard(store: Store, path: Path) -> tuple[int, int]:
    """Store a shard's articles not stored yet, their records and the events their mentions join,
    in one transaction. Returns (articles stored, mentions stored)."""
    files = {t: str(path / f"{t}.parquet") for t, _ in TABLE_KEYS}
    if not all(Path(f).is_file() for f in files.values()):
        raise WorkerError(f"shard {path} is not visible here: pass --shards with a folder that every Dask "
                            "worker and this machine can read (see docs/scaling.md)")
    con = store.con
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE shard_new AS SELECT id FROM read_parquet(?) "
                    "WHERE id NOT IN (SELECT id FROM articles)", [files["articles"]])
        con.execute("INSERT INTO articles BY NAME SELECT * REPLACE (?::TIMESTAMP AS ingested_at) "
                    "FROM read_parquet(?) WHERE id IN (SELECT id FROM shard_new)", [now, files["articles"]])
        for table in ("events", "quantities", "agreements"):
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?) "
                        "WHERE article_id IN (SELECT id FROM shard_new)", [files[table]])
        where = "e.article_id IN (SELECT id FROM shard_new)"
        new = clusters.fetch(con, where)
        clusters.refresh(con, new, where, [])
        stored = con.execute("SELECT count(*) FROM shard_new").fetchone()[0]
        con.execute("DROP TABLE shard_new")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return stored, len(new)


@contextlib.contextmanager
def connect(address: str, workers: int | None = None, processes: bool = True,
            timeout: float = 30.0) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a new LocalCluster (``local``) with
    ``workers`` single-threaded workers (default: one per CPU), closed on exit."""
    if address == LOCAL:
        n = workers or os.cpu_count() or 1
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None,
                          silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise WorkerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise WorkerError(f"no Dask worker joined the scheduler at {address} within {timeout:.0f} s") from None
        yield client


@contextlib.contextmanager
def shard_folder(shards: str | Path | None, store: Store) -> Iterator[Path]:
    """``shards`` (kept), or a new temporary folder beside the store (removed afterwards)."""
    if shards:
        root = Path(shards).resolve()  # workers resolve a relative path against their own folder
        root.mkdir(parents=True, exist_ok=True)
        yield root
        return
    tmp = Path(tempfile.mkdtemp(prefix=".polevent-shards-", dir=Path(store.path).resolve().parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def code_on_cluster(client: Client, articles: Iterable[Article], root: Path, partition_size: int,
                    window: int) -> Iterator[Shard]:
    """Submit partitions (at most ``window`` in flight); yields each shard as it is written."""
    pending = as_completed()
    in_flight = 0
    for index, part in enumerate(chunks(articles, partition_size)):
        pending.add(client.submit(code_partition, part, str(root), index, pure=False))
        in_flight += 1
        if in_flight >= window:
            yield next(pending).result()
            in_flight -= 1
    for future in pending:
        yield future.result()


def ingest(items: Iterable, spec: Spec, store: Store, report: Report, address: str = LOCAL,
           workers: int | None = None, shards: str | Path | None = None, partition_size: int = 256,
           window: int | None = None, processes: bool = True,
           progress: Callable[[int, IngestResult], None] | None = None) -> IngestResult:
    """Code the new articles of ``items`` on a Dask cluster, then load their shards into ``store``.
    ``progress(coded, result)`` is called after each coded partition and each loaded shard."""
    res = IngestResult()
    tick = progress or (lambda coded, r: None)
    fresh = new_articles(articles_only(items, report), store, res)
    coded = 0
    with connect(address, workers, processes) as client, shard_folder(shards, store) as root:
        client.register_plugin(CoderPlugin(spec, freeze_gc=processes), name=PLUGIN)
        width = window or 2 * max(1, sum(client.nthreads().values()))
        done: list[Shard] = []
        for shard in code_on_cluster(client, fresh, root, partition_size, width):
            done.append(shard)
            for err in shard.errors:
                report(err)
            coded += shard.articles
            tick(coded, res)
        for shard in sorted(done, key=lambda s: s.index):
            stored, mentions = load_shard(store, Path(shard.path))
            res.stored += stored
            res.skipped += shard.articles - stored
            res.events += mentions
            tick(coded, res)
    return res
