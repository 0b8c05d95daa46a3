"""polevent serve: the REST API and the web dashboard over a store, opened read-only."""
from __future__ import annotations

import sys

from . import _common as c


def _check_store(path: str) -> None:
    """A missing or unreadable store is an error before serving; one being written is not (the server
    reads what is committed, between the writer's batches)."""
    from ..errors import StoreError
    from ..store import lock
    from ..store.db import connect

    try:
        connect(path, read_only=True, wait=0).close()
    except StoreError as exc:
        if exc.__cause__ is None or not lock.is_lock_conflict(exc.__cause__):
            raise


def _check(args) -> None:
    from ..errors import UsageError

    if args.code_workers < 1:
        raise UsageError(f"--code-workers {args.code_workers}: must be at least 1")
    if args.code_queue < 0:
        raise UsageError(f"--code-queue {args.code_queue}: must be 0 or more")
    if not args.code_timeout > 0:
        raise UsageError(f"--code-timeout {args.code_timeout:g}: must be more than 0 seconds")


def run(args) -> int:
    import uvicorn
    from pathlib import Path

    from ..api import create_app
    from ..api.deps import Settings
    from ..parallel import CoderSpec

    _check(args)
    _check_store(args.db)
    settings = Settings(db=Path(args.db), code_workers=args.code_workers, code_queue=args.code_queue,
                        code_timeout=args.code_timeout)
    app = create_app(args.db, settings=settings, coder_spec=CoderSpec.from_args(args))
    print(f"polevent: serving {args.db} read-only at http://{args.host}:{args.port} (Ctrl-C to stop)",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("serve", help="REST API and web dashboard over a store")
    c.db_option(sp)
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sp.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"),
                    help="server log level (default info)")
    sp.add_argument("--code-workers", type=int, default=1, metavar="N",
                    help="POST /api/code: coding processes, each loading the model on the first request "
                         "(default 1)")
    sp.add_argument("--code-queue", type=int, default=4, metavar="N",
                    help="POST /api/code: requests that may wait for a coder; more get 503 with Retry-After "
                         "(default 4)")
    sp.add_argument("--code-timeout", type=float, default=30.0, metavar="SECONDS",
                    help="POST /api/code: time budget per request, past it 504 (default 30; the first "
                         "request also gets the model load time)")
    c.coding_options(sp)  # for POST /api/code; the model is loaded on the first such request
    sp.set_defaults(func=run)
