"""The tracing picture of a regulation: one node per citing work (its citing versions inside it),
one arrow per citing work → cited work with how many places cite, and each work's layer (hops).

Built from the same cited-by rows as the table (graph/queries.py ``cited_by``), so picture and
table never disagree; a version of a work is a document whose ``work_key`` names the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field


class TraceVersion(BaseModel):
    document_id: str
    title: str
    version_date: str | None = None
    is_current: bool | None = None


class TraceWork(BaseModel):
    """A work in the picture: the traced regulation (layer 0) or one that cites it."""

    id: str = Field(examples=["医疗机构管理条例实施细则"])
    title: str
    label: str = Field(examples=["Regulation"], description="Regulation (a work) or Document")
    kind: str | None = Field(default=None, examples=["departmental_rule"])
    layer: int = Field(examples=[1], description="Citation hops from the traced regulation.")
    versions: list[TraceVersion] = Field(
        default_factory=list, description="Its versions that cite (all versions, for layer 0)."
    )
    citing_kinds: dict[str, int] = Field(default_factory=dict, examples=[{"clause": 3}])


class TraceEdge(BaseModel):
    source: str = Field(description="The citing work.")
    target: str = Field(description="The cited work.")
    count: int = Field(examples=[2], description="Citing places behind the arrow.")


class TraceOut(BaseModel):
    key: str = Field(examples=["医疗机构管理条例"])
    depth: int
    works: list[TraceWork]
    edges: list[TraceEdge]
    rows: int = Field(description="Citing places the picture was drawn from.")
    truncated: bool = Field(description="True when more places cite than were drawn.")


def trace_works(
    key: str,
    title: str,
    versions: Sequence[Any],
    rows: Iterable[Any],
    documents: Iterable[Any],
    depth: int,
    limit: int,
) -> TraceOut:
    """Group cited-by ``rows`` (graph.rows.CitingRow) by citing work. ``documents`` are the
    graph's document rows (for ``work_key``, version date, kind); ``versions`` the traced
    regulation's own. A document without a work (a notice, a plan) is its own node."""
    docs = {d.id: d for d in documents}
    works: dict[str, TraceWork] = {
        key: TraceWork(
            id=key,
            title=title,
            label="Regulation",
            layer=0,
            versions=[
                TraceVersion(
                    document_id=v.document_id,
                    title=v.title,
                    version_date=v.version_date,
                    is_current=v.is_current,
                )
                for v in versions
            ],
        )
    }
    counts: dict[tuple[str, str], int] = {}
    used = 0
    for row in rows:
        used += 1
        doc = docs.get(row.document_id)
        work_id = (doc.work_key if doc else None) or row.document_id
        target = row.via or key
        if work_id in (target, key):
            continue  # a version naming its own work; the traced work citing back
        work = works.get(work_id)
        if work is None:
            work = works[work_id] = TraceWork(
                id=work_id,
                title=work_id if doc and doc.work_key else (row.document_title or work_id),
                label="Regulation" if doc and doc.work_key else "Document",
                kind=doc.kind if doc else None,
                layer=row.depth,
            )
        work.layer = min(work.layer, row.depth)
        if not any(v.document_id == row.document_id for v in work.versions):
            work.versions.append(
                TraceVersion(
                    document_id=row.document_id,
                    title=row.document_title or row.document_id,
                    version_date=doc.version_date if doc else None,
                    is_current=doc.is_current if doc else None,
                )
            )
        work.citing_kinds[row.kind] = work.citing_kinds.get(row.kind, 0) + 1
        if target not in works:  # a work cited at depth n - 1 whose own rows were cut off
            works[target] = TraceWork(
                id=target, title=target, label="Regulation", layer=max(1, row.depth - 1)
            )
        counts[(work_id, target)] = counts.get((work_id, target), 0) + 1
    for work in works.values():
        work.versions.sort(key=lambda v: (v.version_date or "", v.document_id))
    edges = [TraceEdge(source=s, target=t, count=n) for (s, t), n in counts.items()]
    return TraceOut(
        key=key,
        depth=depth,
        works=sorted(works.values(), key=lambda w: (w.layer, w.title)),
        edges=edges,
        rows=used,
        truncated=used >= limit,
    )
