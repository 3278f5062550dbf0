"""Writes are refused from their headers: an unauthenticated or oversized upload is not read.

The real application is driven as ASGI with a client that streams an endless chunked body and
counts what the server pulled from it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from api.services import Regkg
from tests.api_support import API_KEY, settings_for

CHUNK = 64 * 1024
ONE_GB = 1 << 30
PART_HEAD = (
    b"--regkgboundary\r\n"
    b'Content-Disposition: form-data; name="files"; filename="big.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\n"
)


def _upload(app: Any, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST /api/ingest with a chunked body of up to 1 GB: (status, bytes the server pulled)."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        body = (PART_HEAD if pulled == 0 else b"") + b"x" * CHUNK
        pulled += len(body)
        return {"type": "http.request", "body": body, "more_body": pulled < ONE_GB}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    boundary = b"multipart/form-data; boundary=regkgboundary"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/ingest",
        "raw_path": b"/api/ingest",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", boundary), (b"transfer-encoding", b"chunked"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], pulled


@pytest.fixture
def app(tmp_path: Path) -> Any:
    settings = settings_for(tmp_path, max_upload_bytes=2_000_000)
    return create_app(settings, Regkg(settings))  # the guard answers before any graph is used


def test_an_upload_without_the_key_is_refused_before_1_mb_is_read(app: Any) -> None:
    status, pulled = _upload(app, [])
    assert status == 401
    assert pulled < 1_000_000


def test_an_upload_with_a_wrong_key_is_refused_before_1_mb_is_read(app: Any) -> None:
    status, pulled = _upload(app, [(b"x-api-key", b"not-the-key")])
    assert status == 403
    assert pulled < 1_000_000


def test_a_chunked_upload_is_cut_off_at_the_cap_whatever_its_length(app: Any) -> None:
    status, pulled = _upload(app, [(b"x-api-key", API_KEY.encode())])
    assert status == 413
    assert 2_000_000 < pulled <= 2_000_000 + CHUNK + len(PART_HEAD)


def test_a_declared_oversized_body_is_refused_from_its_header(app: Any) -> None:
    status, pulled = _upload(
        app, [(b"x-api-key", API_KEY.encode()), (b"content-length", b"3000000")]
    )
    assert status == 413
    assert pulled == 0


def test_a_huge_regulation_name_is_refused_before_any_lookup(app: Any) -> None:
    """A 15 KB name once cost 1.7 s of CPU in a title-matching regex; now it is not read."""
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        answer = client.get("/api/regulations/" + "医疗机构管理条例" * 700 + "/cited-by")
    assert answer.status_code == 414
    assert answer.json()["error"]["code"] == "uri_too_long"
