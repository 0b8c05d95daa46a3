"""The ``polevent`` command: thin wrappers that parse arguments and call the library."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import InputError, PoleventError, UsageError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        self.exit(EXIT_USAGE, f"polevent: error: {message} (see `polevent --help`)\n")


class ErrorLog:
    """Prints each rejected input as one line on stderr and remembers that something was rejected."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, err: InputError) -> None:
        self.count += 1
        print(f"polevent: skipped {err}", file=sys.stderr)


def _load_coder(args):
    from . import nlp as nlp_mod
    from .pipeline.coder import Coder
    from .resources import Resources

    resources = Resources.load(actor_files=[Path(p) for p in (args.actors or [])])
    return Coder(nlp_mod.load(args.model), resources)


def cmd_code(args) -> int:
    from .io.readers import read_paths
    from .io.writers import Writer
    from .runner import code_items

    log = ErrorLog()
    coder = _load_coder(args)
    writer = Writer(args.format, sys.stdout)
    for coded in code_items(read_paths(args.inputs), coder, log):
        writer.write(coded)
    return EXIT_REJECTED if log.count else EXIT_OK


def cmd_ingest(args) -> int:
    from . import nlp as nlp_mod
    from .io.readers import read_paths
    from .runner import ingest
    from .store.db import Store

    log = ErrorLog()
    coder = _load_coder(args)
    with Store(args.db) as store:
        res = ingest(read_paths(args.inputs), coder, store, log, model=nlp_mod.model_name(coder.nlp))
        counts = store.counts()
    print(f"read {res.read} articles: stored {res.stored} new ({res.events} events), "
          f"{res.skipped} already stored, {log.count} rejected; store {args.db} now holds "
          f"{counts['articles']} articles, {counts['events']} events", file=sys.stderr)
    return EXIT_REJECTED if log.count else EXIT_OK


def cmd_query(args) -> int:
    from .io.writers import format_table
    from .store.db import connect
    from .store.query import EventFilter, search

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
    return EXIT_OK


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate(args.gold, _load_coder(args))
    print(report.to_json() if args.json else format_report(report))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="polevent", description="Code dated news articles into political event data.")
    p.add_argument("--version", action="version", version=f"polevent {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def coding_opts(sp):
        sp.add_argument("--model", help="spaCy pipeline: installed package name or path (default en_core_web_md)")
        sp.add_argument("--actors", action="append", metavar="FILE",
                        help="extra actor file (polevent's actor CSV format); repeatable; its entries win")

    sp = sub.add_parser("code", help="code articles and print the records")
    sp.add_argument("inputs", nargs="+", metavar="FILE|-", help="text/JSONL/CSV files, folders, or - for stdin")
    sp.add_argument("--format", choices=("json", "jsonl", "table", "tsv"), default="json")
    coding_opts(sp)
    sp.set_defaults(func=cmd_code)

    sp = sub.add_parser("ingest", help="code articles and store them (re-ingesting is a no-op)")
    sp.add_argument("inputs", nargs="+", metavar="PATH")
    sp.add_argument("--db", default="polevent.duckdb")
    sp.add_argument("--workers", type=int, default=1, help="coding processes (1 for now)")
    coding_opts(sp)
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("query", help="search stored events")
    sp.add_argument("--db", default="polevent.duckdb")
    sp.add_argument("--dyad", help="two actors, either direction, e.g. KAZ-TJK")
    sp.add_argument("--actor", help="source or target, e.g. KAZ")
    sp.add_argument("--type", help="PLOVER type, e.g. AGREE")
    sp.add_argument("--cameo", help="CAMEO code or prefix, e.g. 057 or 19")
    sp.add_argument("--since", help="first date, YYYY-MM-DD")
    sp.add_argument("--until", help="last date, YYYY-MM-DD")
    sp.add_argument("--limit", type=int, default=None)
    sp.add_argument("--format", choices=("table", "json", "csv"), default="table")
    sp.set_defaults(func=cmd_query)

    sp = sub.add_parser("eval", help="score the coder against a gold file (JSON Lines)")
    sp.add_argument("gold", metavar="GOLD.jsonl")
    sp.add_argument("--json", action="store_true", help="print one JSON object")
    coding_opts(sp)
    sp.set_defaults(func=cmd_eval)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as err:
        print(f"polevent: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except PoleventError as err:
        if args.debug:
            raise
        print(f"polevent: error: {err}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("polevent: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # never a bare traceback for users
        if args.debug:
            raise
        msg = " ".join(str(err).split()) or err.__class__.__name__
        print(f"polevent: internal error: {err.__class__.__name__}: {msg} (rerun with --debug for details)",
              file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
