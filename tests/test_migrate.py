"""`regkg migrate`: the sample corpus copied from the embedded graph into another store, with
every label and relationship type arriving with its count — into a second ArcadeDB database
always, and into the real Neo4j server when the test command started one."""

from __future__ import annotations

import pytest

from graph import GraphError, GraphStore
from graph.migrate import migrate
from graph.schema import Label, Rel

pytestmark = pytest.mark.slow


def _fingerprint(store: GraphStore) -> set[str]:
    """What a store holds, independent of how it was written (keys, properties, edges)."""
    nodes = {
        repr((label, sorted(n.items())))
        for label in (Label.DOCUMENT, Label.REGULATION, Label.BODY)
        for n in store.iter_nodes(label)
    }
    edges = {
        repr((r.start_key, r.end_key, sorted(r.properties.items())))
        for rel in (Rel.CITES, Rel.REPEALS, Rel.VERSION_OF)
        for r in store.iter_relationships(rel)
    }
    return nodes | edges


def test_migrate_into_an_empty_arcadedb_database(
    arcadedb_corpus: GraphStore, empty_store: GraphStore
) -> None:
    report = migrate(arcadedb_corpus, empty_store)
    assert report.complete, report.mismatches
    assert report.target == arcadedb_corpus.stats()
    assert _fingerprint(empty_store) == _fingerprint(arcadedb_corpus)
    # The copy answers like the original.
    assert empty_store.cited_by("医疗废物管理条例", limit=20) == arcadedb_corpus.cited_by(
        "医疗废物管理条例", limit=20
    )
    with pytest.raises(GraphError, match="already holds"):
        migrate(arcadedb_corpus, empty_store)


@pytest.mark.neo4j
def test_migrate_the_embedded_graph_into_neo4j(
    arcadedb_corpus: GraphStore, neo4j_store: GraphStore
) -> None:
    """The Neo4j database holds the same corpus (loaded by the session fixture): replacing it
    with the copy leaves it as it was, which the contract tests then rely on."""
    report = migrate(arcadedb_corpus, neo4j_store, replace=True)
    assert report.complete, report.mismatches
    assert report.agent.startswith("Neo4j/5.")
    assert report.target == arcadedb_corpus.stats()
    assert _fingerprint(neo4j_store) == _fingerprint(arcadedb_corpus)
