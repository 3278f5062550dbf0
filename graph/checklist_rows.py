"""What a self-inspection checklist reads from the graph: the obligations binding some bodies,
the clauses that state them with their chapter, and the documents holding inspection items.

Plain reads through ``store.read`` with ``graph.cypher``; choosing and grouping rows is
``api/checklist.py``'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from graph import cypher

_CHAPTER_KINDS = ("chapter", "section", "part")
_MAX_DEPTH = 8  # 编 > 章 > 节 > 条 > 款 > 项 > 目: deeper than any clause tree here


class Reader(Protocol):
    def read(self, query: str, **params: Any) -> list[dict[str, Any]]: ...


def obligations_binding(store: Reader, body_keys: Iterable[str]) -> list[dict[str, Any]]:
    """Every obligation binding one of ``body_keys``, once (the first body it binds wins)."""
    rows = store.read(cypher.CHECKLIST_OBLIGATIONS, keys=sorted(set(body_keys)))
    return list({r["id"]: r for r in sorted(rows, key=lambda r: (r["id"], r["body_key"]))}.values())


def clauses_by_id(store: Reader, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    wanted = sorted({i for i in ids if i})
    return {r["id"]: r for r in store.read(cypher.CLAUSES_BY_ID, ids=wanted)} if wanted else {}


def with_ancestors(store: Reader, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The clauses ``ids`` and every clause above them, by id: a row's article and chapter are
    read by walking ``parent_id`` up from the clause that states it."""
    found: dict[str, dict[str, Any]] = {}
    todo = set(ids)
    for _ in range(_MAX_DEPTH):
        todo -= set(found)
        if not todo:
            break
        batch = clauses_by_id(store, todo)
        found.update(batch)
        todo = {r["parent_id"] for r in batch.values() if r.get("parent_id")}
    return found


def article_and_chapter(
    clauses: dict[str, dict[str, Any]], clause_id: str | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The article (条) holding a clause and the chapter (章, 节 or 编) holding that."""
    article = chapter = None
    node = clauses.get(clause_id or "")
    seen = 0
    while node is not None and seen < _MAX_DEPTH:
        if node.get("kind") == "article" and article is None:
            article = node
        if node.get("kind") in _CHAPTER_KINDS and chapter is None:
            chapter = node
        node = clauses.get(node.get("parent_id") or "")
        seen += 1
    return article, chapter


def item_documents(store: Reader) -> list[dict[str, Any]]:
    """The documents holding inspection items, with their standing."""
    return sorted(store.read(cypher.ITEM_DOCUMENTS), key=lambda r: (r["title"] or "", r["id"]))


def clause_at_path(store: Reader, document_id: str, path: str) -> dict[str, Any] | None:
    rows = store.read(cypher.CLAUSE_AT_PATH, document_id=document_id, path=path)
    return rows[0] if rows else None


def unbound_obligations(store: Reader, document_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The obligations of some documents that bind no body (a subject-less paragraph)."""
    ids = sorted(set(document_ids))
    return store.read(cypher.CHECKLIST_UNBOUND_OBLIGATIONS, ids=ids) if ids else []
