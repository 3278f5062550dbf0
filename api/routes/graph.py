"""``GET /api/graph/neighbourhood``: the nodes and relationships around one node, for a picture;
``GET /api/graph/trace``: a regulation's citing works by layer, for the tracing view (api/trace.py).

Nodes are identified by their key (regulation title, body key) or id (document, clause, item).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServiceDep
from api.errors import ApiError, NotFound
from api.routes import plain
from api.schemas import ERROR_RESPONSES, GraphOut
from api.trace import TraceOut, trace_works
from graph import names

router = APIRouter(tags=["graph"])
MAX_NODES = 200
TRACE_ROWS = 1000  # citing places drawn; the table pages through all of them


@router.get("/api/graph/neighbourhood", response_model=GraphOut, responses=ERROR_RESPONSES)
def neighbourhood(
    svc: ServiceDep,
    node_id: Annotated[str, Query(min_length=1, max_length=300, examples=["医疗机构管理条例"])],
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
) -> GraphOut:
    """Nodes within ``depth`` hops of ``node_id`` (at most 200) and the relationships among them."""
    found = GraphOut.model_validate(plain(svc.store.neighbourhood(node_id, depth, MAX_NODES)))
    if not found.nodes:
        raise NotFound("node with relationships", node_id)
    return found


@router.get("/api/graph/trace", response_model=TraceOut, responses=ERROR_RESPONSES)
def trace(
    svc: ServiceDep,
    key: Annotated[str, Query(min_length=1, max_length=300, examples=["医疗机构管理条例"])],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    article: Annotated[str | None, Query(max_length=40, examples=["第二十条"])] = None,
    kind: Annotated[list[str] | None, Query(max_length=7, examples=[["item"]])] = None,
) -> TraceOut:
    """The works citing a regulation (or one article), one node per work with its citing
    versions inside, by layer (citation hops), and one arrow per citing → cited work."""
    try:
        kinds = names.citing_kinds(kind)
    except ValueError as err:
        raise ApiError(422, "bad_kind", str(err)) from err
    # An unknown name is a 404 unknown_regulation with the closest titles (graph/names.py).
    regulation = svc.store.regulation(names.resolve_regulation(svc.store, key))
    if regulation is None:
        raise NotFound("regulation", key)
    article = article.strip() if article and article.strip() else None
    rows = svc.cited_by(regulation.key, article, depth, limit=TRACE_ROWS, offset=0, kinds=kinds)
    return trace_works(
        regulation.key,
        regulation.title,
        svc.store.versions(regulation.key),
        rows,
        svc.store.documents(),
        depth,
        TRACE_ROWS,
    )
