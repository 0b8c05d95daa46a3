"""polevent query: search stored events."""
from __future__ import annotations

import csv
import json
import sys

from . import _common as c


def run(args) -> int:
    from ..io.writers import format_table
    from ..store.db import connect
    from ..store.query import EventFilter, search

    flt = EventFilter.parse(args.dyad, args.actor, args.type, args.cameo, args.since, args.until)
    con = connect(args.db, read_only=True)
    rows = search(con, flt, limit=args.limit)
    con.close()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif args.format == "csv":
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    else:
        cols = ("date", "source_country", "cameo_code", "plover_type", "target_country", "modality",
                "location_name", "trigger")
        print(format_table(rows, cols) if rows else "(no events match)")
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("query", help="search stored events")
    c.db_option(sp)
    sp.add_argument("--dyad", help="two actors, either direction, e.g. KAZ-TJK")
    sp.add_argument("--actor", help="source or target, e.g. KAZ")
    sp.add_argument("--type", help="PLOVER type, e.g. AGREE")
    sp.add_argument("--cameo", help="CAMEO code or prefix, e.g. 057 or 19")
    sp.add_argument("--since", help="first date, YYYY-MM-DD")
    sp.add_argument("--until", help="last date, YYYY-MM-DD")
    sp.add_argument("--limit", type=int, default=None)
    sp.add_argument("--format", choices=("table", "json", "csv"), default="table")
    sp.set_defaults(func=run)
