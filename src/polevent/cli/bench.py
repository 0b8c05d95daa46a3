"""polevent bench: throughput of polevent end to end against spaCy's parse alone."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from . import _common as c


def run(args) -> int:
    from ..bench import format_result, run as bench
    from ..errors import UsageError
    from ..parallel import CoderSpec
    from ..runner import gc_frozen

    corpus = Path(args.corpus)
    if not corpus.is_file():
        raise UsageError(f"--corpus {corpus}: no such file")
    if args.n < 1 or args.batch_size < 1 or args.workers < 1:
        raise UsageError("-n, --batch-size and --workers must be at least 1")
    spec = dataclasses.replace(CoderSpec.from_args(args), batch_size=args.batch_size)
    coder = c.load_coder(args)
    with gc_frozen():  # as in polevent ingest
        result = bench(coder, corpus=corpus, n=args.n, batch_size=args.batch_size, workers=args.workers, spec=spec)
    print(json.dumps(result.to_dict()) if args.json else format_result(result))
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("bench", help="throughput: polevent end to end vs spaCy's parse alone")
    sp.add_argument("--corpus", default="../shared/corpus/plover_synthetic_stories.csv",
                    help="CSV with a text column (default: the shared synthetic corpus)")
    sp.add_argument("-n", type=int, default=500, help="stories to code (default 500)")
    sp.add_argument("--batch-size", type=int, default=32)
    sp.add_argument("--workers", type=int, default=1, metavar="N",
                    help="also ingest the stories with this many worker processes and report the speed-up")
    sp.add_argument("--json", action="store_true")
    c.coding_options(sp)
    sp.set_defaults(func=run)
