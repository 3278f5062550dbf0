"""The CLI's fast path: when a ``regkg serve`` is up for the same home, ask it over HTTP.

The server writes its URL to ``$REGKG_HOME/serve.json`` while it runs; a command that finds the
file, a live process and a quick ``/livez`` gets the API's answer (the same JSON) at API speed
instead of loading the query model itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from api.settings import Settings

SERVE_FILE = "serve.json"
HEALTH_TIMEOUT = 1.0  # a server that cannot say it is alive in a second is not worth asking
READ_TIMEOUT = 120.0  # one question or one page; refinement in the server does not block it


def serve_file(settings: Settings) -> Path:
    return settings.home / SERVE_FILE


def announce(settings: Settings) -> Path:
    """Record, for CLI commands under the same home, where this process serves (mode 0600)."""
    host = settings.host if settings.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    path = serve_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"url": f"http://{host}:{settings.port}", "pid": os.getpid()}),
        encoding="utf-8",
    )
    tmp.chmod(0o600)
    tmp.replace(path)
    return path


def withdraw(settings: Settings) -> None:
    """Remove the record if it is this process's (another server may have replaced it)."""
    path = serve_file(settings)
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


# Loopback only, never through a proxy from the environment; stdlib, so the fast path does not
# pay for importing an HTTP library.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _fetch(url: str, timeout: float) -> tuple[int, bytes]:
    try:
        with _OPENER.open(urllib.request.Request(url), timeout=timeout) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as refused:
        return int(refused.code), refused.read()


class ServerClient:
    """A running ``regkg serve``: GET its JSON, errors as the CLI's own exceptions."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def close(self) -> None:
        """Nothing is held open between requests (one command asks once or twice)."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The JSON the API answers at ``path``; an ``unknown_*`` 404 raises UnknownName (exit
        code 3), any other error body a ValueError with its message (exit code 2)."""
        query = urlencode(params or {}, doseq=True)
        status, body = _fetch(self.url + path + (f"?{query}" if query else ""), READ_TIMEOUT)
        if status < 400:
            return json.loads(body)
        try:
            error = json.loads(body)["error"]
        except (ValueError, KeyError, TypeError):
            error = {"code": "error", "message": body[:200].decode("utf-8", "replace")}
        code = str(error.get("code", ""))
        if code.startswith("unknown_"):
            from graph.names import UnknownName

            found = UnknownName(code.removeprefix("unknown_"), "", error.get("suggestions", []))
            found.message = str(error.get("message"))  # the server's words, name included
            found.args = (found.message,)
            raise found
        raise ValueError(f"{error.get('message')} ({code}, from {self.url})")


def find_server(settings: Settings) -> ServerClient | None:
    """The server announced under ``settings.home`` if its process lives and it answers
    ``/livez`` within a second; else None (the command does the work itself).
    ``REGKG_NO_SERVER=1`` (``settings.no_server``) forces the local path."""
    if settings.no_server:
        return None
    try:
        record = json.loads(serve_file(settings).read_text(encoding="utf-8"))
        url, pid = str(record["url"]), int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid):
        return None
    try:
        status, _ = _fetch(f"{url}/livez", HEALTH_TIMEOUT)
    except (OSError, ValueError):  # refused, timed out, or not HTTP at all
        return None
    return ServerClient(url) if status == 200 else None
