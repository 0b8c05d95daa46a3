"""polevent serve: the REST API and the web dashboard over a store, opened read-only."""
from __future__ import annotations

import sys

from . import _common as c


def run(args) -> int:
    import uvicorn

    from ..api import create_app
    from ..store.db import connect

    connect(args.db, read_only=True).close()  # a missing or locked store is an error before serving
    app = create_app(args.db, coder_factory=lambda: c.load_coder(args))
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
    c.coding_options(sp)  # for POST /api/code; the model is loaded on the first such request
    sp.set_defaults(func=run)
