"""新旧对照 and stale citations over HTTP: ``/api/diff`` aligns two versions of a work article by
article; ``/api/stale`` lists citations of articles a later version changed, moved or dropped.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.cli_changes import diff_json, stale_json
from api.deps import ServiceDep
from api.errors import ApiError
from api.schemas import ERROR_RESPONSES
from graph.changes import NotComparable

router = APIRouter(tags=["versions"])

DateQuery = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD", examples=["2020-01-01"]),
]


@router.get("/api/diff", responses=ERROR_RESPONSES)
def diff(
    svc: ServiceDep,
    title: Annotated[str, Query(min_length=1, max_length=200, examples=["医疗机构管理条例"])],
    from_: Annotated[DateQuery, Query(alias="from")] = None,
    to: DateQuery = None,
) -> dict[str, Any]:
    """The 新旧对照 of a work: by default its previous held version against its current one;
    ``from``/``to`` pick the versions in force on those dates. Each row is unchanged,
    renumbered, changed (with a character diff as equal / delete / insert runs), added or
    deleted. An unknown title is a 404 ``unknown_regulation``; a work held in one version
    only is a 422 ``not_comparable``."""
    try:
        return diff_json(svc.diff(title, from_, to))
    except NotComparable as err:
        raise ApiError(422, "not_comparable", str(err)) from err
    except ValueError as err:  # 2020-13-01 has the shape of a date and is none
        raise ApiError(422, "bad_date", str(err)) from err


@router.get("/api/stale", responses=ERROR_RESPONSES)
def stale(
    svc: ServiceDep,
    document: Annotated[str | None, Query(max_length=200, description="title or id")] = None,
) -> list[dict[str, Any]]:
    """Citations whose cited article a later version changed, moved or dropped, each with the
    version it meant, the article it most likely is now and why; ``document`` keeps those one
    document makes."""
    return stale_json(svc.stale(document))
