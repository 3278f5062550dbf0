"""Domain errors as JSON HTTP answers: ``{"error": {"code", "message", "suggestions"}}``, never
a traceback.

Only this module knows which package exception maps to which status; routes raise and forget.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Coroutine
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.names import UnknownName

log = logging.getLogger("regkg.api")


class ApiError(Exception):
    """An error the API answers with ``status`` and a one-line message a person can act on."""

    def __init__(
        self, status: int, code: str, message: str, suggestions: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.suggestions = suggestions or []


class NotFound(ApiError):
    def __init__(self, what: str, key: str) -> None:
        super().__init__(404, "not_found", f"no {what} {key!r}")


def error_body(code: str, message: str, suggestions: list[str] | None = None) -> dict[str, Any]:
    """The one error envelope, also for answers sent before routing (api/guard.py)."""
    return {"error": {"code": code, "message": message, "suggestions": suggestions or []}}


def error_response(
    status: int, code: str, message: str, suggestions: list[str] | None = None
) -> JSONResponse:
    return JSONResponse(status_code=status, content=error_body(code, message, suggestions))


def _domain_errors() -> list[tuple[type[Exception], int, str]]:
    """Package exceptions that mean "your input was wrong", imported lazily (they may be absent)."""
    found: list[tuple[type[Exception], int, str]] = []
    for module, name, status, code in (
        ("ingest.errors", "IngestError", 422, "ingest_error"),
        ("search.errors", "SearchError", 422, "search_error"),
        ("ontology.errors", "OntologyError", 422, "export_error"),
        ("graph.errors", "GraphError", 503, "graph_unavailable"),
        ("search.errors", "ExpansionFailed", 503, "graph_unavailable"),
    ):
        try:
            exc = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        if isinstance(exc, type) and issubclass(exc, Exception):
            found.append((exc, status, code))
    return found


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every failure leaves as the same JSON envelope."""

    async def api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.suggestions)

    async def unknown_name(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, UnknownName)
        # A body, regulation or document that names nothing is a 404; a filter is bad input.
        status = 422 if exc.in_filter else 404
        return error_response(status, exc.code, exc.message, exc.suggestions)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return error_response(exc.status_code, code, detail)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors()[:3]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(parts) or "invalid request")

    def domain_handler(
        status: int, code: str
    ) -> Callable[[Request, Exception], Coroutine[Any, Any, JSONResponse]]:
        async def handler(_: Request, exc: Exception) -> JSONResponse:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return error_response(status, code, message)

        return handler

    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the server log, never to the client.
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "internal error; see the server log")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(UnknownName, unknown_name)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for exc_type, status, code in _domain_errors():
        app.add_exception_handler(exc_type, domain_handler(status, code))
    app.add_exception_handler(Exception, unexpected)
