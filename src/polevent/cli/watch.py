"""polevent watch: follow feeds, folders and growing JSON Lines files; code and store each new item once.

Every ``--every`` (default 15m) each SOURCE is read, what is new is coded and stored, and one summary
line goes to stderr; ``--once`` runs one cycle and exits. A source that is down, slow or malformed
gives one line and the others go on. ``--alert RULES`` writes each newly stored event that matches a
rule as one JSON line to ``--alert-out`` (default standard output) and, with ``--webhook URL``, POSTs
it from a background thread. See docs/watch.md.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
import time

from . import _common as c

_DURATION = re.compile(r"\A(\d+(?:\.\d+)?)\s*([smhd]?)\Z")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> float:
    """'15m' -> 900.0; '30s', '2h', '1d', or plain seconds."""
    m = _DURATION.match(text.strip().lower())
    if not m or float(m.group(1)) <= 0:
        from ..errors import UsageError

        raise UsageError(f"--every {text!r}: expected a duration such as 30s, 15m, 2h or 1d")
    return float(m.group(1)) * _UNIT[m.group(2)]


class AlertOut:
    """Alert lines to a file (appended) or standard output, flushed line by line."""

    def __init__(self, target: str):
        self.target = target
        self.fh = sys.stdout if target == "-" else open(target, "a", encoding="utf-8")
        self.count = 0

    def write(self, line: str) -> None:
        self.fh.write(line + "\n")
        self.fh.flush()
        self.count += 1

    def close(self) -> None:
        if self.fh is not sys.stdout:
            self.fh.close()


def _check(args) -> float:
    from ..errors import UsageError

    every = duration(args.every)
    if args.timeout <= 0:
        raise UsageError(f"--timeout {args.timeout:g}: must be above 0")
    if args.retries < 0:
        raise UsageError(f"--retries {args.retries}: must be 0 or more")
    if args.webhook and not args.webhook.lower().startswith(("http://", "https://")):
        raise UsageError(f"--webhook {args.webhook}: expected an http:// or https:// URL")
    if (args.webhook or args.alert_out != "-") and not args.alert:
        raise UsageError("--webhook and --alert-out need --alert RULES")
    return every


def _summary(n: int, res, db: str, alerts: int, counts: dict) -> str:
    failed = f" ({res.failed} failed)" if res.failed else ""
    return (f"watch cycle {n}: {len(res.sources)} sources{failed}; read {res.total('read')} new items: "
            f"stored {res.total('stored')} ({res.total('events')} mentions), {res.total('skipped')} already "
            f"stored, {res.rejected} rejected; {alerts} alerts; store {db} now holds {counts['articles']} "
            f"articles, {counts['events']} mentions of {counts['event_clusters']} events")


def run(args) -> int:
    from .. import nlp as nlp_mod
    from ..cameo import CameoTable
    from ..errors import StoreError
    from ..runner import gc_frozen
    from ..watch import alerts as alerts_mod
    from ..watch.fetch import Fetcher, HostGate
    from ..watch.loop import LazyCoder, Watcher, open_store
    from ..watch.sources import parse_sources
    from ..watch.webhook import Webhook

    every = _check(args)
    gate = HostGate()
    fetcher = Fetcher(timeout=args.timeout, retries=args.retries, gate=gate)
    today = lambda: dt.datetime.now(dt.timezone.utc).date()  # noqa: E731
    sources = parse_sources(args.sources, fetcher, today)
    rules = alerts_mod.load_rules(args.alert, CameoTable.load().plover_types()) if args.alert else []
    log = c.ErrorLog()
    problems = {"sources": 0}

    def report_source(err) -> None:
        problems["sources"] += 1
        print(f"polevent: watch: {err}", file=sys.stderr)

    out = AlertOut(args.alert_out) if rules else None
    hook = Webhook(args.webhook, Fetcher(timeout=args.timeout, retries=args.retries, gate=gate),
                   lambda line: print(f"polevent: watch: {line}", file=sys.stderr)) if args.webhook else None
    alerted = {"n": 0}

    def on_stored(batch) -> None:
        for alert in alerts_mod.matches(rules, batch):
            out.write(alerts_mod.alert_line(alert))
            alerted["n"] += 1
            if hook:
                hook.post(alert)

    try:
        with open_store(args.db) as store:
            store.repair_events()
        coder = LazyCoder(lambda: c.load_coder(args), lambda loaded: nlp_mod.model_name(loaded.nlp))
        watcher = Watcher(args.db, sources, coder, model=coder.model, report_item=log,
                          report_source=report_source, on_stored=on_stored if rules else (lambda b: None))
        if not args.once:
            coder.get()  # a service loads the model at start (a bad --model fails now); --once when needed
        n = 0
        with gc_frozen():
            while True:
                n += 1
                started = time.monotonic()
                before = alerted["n"]
                try:
                    res = watcher.cycle()
                    with open_store(args.db) as store:
                        counts = store.counts()
                except StoreError as err:
                    if args.once:
                        raise
                    print(f"polevent: watch: cycle {n}: {err}; trying again next cycle", file=sys.stderr, flush=True)
                else:
                    print(_summary(n, res, args.db, alerted["n"] - before, counts), file=sys.stderr, flush=True)
                if args.once:
                    break
                time.sleep(max(0.0, every - (time.monotonic() - started)))
    finally:
        if hook:
            hook.close(wait=args.timeout * (args.retries + 1) + 1)
        if out:
            out.close()
        fetcher.close()
    return c.EXIT_REJECTED if (log.count or problems["sources"]) else c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("watch", help="follow feeds, folders and growing JSONL files; code and store what is new")
    sp.add_argument("sources", nargs="+", metavar="SOURCE",
                    help="an RSS or Atom feed URL, a folder, or a .jsonl file that grows")
    c.db_option(sp)
    sp.add_argument("--every", default="15m", metavar="DURATION",
                    help="time between cycles: 30s, 15m, 2h, 1d (default 15m)")
    sp.add_argument("--once", action="store_true", help="run one cycle and exit")
    sp.add_argument("--alert", metavar="RULES", help="alert rules, a YAML or TOML file (see docs/watch.md)")
    sp.add_argument("--alert-out", default="-", metavar="FILE",
                    help="where alert JSON lines go: a file (appended) or - for standard output (default)")
    sp.add_argument("--webhook", metavar="URL", help="also POST each alert as JSON to this URL (background, retried)")
    sp.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                    help="HTTP timeout per request, feeds and webhook (default 20)")
    sp.add_argument("--retries", type=int, default=2, metavar="N",
                    help="extra attempts after a timeout, a connection error, 429 or 5xx, with back-off (default 2)")
    c.coding_options(sp)
    sp.set_defaults(func=run)
