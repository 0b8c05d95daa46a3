"""polevent export: write the store as GDELT 2.0 events, PLOVER JSON Lines, CSV or Parquet."""
from __future__ import annotations

import sys

from . import _common as c
from .query import event_filter, filter_options


def run(args) -> int:
    from ..io.exporters import check, export, left_out
    from ..store.db import connect

    check(args.format, args.what)
    flt = event_filter(args)
    con = connect(args.db, read_only=True)
    try:
        n = export(con, args.format, args.out, what=args.what, flt=flt, force=args.force)
        skipped = left_out(con, args.format, flt)
    finally:
        con.close()
    where = "standard output" if args.out == "-" else args.out
    why = "negated, hypothetical, background or non-political" if args.format == "gdelt" else "without a PLOVER type"
    note = f" ({skipped} {why} events left out)" if skipped else ""
    print(f"exported {n} {args.what} as {args.format} to {where}{note}", file=sys.stderr)
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("export", help="write events as GDELT 2.0 (tsv), PLOVER (jsonl), CSV or Parquet")
    c.db_option(sp)
    sp.add_argument("--format", required=True, choices=("gdelt", "plover", "parquet", "csv"))
    sp.add_argument("--out", required=True, metavar="PATH",
                    help="output file (- for standard output); a folder for parquet")
    sp.add_argument("--what", choices=("events", "mentions"), default="events",
                    help="events (mentions merged; the default) or mentions (csv and parquet only)")
    sp.add_argument("--force", action="store_true", help="replace a non-empty parquet output folder")
    filter_options(sp)
    sp.set_defaults(func=run)
