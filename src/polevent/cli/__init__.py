"""The ``polevent`` command: one module per command, each parsing arguments and calling the library.

Each command module has ``register(subparsers)``; COMMANDS lists them in help order.
"""
from __future__ import annotations

import sys
from typing import Sequence

from .. import __version__
from ..errors import PoleventError, UsageError
from . import audit, bench, code, commitments, eval, export, ingest, query, serve, watch
from ._common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Parser

COMMANDS = [code, ingest, query, export, eval, audit, commitments, bench, serve, watch]


def build_parser() -> Parser:
    p = Parser(prog="polevent", description="Code dated news articles into political event data.")
    p.add_argument("--version", action="version", version=f"polevent {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(sub)
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
