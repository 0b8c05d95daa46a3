"""polevent ingest: code articles and store them (re-ingesting is a no-op)."""
from __future__ import annotations

import sys

from . import _common as c


def run(args) -> int:
    from .. import nlp as nlp_mod
    from ..io.readers import read_paths
    from ..runner import ingest
    from ..store.db import Store

    log = c.ErrorLog()
    coder = c.load_coder(args)
    with Store(args.db) as store:
        res = ingest(read_paths(args.inputs), coder, store, log, model=nlp_mod.model_name(coder.nlp))
        counts = store.counts()
    print(f"read {res.read} articles: stored {res.stored} new ({res.events} events), "
          f"{res.skipped} already stored, {log.count} rejected; store {args.db} now holds "
          f"{counts['articles']} articles, {counts['events']} events", file=sys.stderr)
    return c.EXIT_REJECTED if log.count else c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("ingest", help="code articles and store them (re-ingesting is a no-op)")
    sp.add_argument("inputs", nargs="+", metavar="PATH")
    c.db_option(sp)
    sp.add_argument("--workers", type=int, default=1, help="coding processes (1 for now)")
    c.coding_options(sp)
    sp.set_defaults(func=run)
