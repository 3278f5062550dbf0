"""Responsible bodies: ``/api/bodies`` as a tree, and ``/api/bodies/{key}/obligations``.

A body's obligations include its sub-bodies' unless ``include_sub_bodies=false``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import LimitQuery, OffsetQuery, ServiceDep
from api.errors import NotFound
from api.routes import plain
from api.schemas import ERROR_RESPONSES, BodyNode, BodyObligations, ObligationOut

router = APIRouter(tags=["bodies"])


def _walk(nodes: list[BodyNode]) -> list[BodyNode]:
    out: list[BodyNode] = []
    for node in nodes:
        out.append(node)
        out.extend(_walk(node.children))
    return out


@router.get("/api/bodies", response_model=list[BodyNode])
def bodies(svc: ServiceDep) -> list[BodyNode]:
    """Every canonical body as a tree (SUB_OF), with how many obligations bind each."""
    return [BodyNode.model_validate(plain(b)) for b in svc.store.bodies()]


@router.get(
    "/api/bodies/{key:path}/obligations", response_model=BodyObligations, responses=ERROR_RESPONSES
)
def obligations(
    svc: ServiceDep,
    key: str,
    include_sub_bodies: Annotated[bool, Query()] = True,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
) -> BodyObligations:
    """Duties, prohibitions and permissions that bind the body (by key, name or alias)."""
    found = svc.store.body(key)
    if found is None:
        raise NotFound("body", key)
    tree = {n.key: n for n in _walk(bodies(svc))}
    body = tree.get(found.key) or BodyNode.model_validate(plain(found))
    rows = svc.obligations(found.key, include_sub_bodies, limit=limit, offset=offset)
    return BodyObligations(
        body=body,
        include_sub_bodies=include_sub_bodies,
        obligations=[ObligationOut.model_validate(plain(o)) for o in rows],
    )
