"""``GET /api/graph/neighbourhood``: the nodes and relationships around one node, for a picture.

Nodes are identified by their key (regulation title, body key) or id (document, clause, item).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServiceDep
from api.errors import NotFound
from api.routes import plain
from api.schemas import ERROR_RESPONSES, GraphOut

router = APIRouter(tags=["graph"])
MAX_NODES = 200


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
