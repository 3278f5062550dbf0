"""One JSON shape per resource, for the API and the CLI alike: pages of long lists with totals.

Routes answer these models and ``regkg … --json`` prints them, so a script sees the same object
from either face. Names are resolved through graph/names.py (an unknown name raises UnknownName).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from api.routes import plain
from api.schemas import (
    BodiesPage,
    BodyNode,
    BodyObligations,
    CitedByOut,
    CitingRow,
    DocumentOut,
    DocumentsPage,
    GraphEdge,
    GraphNode,
    GraphOut,
    InspectionItemOut,
    ItemsPage,
    ObligationOut,
    RegulationOut,
    RegulationsPage,
)
from api.settings import MAX_OFFSET
from graph import names

if TYPE_CHECKING:
    from api.services import Regkg

# A trace is read whole to count it (a work is cited hundreds of times, not millions).
_ALL_ROWS = MAX_OFFSET + 1000


def walk(nodes: Sequence[BodyNode]) -> list[BodyNode]:
    """Every node of a body tree, parents before their children."""
    out: list[BodyNode] = []
    for node in nodes:
        out.append(node)
        out.extend(walk(node.children))
    return out


def body_tree(svc: Regkg) -> list[BodyNode]:
    return [BodyNode.model_validate(plain(b)) for b in svc.store.bodies()]


def bodies(svc: Regkg, limit: int = 100, offset: int = 0) -> BodiesPage:
    roots = body_tree(svc)
    return BodiesPage(
        total=len(roots), offset=offset, limit=limit, items=roots[offset : offset + limit]
    )


def obligations(
    svc: Regkg,
    name: str,
    include_sub_bodies: bool = True,
    *,
    limit: int = 100,
    offset: int = 0,
    modality: str | None = None,
    document: str | None = None,
    level: str | None = None,
) -> BodyObligations:
    """A page of what a body must, must not or may do, with the totals of its own and of its
    sub-bodies under the same filters, and a line saying which of the two is listed."""
    store = svc.store
    key = names.resolve_body(store, name)
    wanted = names.modality(modality) if modality else None
    stated_in = names.resolve_documents(store, document) if document else None
    at_level = names.level(level) if level else None
    filters: dict[str, Any] = {"modality": wanted, "documents": stated_in, "level": at_level}
    own = store.obligations_count(key, False, **filters)
    every = store.obligations_count(key, True, **filters)
    rows = svc.obligations(key, include_sub_bodies, limit=limit, offset=offset, **filters)
    tree = {n.key: n for n in walk(body_tree(svc))}
    found = store.body(key)
    body = tree.get(key) or BodyNode.model_validate(plain(found))
    # In words for every face (the page shows it as it is); the CLI adds its own flag to it.
    listed = "列出含下级机构的" if include_sub_bodies else "只列本机构的"
    if not every:  # none found: name the bodies of the same family that have some
        family = key.partition("/")[0]
        kin = [n for n in tree.values() if n.key.partition("/")[0] == family and n.key != key]
        kin = sorted((n for n in kin if n.obligation_count), key=lambda n: -n.obligation_count)
        if kin:
            listed += "；同类机构：" + "、".join(
                f"{n.name} {n.obligation_count} 项" for n in kin[:3]
            )
    return BodyObligations(
        body=body,
        asked=name,
        include_sub_bodies=include_sub_bodies,
        own_total=own,
        with_sub_bodies_total=every,
        modality=wanted,
        documents=stated_in,
        level=at_level,
        scope=f"含下级机构 {every} 项，本机构 {own} 项；{listed}",
        total=every if include_sub_bodies else own,
        offset=offset,
        limit=limit,
        items=[ObligationOut.model_validate(plain(o)) for o in rows],
    )


def regulation(svc: Regkg, name: str) -> RegulationOut:
    key = names.resolve_regulation(svc.store, name)
    row = svc.store.regulation(key)
    if row is None:  # resolved a moment ago; deleted since
        raise names.UnknownName("regulation", name)
    return RegulationOut.model_validate(plain(row))


def regulations(svc: Regkg, limit: int = 100, offset: int = 0) -> RegulationsPage:
    rows = svc.store.regulations()
    page = [RegulationOut.model_validate(plain(r)) for r in rows[offset : offset + limit]]
    return RegulationsPage(total=len(rows), offset=offset, limit=limit, items=page)


def cited_by(
    svc: Regkg,
    name: str,
    article: str | None = None,
    depth: int = 1,
    *,
    limit: int = 100,
    offset: int = 0,
    kinds: Sequence[str] | None = None,
) -> CitedByOut:
    """A page of the places citing a regulation, with the total and the count of each kind."""
    wanted = names.citing_kinds(kinds)
    work = regulation(svc, name)
    article = article.strip() if article and article.strip() else None
    found = svc.cited_by(work.key, article, depth, limit=_ALL_ROWS, offset=0, kinds=wanted)
    rows = [CitingRow.model_validate(plain(r)) for r in found]
    page = rows[offset : offset + limit]
    return CitedByOut(
        regulation=work,
        article=article,
        kinds=wanted,
        depth=depth,
        total=len(rows),
        offset=offset,
        limit=limit,
        by_kind=dict(Counter(r.kind for r in rows).most_common()),
        items=page,
        graph=trace_graph(work, page),
    )


def trace_graph(regulation: RegulationOut, rows: list[CitingRow]) -> GraphOut:
    """Regulation ← citing documents (← via regulations at depth > 1), one node per document."""
    nodes: dict[str, GraphNode] = {
        regulation.key: GraphNode(id=regulation.key, label="Regulation", title=regulation.title)
    }
    edges: dict[tuple[str, str], GraphEdge] = {}

    def add_edge(source: str, target: str) -> None:
        edges.setdefault((source, target), GraphEdge(source=source, target=target, type="CITES"))

    for row in rows:
        if not row.document_id:
            continue
        nodes.setdefault(
            row.document_id,
            GraphNode(
                id=row.document_id, label="Document", title=row.document_title or row.document_id
            ),
        )
        target = regulation.key
        if row.via and row.via != regulation.key:
            nodes.setdefault(row.via, GraphNode(id=row.via, label="Regulation", title=row.via))
            target = row.via
        add_edge(row.document_id, target)
    for via in [n.id for n in nodes.values() if n.label == "Regulation" and n.id != regulation.key]:
        add_edge(via, regulation.key)
    return GraphOut(nodes=list(nodes.values()), edges=list(edges.values()))


def documents(svc: Regkg, limit: int = 100, offset: int = 0) -> DocumentsPage:
    rows = svc.store.documents()
    page = [DocumentOut.model_validate(plain(r)) for r in rows[offset : offset + limit]]
    return DocumentsPage(total=len(rows), offset=offset, limit=limit, items=page)


def document_id(svc: Regkg, name: str) -> str:
    """A document's id from its id or title (a title held in several versions: the current)."""
    ids = names.resolve_documents(svc.store, name)
    if len(ids) == 1:
        return ids[0]
    current = [r.id for r in svc.store.documents() if r.id in ids and r.is_current]
    return current[0] if current else ids[-1]


def items(svc: Regkg, name: str, limit: int = 100, offset: int = 0) -> ItemsPage:
    """A page of a document's inspection items in text order, each with what it cites."""
    rows = svc.document_items(document_id(svc, name))
    page = [InspectionItemOut.model_validate(plain(r)) for r in rows[offset : offset + limit]]
    return ItemsPage(total=len(rows), offset=offset, limit=limit, items=page)
