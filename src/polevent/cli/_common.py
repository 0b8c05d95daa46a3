"""Shared pieces of the ``polevent`` commands: exit codes, the error log, shared options."""
from __future__ import annotations

import argparse
import sys

from ..errors import InputError, InputWarning

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        self.exit(EXIT_USAGE, f"polevent: error: {message} (see `polevent --help`)\n")


class ErrorLog:
    """Prints each rejected input as one line on stderr and remembers that something was rejected.
    A warning (a record read with a repair, still coded) is one line too but not a rejection."""

    def __init__(self) -> None:
        self.count = 0
        self.warnings = 0

    def __call__(self, err: InputError) -> None:
        if isinstance(err, InputWarning):
            self.warnings += 1
            print(f"polevent: warning {err}", file=sys.stderr)
            return
        self.count += 1
        print(f"polevent: skipped {err}", file=sys.stderr)


def coding_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--model", help="spaCy pipeline: installed package name or path (default en_core_web_md)")
    sp.add_argument("--actors", action="append", metavar="FILE",
                    help="extra actor file (polevent's actor CSV format); repeatable; its entries win")
    sp.add_argument("--classifier", action="store_true",
                    help="also use the learned event-type classifier (slower; adjusts confidence, breaks ties)")
    from ..evidence import ON_BY_DEFAULT

    sp.add_argument("--evidence-model", action=argparse.BooleanOptionalAction, default=ON_BY_DEFAULT,
                    help="check the rules' events with the evidence model trained on real news (vetoes "
                         "unlikely ones, adjusts confidence; docs/evidence_model.md); --no-evidence-model "
                         f"turns it off (default: {'on' if ON_BY_DEFAULT else 'off'})")


def selection_options(sp: argparse.ArgumentParser) -> None:
    """--all-events and --min-confidence (code, ingest): which events are output or stored."""
    sp.add_argument("--all-events", action="store_true",
                    help="keep every event, also those of non-political articles, background, negated and "
                         "hypothetical ones (each with its relevance, is_background and modality fields)")
    sp.add_argument("--min-confidence", type=_probability, default=0.0, metavar="X",
                    help="keep events whose confidence (calibrated probability of being right) is at least X")


def _probability(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number between 0 and 1") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number between 0 and 1")
    return x


def time_budget_option(sp: argparse.ArgumentParser) -> None:
    from ..pipeline.parse import DEFAULT_TIME_BUDGET

    sp.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET, metavar="SECONDS",
                    help=f"skip (and report) an article that takes longer than this to code "
                         f"(default {DEFAULT_TIME_BUDGET:g}; 0: no limit)")


def check_time_budget(args) -> None:
    from ..errors import UsageError

    budget = getattr(args, "time_budget", None)
    if budget is not None and not budget >= 0:
        raise UsageError(f"--time-budget {budget:g}: must be a number of seconds, 0 or more")


def db_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--db", default="polevent.duckdb", help="DuckDB store (default polevent.duckdb)")


def load_coder(args):
    """The Coder the coding options describe (the same recipe worker processes use)."""
    from ..parallel import CoderSpec

    check_time_budget(args)
    return CoderSpec.from_args(args).load()
