"""Documents read back from the graph as ingest's records, so the search index can be built
from what the graph holds (a repair after a crash, a check of what the index says).

What the graph does not keep (body mentions in running text) is rebuilt from the obligations'
bound bodies and the issuers, the parts that the search filter by body relies on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph import cypher
from graph.queries import Queries
from graph.relink import linked_path
from ingest.models import (
    BodyMention,
    Citation,
    CitationKind,
    Clause,
    ClauseKind,
    Document,
    DocumentKind,
    InspectionItem,
    Level,
    ParsedDocument,
    Resolution,
    Span,
    Status,
)
from ingest.reading import fold


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _enum(kind: Any, value: Any, default: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return default


def _document(d: dict[str, Any]) -> Document:
    text = d.get("text") or ""
    return Document(
        id=d["id"],
        source=d.get("source") or "",
        sha256=d.get("sha256") or "",
        encoding=d.get("encoding") or "",
        title=d.get("title") or d["id"],
        kind=_enum(DocumentKind, d.get("kind"), DocumentKind.OTHER),
        text=text,
        folded=fold(text),
        number=d.get("number"),
        issuers=tuple(d.get("issuers") or ()),
        issued=_day(d.get("issued")),
        effective=_day(d.get("effective")),
        version_date=_day(d.get("version_date")),
        level=_enum(Level, d.get("level"), Level.UNKNOWN),
        jurisdiction=d.get("jurisdiction"),
        status=_enum(Status, d.get("status"), Status.UNKNOWN),  # as the graph now judges it
        work_title=d.get("work_key"),
        format=d.get("format") or "text",
    )


def _clause(c: dict[str, Any]) -> Clause:
    return Clause(
        id=c["id"],
        document_id=c["document_id"],
        kind=_enum(ClauseKind, c.get("kind"), ClauseKind.TEXT),
        path=c.get("path") or "",
        locator=c.get("locator") or "",
        text=c.get("text") or "",
        span=Span(int(c.get("start") or 0), int(c.get("end") or 0)),
        parent_id=c.get("parent_id"),
        order=int(c.get("order") or 0),
        number=c.get("number"),
        heading=c.get("heading"),
        origin=c.get("origin"),
    )


def _citation(r: dict[str, Any]) -> Citation:
    e = r["edge"]
    return Citation(
        id=e.get("id") or "",
        document_id=e.get("document_id") or "",
        clause_id=r.get("clause_id"),
        kind=_enum(CitationKind, e.get("kind"), CitationKind.TITLE),
        raw=e.get("raw") or "",
        span=Span(int(e.get("start") or 0), int(e.get("end") or 0)),
        title=e.get("title"),
        number=e.get("number"),
        article=e.get("article"),
        # Where the cited article is in that document (graph.relink).
        article_path=linked_path(e.get("article_path"), e.get("now_path")),
        target_title=e.get("target_key"),
        # Where the graph has moved the citation (the current version's article), not where
        # ingest first pointed it.
        target_document_id=r.get("target_document_id"),
        resolution=_enum(Resolution, e.get("resolution"), Resolution.UNRESOLVED),
        score=float(e.get("score") or 1.0),
    )


def citations_of(store: Queries, document_ids: Iterable[str]) -> dict[str, list[Citation]]:
    """Each document's citations as the graph links them now: the version and article relinking
    chose (a newer version held since, a renumbered article), not where ingest first pointed."""
    out: dict[str, list[Citation]] = {}
    for r in store.read(cypher.DOCUMENT_CITATIONS, ids=list(dict.fromkeys(document_ids))):
        out.setdefault(r["document_id"], []).append(_citation(r))
    for found in out.values():
        found.sort(key=lambda c: (c.span.start, c.span.end, c.id))  # in reading order
    return out


def parsed_from_graph(store: Queries, document_ids: Iterable[str]) -> list[ParsedDocument]:
    """The held documents among ``document_ids`` with their clauses, items and citations."""
    out: list[ParsedDocument] = []
    for document_id in dict.fromkeys(document_ids):
        rows = store.read(cypher.DOCUMENT_RECORD, id=document_id)
        if not rows:
            continue
        document = _document(rows[0]["document"])
        clauses = sorted(
            (_clause(r["clause"]) for r in store.read(cypher.DOCUMENT_CLAUSES, id=document_id)),
            key=lambda c: (c.span.start, -c.span.end, c.path),
        )
        items = tuple(
            InspectionItem(
                id=r["id"],
                document_id=document_id,
                clause_id=r["clause_id"],
                code=r.get("code") or "",
                table=r.get("table"),
                section=r.get("section"),
                requirement=r.get("requirement"),
                content=r.get("content") or "",
                points=r.get("points"),
                points_raw=r.get("points_raw"),
                span=Span(int(r.get("start") or 0), int(r.get("end") or 0)),
            )
            for r in store.read(cypher.DOCUMENT_ITEM_RECORDS, id=document_id)
        )
        citations = tuple(citations_of(store, [document_id]).get(document_id, ()))
        mentions = tuple(
            BodyMention(document_id, r["clause_id"], key, key, Span(0, 0))
            for r in store.read(cypher.DOCUMENT_BOUND_BODIES, id=document_id)
            for key in r["body_keys"] or ()
        )
        out.append(
            ParsedDocument(
                document=document,
                clauses=tuple(clauses),
                citations=citations,
                body_mentions=mentions,
                inspection_items=items,
            )
        )
    return out
