"""The request guard: a pure ASGI layer that refuses costly requests before any work is done.

Every request's path and query are bounded (a 15 KB regulation name costs nothing). For writes the
API key is checked from the headers alone, and the bytes received are counted whatever the
transfer encoding (Content-Length, chunked), so an unauthenticated or oversized upload costs the
server neither the reading nor the spooling of it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api.errors import error_body
from api.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_PATH_BYTES = 1024  # the longest name a route takes is a few hundred bytes percent-encoded
MAX_QUERY_BYTES = 16 * 1024  # a 2,000-character question percent-encoded, with its filters
# POSTs that only read (a report uploaded to be compared, a filled checklist to export: nothing is
# stored): no key, same byte cap.
READ_ONLY_POSTS = frozenset({"/api/coverage", "/api/checklist/export"})


def refusal(settings: Settings, headers: dict[bytes, bytes]) -> tuple[int, str, str] | None:
    """Why a write with these headers is refused before its body is read, or None."""
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    if not key:
        return 403, "writes_disabled", "writes are disabled: set REGKG_API_KEY to enable"
    given = headers.get(b"x-api-key")
    if not given:
        return 401, "missing_api_key", "send the API key in the X-API-Key header"
    if not secrets.compare_digest(given, key.encode()):
        return 403, "bad_api_key", "the X-API-Key header does not match"
    length = headers.get(b"content-length", b"")
    if length.isdigit() and int(length) > settings.max_upload_bytes:
        return 413, "too_large", f"request body over {settings.max_upload_bytes} bytes"
    return None


class RequestGuard:
    """Wraps the app: bounded paths and queries; writes need the key and stay under
    ``settings.max_upload_bytes``."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("raw_path") or scope["path"].encode()
        if len(path) > MAX_PATH_BYTES or len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            await _answer(
                send,
                414,
                "uri_too_long",
                f"path over {MAX_PATH_BYTES} or query over {MAX_QUERY_BYTES} bytes; "
                "shorten the name or question",
            )
            return
        if scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope["headers"]}
        refused = refusal(self.settings, headers)
        if refused is not None and scope["path"] in READ_ONLY_POSTS and refused[1] != "too_large":
            refused = _too_large(self.settings, headers)
        if refused is not None:
            await _answer(send, *refused)
            return
        cap = self.settings.max_upload_bytes
        received = 0
        over = False

        async def counted() -> Message:
            # Past the cap the app is told the client left, so it stops reading; its answer
            # to that is replaced by the 413 below.
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if not over:
                started = started or message["type"] == "http.response.start"
                await send(message)

        await self.app(scope, counted, watched)
        if over and not started:
            await _answer(send, 413, "too_large", f"request body over {cap} bytes")


def _too_large(settings: Settings, headers: dict[bytes, bytes]) -> tuple[int, str, str] | None:
    length = headers.get(b"content-length", b"")
    if length.isdigit() and int(length) > settings.max_upload_bytes:
        return 413, "too_large", f"request body over {settings.max_upload_bytes} bytes"
    return None


async def _answer(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(code, message), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
