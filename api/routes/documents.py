"""Documents and clauses: ``/api/documents``, ``/api/documents/{id}`` (+ items), ``/api/clauses``.

A clause comes with its context (parent, neighbours, children, citations both ways).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ServiceDep
from api.errors import NotFound
from api.routes import plain
from api.schemas import (
    ERROR_RESPONSES,
    ClauseContext,
    DocumentDetail,
    DocumentOut,
    InspectionItemOut,
)

router = APIRouter(tags=["documents"])


@router.get("/api/documents", response_model=list[DocumentOut])
def documents(svc: ServiceDep) -> list[DocumentOut]:
    """Every ingested document (each version of a work is one document)."""
    return [DocumentOut.model_validate(plain(row)) for row in svc.store.documents()]


def _document(svc: ServiceDep, document_id: str) -> dict[str, Any]:
    for row in svc.store.documents():
        if row.id == document_id:
            return plain(row)
    raise NotFound("document", document_id)


@router.get(
    "/api/documents/{document_id}", response_model=DocumentDetail, responses=ERROR_RESPONSES
)
def document(svc: ServiceDep, document_id: str) -> DocumentDetail:
    """One document's metadata and its outline (parts, chapters, headings, articles)."""
    data = _document(svc, document_id)
    tree = plain(svc.store.outline(document_id))
    return DocumentDetail.model_validate(
        {**data, "outline": tree, "item_count": svc.store.item_count(document_id)}
    )


@router.get(
    "/api/documents/{document_id}/items",
    response_model=list[InspectionItemOut],
    responses=ERROR_RESPONSES,
)
def document_items(svc: ServiceDep, document_id: str) -> list[InspectionItemOut]:
    """The document's inspection items (scored rows, enumerated 整治内容), in text order, each
    with the regulations it cites."""
    _document(svc, document_id)
    return [InspectionItemOut.model_validate(plain(row)) for row in svc.document_items(document_id)]


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
    return ClauseContext.model_validate(data)
