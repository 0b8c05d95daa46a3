"""The FastAPI app: JSON API under /api, web pages, static assets, the OpenAPI schema and a local docs page.

``create_app(db)`` builds one app over one store file, read through one shared read-only connection
(``reader.StoreReader``, which steps aside while ``polevent ingest`` commits a batch). POST /api/code
codes in a bounded pool (``coding.CodingPool``): worker processes built from ``coder_spec`` (the
server), or threads over a coder passed in or built by ``coder_factory`` on first use (tests).
"""
from __future__ import annotations

import contextlib
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
from .coding import CoderUnavailable, CodingPool, CodingTimeout, PoolFull
from .deps import Settings
from .middleware import BodySizeLimit, SecurityHeaders
from .reader import StoreBusy, StoreReader, StoreUnavailable
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


def _coding_pool(settings: Settings, coder, coder_factory, coder_spec) -> CodingPool:
    bounds = dict(workers=settings.code_workers, queue=settings.code_queue, timeout=settings.code_timeout)
    if coder is None and coder_factory is None and coder_spec is not None:
        return CodingPool.processes(coder_spec, **bounds)
    return CodingPool.threads(coder, coder_factory, **bounds)


def create_app(db: str | Path, coder=None, coder_factory: Callable[[], object] | None = None,
               settings: Settings | None = None, coder_spec=None) -> FastAPI:
    settings = settings or Settings(db=Path(db))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.coding.close()
        app.state.reader.close()

    app = FastAPI(title="polevent", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # /docs is rendered locally (routes/docs.py): no CDN
    app.state.settings = settings
    app.state.vocab = params.Vocab.load()
    app.state.world = WorldMap.load()
    app.state.templates = _templates()
    app.state.reader = StoreReader(settings.db, wait=settings.read_wait)
    app.state.coding = _coding_pool(settings, coder, coder_factory, coder_spec)
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


def error_response(request: Request, status: int, detail: str, extra: dict | None = None,
                   headers: dict[str, str] | None = None):
    """JSON for the API, an HTML page for the web pages."""
    if _wants_json(request):
        return JSONResponse({"detail": detail, **(extra or {})}, status_code=status, headers=headers)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail}, status_code=status, headers=headers)


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

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy):
        return error_response(request, 503, str(exc), headers={"Retry-After": "2"})

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable):
        return error_response(request, 503, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):  # its message names the file: not shown
        return error_response(request, 503, "the store cannot be read")

    @app.exception_handler(PoolFull)
    async def pool_full(request: Request, exc: PoolFull):
        return error_response(request, 503, f"coding is busy: {exc}; try again shortly",
                              headers={"Retry-After": "5"})

    @app.exception_handler(CodingTimeout)
    async def coding_timeout(request: Request, exc: CodingTimeout):
        return error_response(request, 504, str(exc))

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
