"""FastAPI dependencies as ``Annotated`` aliases: the settings, the regkg facade, the write guard.

Routes declare ``svc: ServiceDep`` and never build their own store or searcher.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from api.errors import ApiError
from api.guard import refusal
from api.services import Regkg
from api.settings import MAX_OFFSET, Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_service(request: Request) -> Regkg:
    """The facade that ``create_app`` opened for this application."""
    return request.app.state.service


ServiceDep = Annotated[Regkg, Depends(get_service)]


def require_api_key(
    request: Request,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(alias="X-API-Key")] = None,
) -> None:
    """Writes need ``X-API-Key`` equal to ``settings.api_key``; with no key set they are off.
    The guard (api/guard.py) already refused such a request before its body; this keeps the
    rule on the route too, and documents the header in the OpenAPI schema."""
    del x_api_key  # read from the raw headers by the one rule in api/guard.py
    refused = refusal(settings, {k.lower(): v for k, v in request.headers.raw})
    if refused is not None and refused[1] != "too_large":
        raise ApiError(*refused)


ApiKeyDep = Annotated[None, Depends(require_api_key)]

# Paging of long lists (cited-by, obligations): the store streams one page at a time.
LimitQuery = Annotated[int, Query(ge=1, le=1000, description="rows per page")]
OffsetQuery = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]


def bounded_query(q: str, settings: Settings) -> str:
    """A search question stripped and held to ``settings.max_query_chars``."""
    text = q.strip()
    if not text:
        raise ApiError(422, "empty_query", "q must contain a question or keywords")
    if len(text) > settings.max_query_chars:
        raise ApiError(
            422,
            "query_too_long",
            f"q has {len(text)} characters; at most {settings.max_query_chars}",
        )
    return text
