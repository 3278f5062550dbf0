"""Session fixtures: one embedded graph server for the whole run, the sample corpus ingested
once and loaded once, and the same contract run against a real Neo4j when one is configured."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
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
    """A graph home with a running embedded ArcadeDB, stopped when the session ends."""
    home = tmp_path_factory.mktemp("regkg") / "graph"
    ensure_server(home)
    yield home
    stop_server(home)


def store_in(home: Path, purpose: str) -> GraphStore:
    """A store on a new database of the session's server, so tests do not see each other."""
    name = re.sub(r"[^A-Za-z0-9]", "_", purpose)[:60]
    return connect(create_database(home, name))


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
def arcadedb_corpus(graph_home: Path, sample_batch: IngestBatch) -> Iterator[GraphStore]:
    store = store_in(graph_home, "sample_corpus")
    report = load(store, sample_batch)
    assert not report.failed, report.failed
    yield store
    store.close()


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
