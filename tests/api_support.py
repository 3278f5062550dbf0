"""Builds the API app over the real sample graph and a real search index, once per test run.

Several API test modules share it; the index is built once (cached here) from the session's
ingested sample batch, and the graph is conftest's ``arcadedb_corpus``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI

from api.app import create_app
from api.services import Regkg
from api.settings import Settings
from graph import GraphStore
from ingest.models import IngestBatch

if TYPE_CHECKING:
    from search.encoder import Encoder

API_KEY = "test-key-3f9c2a"
_lock = threading.Lock()
_apps: dict[str, FastAPI] = {}
_encoder_lock = threading.Lock()
_encoders: dict[str | None, Encoder] = {}


def settings_for(home: Path, **overrides: object) -> Settings:
    return Settings(home=home, api_key=API_KEY, **overrides)  # type: ignore[arg-type]


def shared_encoder(model: str | None = None) -> Encoder:
    """The encoder for ``model``, loaded once per test run: loading torch and the paired query
    model costs seconds; an encoder keeps nothing between calls but a cache of query vectors."""
    from search import load_encoder

    with _encoder_lock:
        if model not in _encoders:
            _encoders[model] = load_encoder(model)
        return _encoders[model]


def service_over(settings: Settings, store: GraphStore, documents: IngestBatch | None) -> Regkg:
    """A facade over an open store and an index built from ``documents`` (empty when None)."""
    from search import Searcher

    encoder = shared_encoder(settings.model)
    if documents is None:
        searcher = Searcher.open(settings.index_dir, encoder)
    else:  # built, or copied from the fast tier's cache of it (tests/index_cache.py)
        from tests.index_cache import sample_searcher

        searcher = sample_searcher(documents.documents, encoder, settings.index_dir)
    return Regkg(settings, store=store, searcher=searcher)


def sample_app(home: Path, store: GraphStore, batch: IngestBatch) -> FastAPI:
    """The app over the whole sample corpus; built at most once per test run."""
    with _lock:
        if "sample" not in _apps:
            settings = settings_for(home)
            _apps["sample"] = create_app(settings, service_over(settings, store, batch))
        return _apps["sample"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port in a thread, for the browser tests."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
