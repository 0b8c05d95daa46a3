"""polevent bench: throughput of polevent end to end against spaCy's parse alone."""
from __future__ import annotations

import json
from pathlib import Path

from . import _common as c


def run(args) -> int:
    from ..bench import format_result, run as bench
    from ..errors import UsageError

    corpus = Path(args.corpus)
    if not corpus.is_file():
        raise UsageError(f"--corpus {corpus}: no such file")
    result = bench(c.load_coder(args), corpus=corpus, n=args.n, batch_size=args.batch_size)
    print(json.dumps(result.to_dict()) if args.json else format_result(result))
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("bench", help="throughput: polevent end to end vs spaCy's parse alone")
    sp.add_argument("--corpus", default="../shared/corpus/plover_synthetic_stories.csv",
                    help="CSV with a text column (default: the shared synthetic corpus)")
    sp.add_argument("-n", type=int, default=500, help="stories to code (default 500)")
    sp.add_argument("--batch-size", type=int, default=32)
    sp.add_argument("--json", action="store_true")
    c.coding_options(sp)
    sp.set_defaults(func=run)
