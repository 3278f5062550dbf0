"""Regulations (works): the list with cited-by counts, who cites one (a trace), and its versions.

``/api/regulations/{key}/cited-by`` answers rows for a table and a small graph for the picture.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import pages
from api.deps import LimitQuery, OffsetQuery, ServiceDep
from api.errors import ApiError
from api.pages import trace_graph
from api.routes import plain
from api.schemas import ERROR_RESPONSES, CitedByOut, RegulationsPage, VersionOut
from api.settings import MAX_DEPTH
from graph import names

router = APIRouter(tags=["regulations"])
__all__ = ["router", "trace_graph"]


@router.get("/api/regulations", response_model=RegulationsPage)
def regulations(
    svc: ServiceDep, limit: LimitQuery = 100, offset: OffsetQuery = 0
) -> RegulationsPage:
    """Every regulation the graph knows, held or only cited, most cited first."""
    return pages.regulations(svc, limit=limit, offset=offset)


@router.get(
    "/api/regulations/{key:path}/cited-by", response_model=CitedByOut, responses=ERROR_RESPONSES
)
def cited_by(
    svc: ServiceDep,
    key: str,
    article: Annotated[str | None, Query(max_length=40, examples=["第二十条"])] = None,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    kind: Annotated[
        list[str] | None,
        Query(
            max_length=7,
            description="Only citing places of these kinds (repeat or comma-separate): item, "
            "clause, plan, report, notice, standard, other, or their Chinese names (检查项, 条款, "
            "方案, 报告, 通知, 标准, 法律 …).",
            examples=[["item"]],
        ),
    ] = None,
) -> CitedByOut:
    """What cites the regulation (or one article of it), up to ``depth`` citation hops away;
    an inspection item's row carries its code, table, points and standard. ``total`` and
    ``by_kind`` count every row, not only the page; an unknown name is a 404
    ``unknown_regulation`` with ``suggestions``."""
    try:
        names.citing_kinds(kind)
    except ValueError as err:
        raise ApiError(422, "bad_kind", str(err)) from err
    return pages.cited_by(svc, key, article, depth, limit=limit, offset=offset, kinds=kind)


@router.get(
    "/api/regulations/{key:path}/versions",
    response_model=list[VersionOut],
    responses=ERROR_RESPONSES,
)
def versions(svc: ServiceDep, key: str) -> list[VersionOut]:
    """The held versions of the regulation, oldest first, the current one marked."""
    regulation = pages.regulation(svc, key)
    return [VersionOut.model_validate(plain(v)) for v in svc.store.versions(regulation.key)]
