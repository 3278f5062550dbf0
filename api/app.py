"""The FastAPI application: JSON API under /api, RDF export, health, and the web page at ``/``.

``create_app(settings)`` wires one ``Regkg`` facade per application; tests pass their own.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.guard import RequestGuard
from api.services import Regkg
from api.settings import Settings, get_settings

log = logging.getLogger("regkg.api")
STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """\
卫生健康法规知识图谱与语义检索 — knowledge graph and semantic search over Chinese health-care
regulations. Read endpoints are open; `POST /api/ingest` and `DELETE /api/documents/{id}` need
the `X-API-Key` header. Errors are always `{"error": {"code", "message", "suggestions"}}`;
long lists are pages `{total, offset, limit, items}`.
"""


def _warm(svc: Regkg, refine: bool) -> None:
    """Open the graph and the index before the first request, so it does not pay for them,
    and start refining the index in the background if asked to."""
    try:
        _ = svc.store, svc.searcher
        found = svc.check(repair=True)  # a crash before this start may have left them apart
    except Exception as exc:  # the page and /healthz still answer; routes report the cause
        log.warning("regkg: could not open the graph or index at start: %s", exc)
        return
    if found.repaired:
        log.warning("regkg: search index repaired from the graph at start: %s", found.as_json())
    if refine:
        svc.start_refining()


def create_app(settings: Settings | None = None, service: Regkg | None = None) -> FastAPI:
    """Build the application over ``settings``; ``service`` lets a caller share an open facade."""
    settings = settings or get_settings()
    owns_service = service is None
    svc = service or Regkg(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if owns_service:
            await run_in_threadpool(_warm, svc, settings.refine)
        yield
        if owns_service:
            svc.close()

    app = FastAPI(
        title="regkg",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from vendored assets: intranets have no CDN
        redoc_url=None,
    )
    app.state.service = svc
    app.state.settings = settings
    app.dependency_overrides[get_settings] = lambda: settings
    install_error_handlers(app)

    # Long paths and queries, and writes without the key or over the size, are refused before
    # any work (api/guard.py).
    app.add_middleware(RequestGuard, settings=settings)
    if settings.cors_origins:  # outside the guard, so its refusals carry CORS headers too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["X-API-Key", "Content-Type"],
        )

    from api.routes import bodies, documents, export, graph, health, ingest, regulations, search

    for module in (search, documents, regulations, bodies, graph, ingest, export, health):
        app.include_router(module.router)
    from api.routes import checklist  # the compliance workbench (issue 14)

    app.include_router(checklist.router)
    from api.routes import diff  # 新旧对照 and stale citations (issue 13)

    app.include_router(diff.router)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return offline_docs()

    return app


def offline_docs() -> HTMLResponse:
    """Swagger UI from api/static/vendor (swagger-ui-dist, see its VERSION file): FastAPI's default
    page loads it from a CDN and its favicon from the web, so on an intranet /docs was blank."""
    vendor = "/static/vendor/swagger-ui"
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="regkg API 文档",
        swagger_js_url=f"{vendor}/swagger-ui-bundle.js",
        swagger_css_url=f"{vendor}/swagger-ui.css",
        swagger_favicon_url=f"{vendor}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},  # the validator badge calls swagger.io
    )
