"""End to end on a real Neo4j 5 server (the README's test command starts one; see
scripts/neo4j.sh): regkg ingests the sample corpus into it through the facade the CLI and the
API use, then traces, lists obligations, searches with graph expansion and exports RDF.

Skipped loudly without NEO4J_URI, like the Neo4j copies of the graph contract."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from api.services import Regkg
from api.settings import Settings
from graph import GraphStore
from tests.conftest import CORPUS, SEEDS, neo4j_environment

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def neo4j_app(neo4j_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Regkg]:
    """The facade on the Neo4j database the contract tests loaded, with its own search index."""
    settings = Settings(
        home=tmp_path_factory.mktemp("neo4j_home"),
        refine=False,
        **neo4j_environment(),  # type: ignore[arg-type]  # by their aliases, NEO4J_URI …
    )
    assert settings.neo4j_uri, "neo4j_store is only given when NEO4J_URI is set"
    app = Regkg(settings)
    yield app
    app.close()


@pytest.fixture(scope="module")
def ingested(neo4j_app: Regkg, neo4j_store: GraphStore) -> dict[str, object]:
    """The sample corpus ingested again through the facade: the graph already holds it (the
    session's fixture loaded it), so the counts must not move; the index is built on the way."""
    before = neo4j_store.stats()
    summary = neo4j_app.ingest([SEEDS, CORPUS])
    return {"before": before, "after": neo4j_store.stats(), "summary": summary}


def test_the_server_is_neo4j(neo4j_store: GraphStore) -> None:
    agent = neo4j_store.server_agent()
    print(f"graph contract engine: {agent}")  # shown in CI's output with -rA / on failure
    assert neo4j_store.dialect == "neo4j"
    assert agent.startswith("Neo4j/5."), agent


def test_ingest_into_neo4j_is_idempotent(ingested: dict[str, object]) -> None:
    summary = ingested["summary"]
    assert not summary.failed, summary.failed  # type: ignore[attr-defined]
    assert ingested["after"] == ingested["before"]
    nodes = ingested["after"]["nodes"]  # type: ignore[index]
    assert nodes["Document"] >= 146 and nodes["Clause"] > 5000


def test_tracing_on_neo4j(neo4j_app: Regkg, ingested: dict[str, object]) -> None:
    rows = neo4j_app.cited_by("医疗废物管理条例", limit=500)
    items = rows["items"] if isinstance(rows, dict) else rows
    assert items, "医疗废物管理条例 is cited in the sample corpus"
    by_number = neo4j_app.cited_by("国卫医急发〔2023〕35号", limit=50)
    assert by_number["items"] if isinstance(by_number, dict) else by_number


def test_obligations_on_neo4j(neo4j_app: Regkg, ingested: dict[str, object]) -> None:
    rows = neo4j_app.obligations("医疗机构", include_sub_bodies=True, limit=50, offset=0)
    items = rows["items"] if isinstance(rows, dict) else rows
    assert len(items) == 50


def test_search_with_graph_expansion_on_neo4j(
    neo4j_app: Regkg, ingested: dict[str, object]
) -> None:
    hits = neo4j_app.search("医疗机构执业许可证校验期限", top_k=10)
    assert hits and any("医疗机构管理条例" in h.document_title for h in hits[:5])
    # Expansion read the citation graph in Neo4j: some hit carries what it cites or is cited by.
    assert any(h.cites or h.cited_by for h in hits)
    # and each hit's document facts (效力级别, 发布机关 …) for its card
    assert all(h.extra["document_facts"]["kind"] for h in hits)


def test_rdf_export_from_neo4j(neo4j_app: Regkg, ingested: dict[str, object]) -> None:
    out = io.BytesIO()
    neo4j_app.export(out, "nt")
    lines = out.getvalue().decode("utf-8").splitlines()
    assert len(lines) > 50_000
    # Valid N-Triples (a slice: parsing all 560k triples into rdflib only costs time).
    graph = Graph().parse(data="\n".join(lines[:20_000]), format="nt")
    assert len(graph) == len(set(lines[:20_000]))


def test_docs_mention_the_neo4j_version(neo4j_store: GraphStore) -> None:
    """The launcher pins a 5.26 LTS release: what the README and compose promise."""
    pom = (Path(__file__).resolve().parent.parent / "scripts/neo4j/pom.xml").read_text()
    version = neo4j_store.server_agent().split("/")[1]
    assert f"<neo4j.version>{version}</neo4j.version>" in pom
