"""polevent code: code articles and print the records."""
from __future__ import annotations

import sys

from . import _common as c


def run(args) -> int:
    from ..io.readers import read_paths
    from ..io.writers import Writer
    from ..runner import code_items

    log = c.ErrorLog()
    coder = c.load_coder(args)
    writer = Writer(args.format, sys.stdout)
    for coded in code_items(read_paths(args.inputs), coder, log):
        writer.write(coded)
    return c.EXIT_REJECTED if log.count else c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("code", help="code articles and print the records")
    sp.add_argument("inputs", nargs="+", metavar="FILE|-", help="text/JSONL/CSV files, folders, or - for stdin")
    sp.add_argument("--format", choices=("json", "jsonl", "table", "tsv"), default="json")
    c.coding_options(sp)
    c.selection_options(sp)
    c.time_budget_option(sp)
    sp.set_defaults(func=run)
