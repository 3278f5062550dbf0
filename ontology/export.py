"""Export the whole graph (ontology + instances) as RDF, reading it through ``GraphReader``.

The graph is streamed: one light pass over documents to mint their IRIs, then every node and
relationship once, each turned into triples and handed to a streaming writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from rdflib import Graph

from graph.schema import GraphReader, Label, Rel
from ontology.errors import OntologyError
from ontology.iris import DEFAULT_BASE, DocumentIdentity, Iris, check_base
from ontology.mapping import Mapper, Triple
from ontology.schema import schema_triples
from ontology.vocab import bind_prefixes
from ontology.writers import FORMATS, write_triples

# Bodies first: SUB_OF needs to know which bodies are roles. Relationships after all nodes.
_NODE_ORDER = (
    Label.BODY,
    Label.REGULATION,
    Label.DOCUMENT,
    Label.CLAUSE,
    Label.INSPECTION_ITEM,
    Label.OBLIGATION,
)
FORMAT_ALIASES = {
    "ttl": "turtle",
    "n-triples": "nt",
    "ntriples": "nt",
    "json-ld": "jsonld",
    "rdfxml": "xml",
    "rdf": "xml",
}


def instance_triples(reader: GraphReader, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of the data (not the ontology), streamed from the reader."""
    base = check_base(base)
    identities = [DocumentIdentity.from_row(row) for row in reader.iter_nodes(Label.DOCUMENT)]
    mapper = Mapper(Iris(base, identities))
    del identities
    for label in _NODE_ORDER:
        for row in reader.iter_nodes(label):
            yield from mapper.node_triples(label, row)
    for rel in Rel:
        for rel_row in reader.iter_relationships(rel):
            yield from mapper.rel_triples(rel_row)


def iter_triples(
    reader: GraphReader | None, base: str = DEFAULT_BASE, *, schema_only: bool = False
) -> Iterator[Triple]:
    """The ontology's triples, then (unless ``schema_only``) the data's."""
    yield from schema_triples()
    if not schema_only:
        if reader is None:
            raise OntologyError(
                "exporting data needs a graph reader; pass schema_only=True "
                "to export the ontology alone"
            )
        yield from instance_triples(reader, base)


def build_graph(
    reader: GraphReader | None, base: str = DEFAULT_BASE, *, schema_only: bool = False
) -> Graph:
    """The same triples as ``export`` writes, in one in-memory rdflib graph (for tests, SPARQL
    on small graphs, and validation)."""
    g = Graph()
    bind_prefixes(g, check_base(base))
    for triple in iter_triples(reader, base, schema_only=schema_only):
        g.add(triple)
    return g


def export(
    reader: GraphReader | None,
    out: BinaryIO,
    format: str = "turtle",
    *,
    schema_only: bool = False,
    base: str = DEFAULT_BASE,
) -> int:
    """Write the ontology and (unless ``schema_only``) the data to ``out``; returns the number
    of statements written (a statement repeated in the stream counts each time).

    ``format`` is ``turtle``, ``nt``, ``xml`` or ``jsonld``. Every format streams: memory holds
    one subject's triples, the document and body IRI tables, and one batch of the reader.
    """
    fmt = FORMAT_ALIASES.get(format.lower(), format.lower())
    if fmt not in FORMATS:
        raise OntologyError(f"unknown RDF format {format!r}; choose one of {', '.join(FORMATS)}")
    base = check_base(base)
    triples = iter_triples(reader, base, schema_only=schema_only)
    return write_triples(triples, out, fmt, base)
