"""polevent query: search stored events, or count them per day, month or year (--by)."""
from __future__ import annotations

import csv
import json
import sys

from . import _common as c

MENTION_TABLE = ("date", "source_country", "cameo_code", "plover_type", "target_country", "modality",
                 "location_name", "trigger")
EVENT_TABLE = ("date", "source_country", "cameo_code", "plover_type", "target_country", "location_name",
               "num_mentions", "num_articles")


def filter_options(sp) -> None:
    """The filters shared by query and export."""
    sp.add_argument("--dyad", help="two actors, either direction, e.g. KAZ-TJK")
    sp.add_argument("--actor", help="source or target, e.g. KAZ")
    sp.add_argument("--type", help="PLOVER type, e.g. AGREE")
    sp.add_argument("--cameo", help="CAMEO code or prefix, e.g. 057 or 19")
    sp.add_argument("--since", help="first date, YYYY-MM-DD")
    sp.add_argument("--until", help="last date, YYYY-MM-DD")


def event_filter(args):
    """The filters of query/export, with --type and --cameo checked against the CAMEO table."""
    from ..cameo import CameoTable
    from ..errors import UsageError
    from ..store.query import EventFilter

    flt = EventFilter.parse(args.dyad, args.actor, args.type, args.cameo, args.since, args.until)
    if flt.type or flt.cameo:
        table = CameoTable.load()
        types = table.plover_types()
        if flt.type and flt.type not in types:
            raise UsageError(f"--type {args.type!r}: unknown PLOVER type (one of {', '.join(sorted(types))})")
        if flt.cameo and not any(c.startswith(flt.cameo) for c in table.codes()):
            raise UsageError(f"--cameo {args.cameo!r}: no CAMEO code starts with it")
    return flt


def print_rows(rows: list[dict], fmt: str, table_cols, empty: str) -> None:
    from ..io.writers import format_table

    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    else:
        shown = [{k: ("" if v is None else v) for k, v in r.items()} for r in rows]
        print(format_table(shown, table_cols) if rows else empty)


def run(args) -> int:
    from ..store.db import connect
    from ..store.query import search, search_events

    flt = event_filter(args)
    con = connect(args.db, read_only=True)
    try:
        if args.by:
            return _aggregate(con, flt, args)
        if args.what == "events":
            rows, cols = search_events(con, flt, limit=args.limit), EVENT_TABLE
        else:
            rows, cols = search(con, flt, limit=args.limit), MENTION_TABLE
    finally:
        con.close()
    print_rows(rows, args.format, cols, "(no events match)")
    return c.EXIT_OK


def _aggregate(con, flt, args) -> int:
    from ..store.aggregate import COLUMNS, aggregate

    agg = aggregate(con, flt, args.by)
    print_rows(agg.rows, args.format, COLUMNS, "(no events match)")
    if agg.left_out:
        print(f"polevent: {agg.left_out} matching events are dated more coarsely than a {args.by} "
              f"and are not counted (see docs/store.md)", file=sys.stderr)
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("query", help="search stored events, or count them per period (--by)")
    c.db_option(sp)
    filter_options(sp)
    sp.add_argument("--by", choices=("day", "month", "year"),
                    help="count events per period: events, mentions, mean Goldstein, QuadClass mix")
    sp.add_argument("--what", choices=("mentions", "events"), default="mentions",
                    help="list mentions (one per coded record, the default) or events (mentions merged)")
    sp.add_argument("--limit", type=int, default=None)
    sp.add_argument("--format", choices=("table", "json", "csv"), default="table")
    sp.set_defaults(func=run)
