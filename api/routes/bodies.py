"""Responsible bodies: ``/api/bodies`` as a tree, and ``/api/bodies/{name}/obligations``.

A body's obligations include its sub-bodies' unless ``include_sub_bodies=false``; the answer
states both totals. Names resolve as people type them (graph/names.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import pages
from api.deps import LimitQuery, OffsetQuery, ServiceDep
from api.schemas import ERROR_RESPONSES, BodiesPage, BodyObligations

router = APIRouter(tags=["bodies"])


@router.get("/api/bodies", response_model=BodiesPage)
def bodies(svc: ServiceDep, limit: LimitQuery = 100, offset: OffsetQuery = 0) -> BodiesPage:
    """Every canonical body as a tree (SUB_OF), with how many obligations bind each; the page
    and ``total`` count the roots."""
    return pages.bodies(svc, limit=limit, offset=offset)


@router.get(
    "/api/bodies/{key:path}/obligations", response_model=BodyObligations, responses=ERROR_RESPONSES
)
def obligations(
    svc: ServiceDep,
    key: str,
    include_sub_bodies: Annotated[bool, Query()] = True,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    modality: Annotated[
        str | None,
        Query(max_length=20, description="must, must_not, may (or 应当, 不得, 可以)"),
    ] = None,
    document: Annotated[
        str | None,
        Query(max_length=200, description="Only those stated in this document (id or title)"),
    ] = None,
    level: Annotated[
        str | None,
        Query(
            max_length=20,
            description="Only those stated in documents of this level: national, provincial, "
            "prefectural, county (or 国家, 省, 市, 县)",
        ),
    ] = None,
) -> BodyObligations:
    """Duties, prohibitions and permissions that bind the body (by key, name, alias or short
    form such as 县卫健局); a name that matches nothing is a 404 ``unknown_body`` with
    ``suggestions``."""
    return pages.obligations(
        svc,
        key,
        include_sub_bodies,
        limit=limit,
        offset=offset,
        modality=modality,
        document=document,
        level=level,
    )
