"""polevent ingest: code articles and store them (re-ingesting is a no-op).

One process by default; ``--workers N`` codes in N worker processes (this process stays the store's
single writer); ``--dask ADDRESS`` (or ``--dask local``) codes on a Dask cluster and loads the
Parquet shards its workers write.
"""
from __future__ import annotations

import argparse
import sys

from . import _common as c


def _progress(args):
    from ..io.readers import read_paths
    from ..progress import Progress
    from ..runner import count_articles

    force = args.progress
    live = force is not False and sys.stderr.isatty()
    total = None
    if (live or force) and "-" not in args.inputs:
        total = count_articles(read_paths(args.inputs))  # a cheap first pass: reading, no coding
    return Progress(sys.stderr, total=total, force=force)


def _check(args) -> None:
    from ..errors import UsageError

    c.check_time_budget(args)
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: must be at least 1")
    if args.lock_timeout < 0:
        raise UsageError(f"--lock-timeout {args.lock_timeout:g}: must be 0 or more seconds")
    if args.partition_size < 1:
        raise UsageError(f"--partition-size {args.partition_size}: must be at least 1")
    if args.shards and not args.dask:
        raise UsageError("--shards only applies with --dask")
    if args.dask and args.dask != "local" and args.workers > 1:
        raise UsageError("--workers sets the workers of --dask local; a cluster at a scheduler address has "
                         "the workers started there (dask worker ADDRESS)")


def _dask_module():
    from ..errors import UsageError

    try:
        from .. import distributed
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("dask", "distributed"):
            raise UsageError(f"--dask needs the optional packages dask and distributed ({exc.name} is not "
                             "installed): pip install 'polevent[dask]'") from None
        raise
    return distributed


def _ingest_local(args, store, report, prog):
    from .. import nlp as nlp_mod
    from ..io.readers import read_paths
    from ..parallel import CoderSpec, ProcessCoder
    from ..runner import gc_frozen, ingest

    tick = lambda r: prog.update(r.stored + r.skipped, stored=r.stored, skipped=r.skipped)  # noqa: E731
    if args.workers == 1:
        coder = c.load_coder(args)
        with gc_frozen():
            return ingest(read_paths(args.inputs), coder, store, report, model=nlp_mod.model_name(coder.nlp),
                          progress=tick)
    with ProcessCoder(CoderSpec.from_args(args), workers=args.workers) as coder:
        return ingest(read_paths(args.inputs), coder, store, report, model=coder.model_name, progress=tick)


def _ingest_dask(args, store, report, prog):
    from ..io.readers import read_paths
    from ..parallel import CoderSpec

    dist = _dask_module()
    workers = args.workers if args.workers > 1 else None
    return dist.ingest(read_paths(args.inputs), CoderSpec.from_args(args), store, report, address=args.dask,
                       workers=workers, shards=args.shards, partition_size=args.partition_size,
                       progress=lambda coded, r: prog.update(coded, stored=r.stored, skipped=r.skipped))


def run(args) -> int:
    from ..store.db import Store

    _check(args)
    if args.dask:
        _dask_module()  # a missing optional package is a usage error, before any work
    log = c.ErrorLog()
    prog = _progress(args)

    def report(err) -> None:
        prog.clear()
        log(err)

    with Store(args.db, lock_timeout=args.lock_timeout) as store:
        store.repair_events()
        res = (_ingest_dask if args.dask else _ingest_local)(args, store, report, prog)
        prog.close()
        counts = store.counts()
    print(f"read {res.read} articles: stored {res.stored} new ({res.events} mentions), "
          f"{res.skipped} already stored, {log.count} rejected; store {args.db} now holds "
          f"{counts['articles']} articles, {counts['events']} mentions of {counts['event_clusters']} events",
          file=sys.stderr)
    return c.EXIT_REJECTED if log.count else c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("ingest", help="code articles and store them (re-ingesting is a no-op)")
    sp.add_argument("inputs", nargs="+", metavar="PATH")
    c.db_option(sp)
    sp.add_argument("--workers", type=int, default=1, metavar="N",
                    help="coding processes, each loading the model once (default 1: this process); "
                         "with --dask local, the number of local Dask workers (default: one per CPU)")
    sp.add_argument("--dask", metavar="ADDRESS",
                    help="code on a Dask cluster: its scheduler address (tcp://host:8786) or 'local' "
                         "for a cluster on this machine (needs pip install 'polevent[dask]')")
    sp.add_argument("--shards", metavar="DIR",
                    help="with --dask: folder for the Parquet shards the workers write, readable by every "
                         "worker and by this machine (default: a temporary folder beside the store, removed)")
    sp.add_argument("--partition-size", type=int, default=256, metavar="N",
                    help="with --dask: articles per partition (default 256)")
    sp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress display on stderr (default: only when stderr is a terminal; "
                         "--progress when piped prints a line a second)")
    sp.add_argument("--lock-timeout", type=float, default=30.0, metavar="SECONDS",
                    help="wait at most this long for another ingest on the same store to finish, and for "
                         "readers (polevent serve) to let go of the file before each batch commit; then "
                         "stop with one line (default 30)")
    c.coding_options(sp)
    c.selection_options(sp)
    c.time_budget_option(sp)
    sp.set_defaults(func=run)
