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
