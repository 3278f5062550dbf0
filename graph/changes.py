"""What changed between versions of a work as the graph holds them: the 新旧对照 of two versions
(ingest.align on their article clauses) and the citations left stale by a revision.

A citation means the version in force when the citing document was dated; when a later version
is current and the cited article changed, moved or went, the citation is flagged with the
article it most likely is now. Reads through the store's queries; writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import cypher
from graph.names import UnknownName, similar
from graph.queries import Queries
from graph.relink import (
    article_map,
    article_of,
    articles_by_document,
    clause_path,
    meant_version,
)
from graph.rows import CitingRow, DocumentRow
from ingest.align import Article, ArticlePair, Change, align, counts
from ingest.versions import VersionFacts, dated, in_force_on

_CITATIONS_PER_WORK = 5000  # a work's citations read for the stale check, at most


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """The 新旧对照 of two held versions of one work."""

    work: str
    old: DocumentRow
    new: DocumentRow
    rows: list[ArticlePair]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StaleCitation:
    """A citation of an article that a later version changed, moved or dropped."""

    citing_document_id: str
    citing_document_title: str | None
    citing_clause_id: str | None
    locator: str | None  # where in the citing document
    raw: str | None  # the citation as written
    work: str
    article: str | None  # the cited article as written (第十九条)
    cited_version_id: str  # the version the citation means
    cited_version_date: str | None
    cited_clause_id: str | None
    change: str  # changed, renumbered, deleted, repealed
    current_version_id: str | None
    current_article: str | None  # the article it most likely is now (第十八条)
    current_clause_id: str | None
    similarity: float
    reason: str


class NotComparable(ValueError):
    """The work holds fewer than two versions: there is nothing to compare."""


def _date(doc: DocumentRow) -> str:
    return dated(_facts(doc))


def _articles(store: Queries, document_id: str) -> list[Article]:
    found = store.read(cypher.ARTICLES_OF_DOCUMENTS, ids=[document_id])
    return articles_by_document(found).get(document_id, [])


def held_versions(store: Queries, title: str) -> tuple[str, list[DocumentRow]]:
    """The work a title names and its held versions, oldest first (drafts last)."""
    key = store.resolve_regulation(title)
    if key is None:
        raise UnknownName("regulation", title)
    versions = [d for d in store.documents() if d.work_key == key]
    versions.sort(key=lambda d: (d.status == "draft", _date(d), d.id))
    return key, versions


def _pick(versions: list[DocumentRow], day: str | None, default: DocumentRow) -> DocumentRow:
    """The version in force on ``day`` (``ingest.versions.in_force_on``), else ``default``;
    before the first held version took effect, the first."""
    if not day:
        return default
    return in_force_on(versions, day, _facts) or versions[0]


def _checked_day(day: str | None) -> str | None:
    """A date a user wrote, as YYYY-MM-DD; ValueError saying how to write it."""
    if not day:
        return None
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        raise ValueError(f"日期 {day!r} 无效：请写成 YYYY-MM-DD，如 2020-01-01") from None


def _facts(doc: DocumentRow) -> VersionFacts:
    return VersionFacts(doc.id, doc.version_date, doc.effective, doc.issued, doc.status)


def version_diff(
    store: Queries, title: str, from_date: str | None = None, to_date: str | None = None
) -> VersionDiff:
    """The 新旧对照 of a work: by default its previous held version against its current one;
    ``from_date``/``to_date`` pick the versions in force on those dates."""
    from_date, to_date = _checked_day(from_date), _checked_day(to_date)
    key, versions = held_versions(store, title)
    if len(versions) < 2:
        raise NotComparable(
            f"《{key}》本库只收有 {len(versions)} 个版本，无法对照；新旧对照需要两个版本"
        )
    current = next((v for v in versions if v.is_current), versions[-1])
    new = _pick(versions, to_date, current)
    older = [v for v in versions if _date(v) < _date(new)] or versions[:1]
    old = _pick(versions, from_date, older[-1])
    rows = align(_articles(store, old.id), _articles(store, new.id))
    return VersionDiff(key, old, new, rows, counts(rows))


def stale_citations(store: Queries, document: str | None = None) -> list[StaleCitation]:
    """Every citation of an article that changed, moved or went after the version it means;
    ``document`` (an id or a title) keeps those made by that document."""
    documents = store.documents()
    by_id = {d.id: d for d in documents}
    if document and not any(document == d.id or document in (d.title or "") for d in documents):
        # 0 stale citations of a file the store does not hold would read as "all is well"
        titles = {str(d.title): str(d.title) for d in documents if d.title}
        raise UnknownName("document", document, similar(document, titles))
    works: dict[str, list[DocumentRow]] = defaultdict(list)
    for d in documents:
        if d.work_key and d.status != "draft":
            works[d.work_key].append(d)
    out: list[StaleCitation] = []
    for key, versions in sorted(works.items()):
        if len(versions) < 2:
            continue
        versions.sort(key=lambda d: (_date(d), d.id))
        current = next((v for v in versions if v.is_current), versions[-1])
        rows = [
            r
            for r in store.cited_by(key, limit=_CITATIONS_PER_WORK)
            if not document or _made_by(r, document)
        ]
        out += _stale_of_work(store, key, versions, current, rows, by_id)
    return out


def _made_by(row: CitingRow, document: str) -> bool:
    """Whether a citation is made by the document an id or (part of) a title names."""
    return document == row.document_id or document in (row.document_title or "")


def _stale_of_work(
    store: Queries,
    key: str,
    versions: list[DocumentRow],
    current: DocumentRow,
    citing: Iterable[CitingRow],
    by_id: dict[str, DocumentRow],
) -> list[StaleCitation]:
    aligned: dict[str, dict[str, ArticlePair]] = {}  # meant version id → art_N → its pair
    out = []
    for row in citing:
        article = article_of(row.article_path)
        citer = by_id.get(row.document_id)
        if article is None or citer is None or row.depth != 1:
            continue
        meant, guessed = meant_version(versions, _date(citer), _facts)
        if meant.id == current.id:
            continue
        if meant.id not in aligned:
            aligned[meant.id] = article_map(
                _articles(store, meant.id), _articles(store, current.id)
            )
        pair = aligned[meant.id].get(article)
        if pair is None or pair.change is Change.UNCHANGED:
            continue
        out.append(_stale(row, key, meant, current, pair, guessed))
    return out


def _stale(
    row: CitingRow,
    key: str,
    meant: DocumentRow,
    current: DocumentRow,
    pair: ArticlePair,
    guessed: bool,
) -> StaleCitation:
    """``guessed``: the citing document is undated or older than every held version, so the
    version it means is taken to be the oldest held (and the reason says so)."""
    old = pair.old.locator if pair.old else row.article
    now = pair.new.locator if pair.new else None
    when = _date(current)
    reason = {
        Change.RENUMBERED: f"{when} 版中该条文字未变，条号改为{now}",
        Change.CHANGED: f"{when} 版中该条已修改" + (f"，现为{now}" if now != old else ""),
        Change.DELETED: f"{when} 版已删去该条，无对应条文",
    }.get(pair.change, "")
    return StaleCitation(
        citing_document_id=row.document_id,
        citing_document_title=row.document_title,
        citing_clause_id=row.clause_id,
        locator=row.locator,
        raw=row.raw,
        work=key,
        article=row.article or old,
        cited_version_id=meant.id,
        cited_version_date=_date(meant) or None,
        cited_clause_id=pair.old.id if pair.old else None,
        change=pair.change.value,
        current_version_id=current.id,
        current_article=now,
        current_clause_id=pair.new.id if pair.new else None,
        similarity=pair.similarity,
        reason=(
            f"引用文件未注明日期或早于本库所收最早版本，按 {_date(meant)} 版{old}计；{reason}"
            if guessed
            else f"引用的是 {_date(meant)} 版{old}；{reason}"
        ),
    )


def plain_pair(pair: ArticlePair) -> dict[str, Any]:
    """One 新旧对照 row as JSON-ready values."""
    return {
        "change": pair.change.value,
        "moved": pair.moved,
        "similarity": pair.similarity,
        "old": None
        if pair.old is None
        else {"locator": pair.old.locator, "id": pair.old.id, "text": pair.old.text},
        "new": None
        if pair.new is None
        else {"locator": pair.new.locator, "id": pair.new.id, "text": pair.new.text},
        "diff": [{"op": d.op, "text": d.text} for d in pair.diff],
    }


def clause_validity(store: Queries, clause_id: str) -> dict[str, Any] | None:
    """What a reader of a clause needs before its text: its document's 效力级别, 发布机关, 文号,
    施行日期 and status with the reason; for a superseded version, the article it most likely
    is in the current version (by the alignment), so the page can link there."""
    found = store.read(cypher.CLAUSE, id=clause_id)
    if not found:
        return None
    clause = found[0]["clause"]
    documents = store.documents()
    doc = next((d for d in documents if d.id == clause["document_id"]), None)
    if doc is None:
        return None
    out: dict[str, Any] = {
        k: getattr(doc, k)
        for k in (
            "kind",
            "level",
            "issuers",
            "number",
            "issued",
            "effective",
            "version_date",
            "status",
            "status_basis",
            "status_reason",
            "replaced_by",
            "repealed_by",
            "is_current",
        )
    }
    versions = [d for d in documents if d.work_key == doc.work_key and d.id != doc.id]
    current = next((d for d in versions if d.is_current), None)
    article = article_of(clause_path(clause_id))
    if doc.is_current or current is None or not article:
        return out
    old = _articles(store, doc.id)
    mine = next((a for a in old if article_of(clause_path(a.id)) == article), None)
    pair = next(
        (
            p
            for p in align(old, _articles(store, current.id))
            if p.old is not None and p.old == mine
        ),
        None,
    )
    out["current"] = {
        "document_id": current.id,
        "title": current.title,  # the work, for a link to the 新旧对照 of the two versions
        "version_date": _date(current) or None,
        "clause_id": pair.new.id if pair and pair.new else None,
        "locator": pair.new.locator if pair and pair.new else None,
        "change": pair.change.value if pair else None,
    }
    return out
