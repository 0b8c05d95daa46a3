"""polevent audit: judge a seeded random sample of coded events by hand; precision with a 95 % interval."""
from __future__ import annotations

import json
import sys

from . import _common as c


def _events(args, log):
    from .. import audit
    from ..store.db import connect

    if args.coded:
        return audit.read_coded(args.coded, log), args.coded
    con = connect(args.db, read_only=True)
    try:
        return audit.read_store(con), args.db
    finally:
        con.close()


def run(args, ask=None, say=print) -> int:
    from .. import audit
    from ..errors import InputError, UsageError
    from ..store.query import EventFilter

    if args.n < 1:
        raise UsageError(f"-n {args.n}: expected at least 1 event")
    flt = EventFilter.parse(type=args.type, since=args.since, until=args.until)  # checks the dates
    if flt.type:
        from ..cameo import CameoTable

        types = CameoTable.load().plover_types()
        if flt.type not in types:
            raise UsageError(f"--type {args.type!r}: unknown PLOVER type (one of {', '.join(sorted(types))})")
    log = c.ErrorLog()
    try:
        events, where = _events(args, log)
        pool, repeats = audit.unique(events)
        if repeats:
            print(f"polevent: {repeats} repeated event_id(s) in {where}: the first of each is kept",
                  file=sys.stderr)
        pool = audit.select(pool, flt.type, flt.since, flt.until)
        sample = audit.draw(pool, args.n, args.seed)
        if args.verdicts_from:
            verdicts = audit.read_verdicts(args.verdicts_from, log)
        else:
            store = audit.VerdictFile(args.verdicts or audit.default_verdict_path(where), log)
            if not args.report:
                color = ask is None and sys.stdout.isatty()
                ask = ask or input
                added, stopped = audit.judge(sample, store, ask, say, color=color)
                say(f"\n{added} new verdict(s) written to {store.path}" + (" (stopped early)" if stopped else ""))
            verdicts = store.verdicts
    except InputError as err:
        log(err)
        return c.EXIT_REJECTED
    drawn = {e.event_id for e in sample}
    outside = sum(1 for eid in verdicts if eid not in drawn)
    if outside:
        print(f"polevent: {outside} verdict(s) are for events outside this sample (another -n, --seed or "
              f"filter, or a re-coded input): not counted", file=sys.stderr)
    summary = audit.summarise(sample, verdicts, population=len(pool))
    summary["sample"] = {"input": str(where), "n": args.n, "seed": args.seed, "type": flt.type,
                         "since": flt.since, "until": flt.until}
    print(json.dumps(summary, indent=2) if args.json else audit.format_summary(summary))
    return c.EXIT_REJECTED if log.count else c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("audit", help="judge a random sample of coded events by hand; precision with a 95 %% interval")
    sp.add_argument("coded", nargs="?", metavar="CODED.jsonl",
                    help="output of `polevent code --format jsonl` (default: the store named by --db)")
    c.db_option(sp)
    sp.add_argument("-n", type=int, default=40, help="events to draw (default 40)")
    sp.add_argument("--seed", type=int, default=1, help="random seed of the sample (default 1)")
    sp.add_argument("--type", help="draw only events of this PLOVER type, e.g. PROTEST")
    sp.add_argument("--since", help="draw only events dated on or after YYYY-MM-DD")
    sp.add_argument("--until", help="draw only events dated on or before YYYY-MM-DD")
    g = sp.add_mutually_exclusive_group()
    g.add_argument("--verdicts", metavar="CSV",
                   help="verdict file to read and append to (default: <store or file>.audit.csv)")
    g.add_argument("--verdicts-from", metavar="CSV",
                   help="read verdicts from this CSV, ask nothing, write nothing (for scripts)")
    sp.add_argument("--report", action="store_true", help="ask nothing: print the figures of the verdicts so far")
    sp.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    sp.set_defaults(func=run)
