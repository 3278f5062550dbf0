"""The README's SPARQL snippets (``ontology/queries/*.rq``), loaded by name and run on a graph.

The same files are what a data team pastes into their triple store's console.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources

from rdflib import Graph
from rdflib.term import Node

from ontology.errors import OntologyError


def query_names() -> list[str]:
    """Names of the shipped queries (file stems), sorted."""
    folder = resources.files("ontology").joinpath("queries")
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def load_query(name: str) -> str:
    """The text of ``ontology/queries/{name}.rq``."""
    if name not in query_names():
        raise OntologyError(f"no SPARQL query named {name!r}; known: {', '.join(query_names())}")
    return resources.files("ontology").joinpath("queries", f"{name}.rq").read_text("utf-8")


def run_query(
    graph: Graph, name: str, values: Mapping[str, Node] | None = None
) -> list[dict[str, str]]:
    """Run a shipped SELECT query; each row maps a variable to its value as a string.

    A query's parameters are its ``VALUES ?var { … }`` lines; ``values`` replaces them, e.g.
    ``{"title": Literal("医疗器械监督管理条例", lang="zh")}``.
    """
    text = load_query(name)
    for var, value in (values or {}).items():
        found = re.search(r"VALUES \?" + re.escape(var) + r" \{[^}]*\}", text)
        if found is None:
            raise OntologyError(f"query {name!r} has no VALUES line for ?{var}")
        text = f"{text[: found.start()]}VALUES ?{var} {{ {value.n3()} }}{text[found.end() :]}"
    result = graph.query(text)
    names = [str(v) for v in result.vars or ()]
    return [
        {n: str(row[n]) for n in names if row[n] is not None}  # type: ignore[index,call-overload]
        for row in result
    ]
