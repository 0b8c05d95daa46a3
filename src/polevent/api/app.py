"""The FastAPI app: JSON API under /api, web pages, static assets, the OpenAPI schema and a local docs page.

``create_app(db)`` builds one app over one store file. The store is opened read-only, per request. The
coder for POST /api/code is passed in (tests) or built by ``coder_factory`` on first use (the server).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import ModelError, PoleventError, StoreError, UsageError
from . import fmt, params
from .deps import CoderProvider, CoderUnavailable, Settings
from .middleware import BodySizeLimit, SecurityHeaders
from .routes import api_code, api_dyads, api_events, api_reference, docs, pages
from .worldmap import WorldMap

DESCRIPTION = ("Political event data coded by polevent: events with their evidence, dyad timelines, actors, "
               "agreements and commitments, and coding of a posted article. Read-only over a DuckDB store.")


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.PackageLoader("polevent.api", "templates"),
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(amount=fmt.amount, percent=fmt.percent, safe_url=fmt.safe_url)
    env.globals.update(query=fmt.query)
    return Jinja2Templates(env=env)


def create_app(db: str | Path, coder=None, coder_factory: Callable[[], object] | None = None,
               settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings(db=Path(db))
    app = FastAPI(title="polevent", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None)  # /docs is rendered locally (routes/docs.py): no CDN
    app.state.settings = settings
    app.state.vocab = params.Vocab.load()
    app.state.world = WorldMap.load()
    app.state.templates = _templates()
    app.state.coder = CoderProvider(coder, coder_factory)
    for module in (api_events, api_dyads, api_reference, api_code, docs, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("polevent.api", "static")]), name="static")
    _add_error_handlers(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def error_response(request: Request, status: int, detail: str, extra: dict | None = None):
    """JSON for the API, an HTML page for the web pages."""
    if _wants_json(request):
        return JSONResponse({"detail": detail, **(extra or {})}, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError):
        return error_response(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return error_response(request, 422, _validation_message(exc), {"errors": errors})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return error_response(request, 503, str(exc))

    @app.exception_handler(CoderUnavailable)
    @app.exception_handler(ModelError)
    async def no_coder(request: Request, exc: Exception):
        return error_response(request, 503, f"coding is not available: {exc}")

    @app.exception_handler(PoleventError)
    async def other(request: Request, exc: PoleventError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return error_response(request, exc.status_code, str(exc.detail))
