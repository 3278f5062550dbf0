"""Documents and clauses: ``/api/documents``, ``/api/documents/{id}`` (+ items), ``/api/clauses``.

A clause comes with its context (parent, neighbours, children, citations both ways).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import pages
from api.deps import LimitQuery, OffsetQuery, ServiceDep
from api.errors import NotFound
from api.routes import plain
from api.schemas import (
    ERROR_RESPONSES,
    ClauseContext,
    DocumentDetail,
    DocumentsPage,
    ItemsPage,
)

router = APIRouter(tags=["documents"])


@router.get("/api/documents", response_model=DocumentsPage)
def documents(svc: ServiceDep, limit: LimitQuery = 100, offset: OffsetQuery = 0) -> DocumentsPage:
    """Every ingested document (each version of a work is one document), by title."""
    return pages.documents(svc, limit=limit, offset=offset)


def _document(svc: ServiceDep, name: str) -> dict[str, Any]:
    document_id = pages.document_id(svc, name)
    return next(plain(row) for row in svc.store.documents() if row.id == document_id)


@router.get(
    "/api/documents/{document_id}", response_model=DocumentDetail, responses=ERROR_RESPONSES
)
def document(svc: ServiceDep, document_id: str) -> DocumentDetail:
    """One document (by id or title) with its outline (parts, chapters, headings, articles);
    a name that matches nothing is a 404 ``unknown_document`` with ``suggestions``."""
    data = _document(svc, document_id)
    tree = plain(svc.store.outline(data["id"]))
    # The held versions of its work, from the graph (VERSION_OF): the page offers a 新旧对照 only
    # where there are two to compare.
    versions = [plain(v) for v in svc.store.versions(data["work_key"])] if data["work_key"] else []
    return DocumentDetail.model_validate(
        {
            **data,
            "outline": tree,
            "item_count": svc.store.item_count(data["id"]),
            "versions": versions,
        }
    )


@router.get(
    "/api/documents/{document_id}/items", response_model=ItemsPage, responses=ERROR_RESPONSES
)
def document_items(
    svc: ServiceDep, document_id: str, limit: LimitQuery = 100, offset: OffsetQuery = 0
) -> ItemsPage:
    """The document's inspection items (scored rows, enumerated 整治内容), in text order, each
    with the regulations it cites."""
    return pages.items(svc, document_id, limit=limit, offset=offset)


@router.get(
    "/api/clauses/{clause_id:path}", response_model=ClauseContext, responses=ERROR_RESPONSES
)
def clause(
    svc: ServiceDep,
    clause_id: str,
    around: Annotated[int, Query(ge=0, le=20, description="Siblings shown either side")] = 2,
) -> ClauseContext:
    """A clause with its parent, ``around`` siblings either side, its children and citations."""
    context = svc.store.clause_context(clause_id)
    if context is None:
        raise NotFound("clause", clause_id)
    data = plain(context)
    title = data.get("document_title")
    data["clause"] = {**data["clause"], "document_title": title}
    data["previous"] = data.get("previous", [])[-around:] if around else []
    data["following"] = data.get("following", [])[:around]
    data["validity"] = svc.clause_validity(clause_id)
    return ClauseContext.model_validate(data)
