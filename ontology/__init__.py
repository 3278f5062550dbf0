"""RDF for regkg: an OWL ontology on ELI, SKOS, ORG, DPV, CiTO, PROV-O and Web Annotation, a
streaming export of the whole graph, SHACL shapes, SPARQL snippets and a schema.org view.
"""

from ontology.errors import OntologyError
from ontology.export import build_graph, export, instance_triples, iter_triples
from ontology.iris import DEFAULT_BASE, Iris
from ontology.jsonld import legislation_jsonld
from ontology.schema import schema_graph, shapes_graph
from ontology.sparql import load_query, query_names, run_query

__all__ = [
    "DEFAULT_BASE",
    "Iris",
    "OntologyError",
    "build_graph",
    "export",
    "instance_triples",
    "iter_triples",
    "legislation_jsonld",
    "load_query",
    "query_names",
    "run_query",
    "schema_graph",
    "shapes_graph",
]
