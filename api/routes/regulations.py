"""Regulations (works): the list with cited-by counts, who cites one (a trace), and its versions.

``/api/regulations/{key}/cited-by`` answers rows for a table and a small graph for the picture.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import LimitQuery, OffsetQuery, ServiceDep
from api.errors import ApiError, NotFound
from api.routes import plain
from api.schemas import (
    ERROR_RESPONSES,
    CitedByOut,
    CitingRow,
    GraphEdge,
    GraphNode,
    GraphOut,
    RegulationOut,
    VersionOut,
)
from graph.queries import citing_kinds

router = APIRouter(tags=["regulations"])


def _regulation(svc: ServiceDep, key: str) -> RegulationOut:
    row = svc.store.regulation(key)
    if row is None:
        raise NotFound("regulation", key)
    return RegulationOut.model_validate(plain(row))


@router.get("/api/regulations", response_model=list[RegulationOut])
def regulations(svc: ServiceDep) -> list[RegulationOut]:
    """Every regulation the graph knows, held or only cited, most cited first."""
    return [RegulationOut.model_validate(plain(r)) for r in svc.store.regulations()]


@router.get(
    "/api/regulations/{key:path}/cited-by", response_model=CitedByOut, responses=ERROR_RESPONSES
)
def cited_by(
    svc: ServiceDep,
    key: str,
    article: Annotated[str | None, Query(max_length=40, examples=["第二十条"])] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    kind: Annotated[
        list[str] | None,
        Query(
            max_length=7,
            description="Only citing places of these kinds (repeat or comma-separate): item, "
            "clause, plan, report, notice, standard, other.",
            examples=[["item"]],
        ),
    ] = None,
) -> CitedByOut:
    """What cites the regulation (or one article of it), up to ``depth`` citation hops away;
    an inspection item's row carries its code, table, points and standard."""
    try:
        kinds = citing_kinds(kind)
    except ValueError as err:
        raise ApiError(422, "bad_kind", str(err)) from err
    regulation = _regulation(svc, key)
    article = article.strip() if article and article.strip() else None
    found = svc.cited_by(regulation.key, article, depth, limit=limit, offset=offset, kinds=kinds)
    rows = [CitingRow.model_validate(plain(r)) for r in found]
    return CitedByOut(
        regulation=regulation,
        article=article,
        kinds=kinds,
        depth=depth,
        citing=rows,
        graph=trace_graph(regulation, rows),
    )


@router.get(
    "/api/regulations/{key:path}/versions",
    response_model=list[VersionOut],
    responses=ERROR_RESPONSES,
)
def versions(svc: ServiceDep, key: str) -> list[VersionOut]:
    """The held versions of the regulation, oldest first, the current one marked."""
    regulation = _regulation(svc, key)
    return [VersionOut.model_validate(plain(v)) for v in svc.store.versions(regulation.key)]


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
