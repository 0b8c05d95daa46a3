"""polevent ingest: code articles and store them (re-ingesting is a no-op)."""
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


def run(args) -> int:
    from .. import nlp as nlp_mod
    from ..io.readers import read_paths
    from ..runner import ingest
    from ..store.db import Store

    log = c.ErrorLog()
    coder = c.load_coder(args)
    prog = _progress(args)

    def report(err) -> None:
        prog.clear()
        log(err)

    with Store(args.db) as store:
        store.repair_events()
        res = ingest(read_paths(args.inputs), coder, store, report, model=nlp_mod.model_name(coder.nlp),
                     progress=lambda r: prog.update(r.stored + r.skipped, stored=r.stored, skipped=r.skipped))
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
    sp.add_argument("--workers", type=int, default=1, help="coding processes (1 for now)")
    sp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress display on stderr (default: only when stderr is a terminal; "
                         "--progress when piped prints a line a second)")
    c.coding_options(sp)
    sp.set_defaults(func=run)
