"""What differs between ArcadeDB and Neo4j lives in graph/dialect.py: how a server is told
apart, which schema statements each gets, and which errors are retried. Both servers run
the same statements otherwise (the graph contract runs on each)."""

from __future__ import annotations

from graph.dialect import (
    Dialect,
    detect,
    retries_constraint_errors,
    schema_statements,
    streams_union_subqueries,
)
from graph.schema import NODE_TYPES


def test_servers_are_told_apart_by_their_bolt_agent() -> None:
    assert detect("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)") is Dialect.ARCADEDB
    assert detect("Neo4j/5.26.30") is Dialect.NEO4J
    assert detect("Neo4j/2025.01.0") is Dialect.NEO4J


def test_every_label_key_is_unique_on_both() -> None:
    for dialect in Dialect:
        statements = schema_statements(dialect)
        for t in NODE_TYPES.values():
            assert any(f"(n:{t.label}) REQUIRE n.{t.key} IS UNIQUE" in s for s in statements)


def test_no_full_text_index_nothing_queries() -> None:
    """Search keeps its own Chinese lexical index; Neo4j only drops the one old stores carry."""
    assert not any("FULLTEXT" in s for d in Dialect for s in schema_statements(d))
    assert "DROP INDEX clause_text IF EXISTS" in schema_statements(Dialect.NEO4J)
    assert not any(s.startswith("DROP") for s in schema_statements(Dialect.ARCADEDB))


def test_only_arcadedb_reports_merge_races_as_constraint_errors() -> None:
    assert retries_constraint_errors(Dialect.ARCADEDB)
    assert not retries_constraint_errors(Dialect.NEO4J)


def test_only_neo4j_reads_a_cited_by_page_as_one_union() -> None:
    """ArcadeDB reads every branch of a UNION inside CALL whole before the page's LIMIT; the
    graph contract checks that both ways give the same rows."""
    assert streams_union_subqueries(Dialect.NEO4J)
    assert not streams_union_subqueries(Dialect.ARCADEDB)
