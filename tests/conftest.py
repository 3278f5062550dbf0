"""Session fixtures: one embedded graph server for the whole run, the sample corpus ingested
once and loaded once, one encoder, and the same contract run against a real Neo4j when one is
configured. Tests over ~2 s each are marked ``slow``: ``scripts/test.sh --fast`` leaves them
to CI."""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import BoltConfig, GraphStore, connect, ensure_server, load, stop_server
from graph.server import create_database
from ingest.models import IngestBatch

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = DATA / "seeds"
CORPUS = DATA / "corpus"


@pytest.fixture(scope="session")
def graph_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A graph home with an embedded ArcadeDB, stopped when the session ends. The server starts
    in the background (its JVM on one core while the sample corpus is ingested on the other);
    ``ensure_server`` and ``store_in`` wait for it (the start holds the home's lock)."""
    home = tmp_path_factory.mktemp("regkg") / "graph"
    starting = _in_background(ensure_server, home)
    yield home
    starting.join()
    stop_server(home)


def store_in(home: Path, purpose: str) -> GraphStore:
    """A store on a new database of the session's server, so tests do not see each other."""
    name = re.sub(r"[^A-Za-z0-9]", "_", purpose)[:60]
    ensure_server(home)  # the running one, once its start in the background is through
    return connect(create_database(home, name))


def _in_background(work: Callable[..., object], *args: object) -> threading.Thread:
    """Run ``work`` in a thread for a head start; a failure is left to the caller's own call
    of the same thing (it then raises where a test can see it)."""

    def run() -> None:
        with contextlib.suppress(Exception):
            work(*args)

    thread = threading.Thread(target=run, name=f"head start: {work.__name__}", daemon=True)
    thread.start()
    return thread


@pytest.fixture
def empty_store(graph_home: Path, request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    store = store_in(graph_home, f"t_{request.node.name}")
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_batch() -> IngestBatch:
    """The five seeds and the 141 statutes of data/, ingested together."""
    from ingest import ingest_paths

    return ingest_paths([SEEDS, CORPUS])


@pytest.fixture(scope="session")
def arcadedb_corpus(
    graph_home: Path, sample_batch: IngestBatch, request: pytest.FixtureRequest
) -> Iterator[GraphStore]:
    store = store_in(graph_home, "sample_corpus")
    warming: threading.Thread | None = None
    wanted = {"client", "encoder"}
    if any(wanted & set(getattr(item, "fixturenames", ())) for item in request.session.items):
        # The load keeps the graph server busy and this process waiting: load the encoder the
        # API tests will want meanwhile (shared_encoder waits for it, or loads it itself).
        from tests.api_support import shared_encoder

        warming = _in_background(shared_encoder)
    report = load(store, sample_batch)
    if warming is not None:  # no test runs beside it (some patch the encoder module)
        warming.join()
    assert not report.failed, report.failed
    yield store
    store.close()


@pytest.fixture(scope="session")
def encoder() -> Any:
    """The shipped default encoder (the static student and its paired query model), loaded once
    per run and shared with the API apps of tests/api_support.py."""
    from tests.api_support import shared_encoder

    return shared_encoder()


# The Neo4j tier's server, taken out of the environment when the run starts: only the Neo4j
# fixtures use it, never a Settings() or a `regkg` subprocess of another test by accident.
_NEO4J_ENV = {
    name: os.environ.pop(name)
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
    if name in os.environ
}


def _neo4j_config() -> BoltConfig | None:
    uri = _NEO4J_ENV.get("NEO4J_URI")
    if not uri:
        return None
    return BoltConfig(
        uri,
        _NEO4J_ENV.get("NEO4J_USER", "neo4j"),
        _NEO4J_ENV.get("NEO4J_PASSWORD", ""),
        _NEO4J_ENV.get("NEO4J_DATABASE") or None,
    )


def neo4j_environment() -> dict[str, str]:
    """NEO4J_* as the test command set them, for a test that hands them on on purpose."""
    return dict(_NEO4J_ENV)


def pytest_report_header(config: pytest.Config) -> str:
    """CI's output names the Neo4j the Neo4j tier runs on, or says loudly that it is skipped."""
    graph = _neo4j_config()
    if graph is None:
        return "neo4j: NEO4J_URI is not set: the Neo4j tier (contract, end to end) is SKIPPED"
    try:
        with connect(graph) as store:
            return f"neo4j: {store.server_agent()} at {graph.uri}: the Neo4j tier runs"
    except Exception as err:  # the fixture reports it again where the tests need it
        return f"neo4j: {graph.uri} does not answer: {err}"


@pytest.fixture(scope="session")
def neo4j_store(sample_batch: IngestBatch) -> Iterator[GraphStore]:
    """The sample corpus in a real Neo4j. It WIPES the configured database first."""
    config = _neo4j_config()
    if config is None:
        pytest.skip(
            "NEO4J_URI is not set: the graph contract was NOT run against Neo4j "
            "(set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to a disposable Neo4j 5 database)"
        )
    store = connect(config)
    store.clear()
    report = load(store, sample_batch)
    assert not report.failed, report.failed
    yield store
    store.close()


@pytest.fixture(params=["arcadedb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def corpus_store(request: pytest.FixtureRequest) -> GraphStore:
    """The loaded sample corpus, on each backend the contract must hold for."""
    fixture = "arcadedb_corpus" if request.param == "arcadedb" else "neo4j_store"
    store: GraphStore = request.getfixturevalue(fixture)
    return store


@pytest.fixture(scope="module")
def client(
    arcadedb_corpus: GraphStore, sample_batch: IngestBatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The API over the whole sample corpus and its index (built once per run, api_support)."""
    from fastapi.testclient import TestClient

    from tests.api_support import sample_app

    app = sample_app(tmp_path_factory.getbasetemp() / "api_home", arcadedb_corpus, sample_batch)
    with TestClient(app) as c:
        yield c
