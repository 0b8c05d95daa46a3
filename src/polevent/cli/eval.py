"""polevent eval: score the coder against a gold file."""
from __future__ import annotations

from . import _common as c


def run(args) -> int:
    from ..evaluate import evaluate, format_report

    report = evaluate(args.gold, c.load_coder(args))
    print(report.to_json() if args.json else format_report(report))
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("eval", help="score the coder against a gold file (JSON Lines; PLOVER, CAMEO or PENTA "
                                     "scheme); prints the scores and the reliability of confidence")
    sp.add_argument("gold", metavar="GOLD.jsonl")
    sp.add_argument("--json", action="store_true", help="print one JSON object")
    c.coding_options(sp)
    sp.set_defaults(func=run)
