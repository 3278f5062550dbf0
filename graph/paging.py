"""Read a whole label or relationship type a page at a time (RDF export, migrate): memory holds
one page, and every page costs the server about the same, however large the store.

Parts of documents (clauses, items, obligations) are read a few whole documents at a time
through the ``document_id`` index, packed to about ``batch_size`` nodes by a first count per
document. Keyset pages (``key > $after ORDER BY key LIMIT``) are kept for the small labels:
ArcadeDB sorts everything past ``$after`` for each of them, which made a 1M-clause export
quadratic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graph import cypher
from graph.schema import NODE_TYPES, REL_STARTS, Label, Rel, RelRow

Read = Callable[..., list[dict[str, Any]]]
# A document row carries the document's whole text: fewer of them per page.
_DOCUMENTS_PER_PAGE = 200


def _document_groups(read: Read, label: Label, batch_size: int) -> Iterator[list[str]]:
    """Document ids, in id order, grouped so that each group holds about ``batch_size``
    ``label`` nodes (a larger document alone)."""
    counts = sorted(
        (str(r["document_id"]), int(r["n"])) for r in read(cypher.parts_per_document(label))
    )
    group: list[str] = []
    rows = 0
    for document_id, n in counts:
        if group and rows + n > batch_size:
            yield group
            group, rows = [], 0
        group.append(document_id)
        rows += n
    if group:
        yield group


def _props(label: Label, props: dict[str, Any]) -> dict[str, object]:
    return {p: props[p] for p in NODE_TYPES[label].properties if props.get(p) is not None}


def _page(read: Read, query: str, **params: Any) -> list[dict[str, Any]]:
    records = read(query, **params)
    return list(records[0]["rows"]) if records else []


def iter_nodes(read: Read, label: Label, batch_size: int) -> Iterator[dict[str, object]]:
    """Every node of ``label`` with the properties of ``NODE_TYPES``: in key order for the small
    labels, document by document for the parts of documents."""
    if label in cypher.DOCUMENT_PARTS:
        for ids in _document_groups(read, label, batch_size):
            for props in _page(read, cypher.parts_of_documents(label), ids=ids):
                yield _props(label, props)
        return
    if label is Label.DOCUMENT:
        batch_size = min(batch_size, _DOCUMENTS_PER_PAGE)
    key = NODE_TYPES[label].key
    after = ""
    while True:
        page = _page(read, cypher.page_nodes(label), after=after, limit=batch_size)
        for props in page:
            yield _props(label, props)
        if len(page) < batch_size:
            return
        after = str(page[-1][key])  # collect keeps the ORDER BY order on both engines


def iter_relationships(read: Read, rel: Rel, batch_size: int) -> Iterator[RelRow]:
    """Every ``rel`` edge, from each kind of start node in turn."""
    for start in REL_STARTS[rel]:
        if start in cypher.DOCUMENT_PARTS:
            query = cypher.edges_of_documents(rel, start)
            for ids in _document_groups(read, start, batch_size):
                for edge in _page(read, query, ids=ids):
                    yield _rel_row(rel, start, edge["start_key"], edge)
            continue
        after = ""
        while True:
            page = _page(read, cypher.page_relationships(rel, start), after=after, limit=batch_size)
            for row in page:
                for edge in row["edges"]:
                    if edge["end_key"] is not None:  # a start node without such an edge
                        yield _rel_row(rel, start, row["start_key"], edge)
            if len(page) < batch_size:
                break
            after = str(page[-1]["start_key"])


def _rel_row(rel: Rel, start: Label, start_key: object, edge: dict[str, Any]) -> RelRow:
    return RelRow(
        rel,
        start,
        str(start_key),
        Label(edge["end_label"]),
        str(edge["end_key"]),
        dict(edge["props"] or {}),
    )
