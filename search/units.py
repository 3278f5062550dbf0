"""Search units cut from ingested records: statute articles, scoring rows, notice/plan items.

A unit is what a hit shows: one article with its 款/项, one scored row, or one leaf item of a
notice, plan or report, with its document's metadata and the citations it makes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ingest.models import Citation, Clause, ClauseKind, ParsedDocument

# Containers whose heading a reader sees above a unit (第二章 总则, 一、行动目标).
_HEADED = {
    ClauseKind.PART,
    ClauseKind.CHAPTER,
    ClauseKind.SECTION,
    ClauseKind.HEADING,
    ClauseKind.TABLE,
    ClauseKind.ITEM,
}


@dataclass(frozen=True, slots=True)
class SearchUnit:
    """One retrievable unit; ``id`` is the clause id, ``span`` indexes ``Document.text``."""

    id: str
    document_id: str
    document_title: str
    source: str
    locator: str
    path: tuple[str, ...]  # headings from the document root down to the unit's parent
    kind: str  # ClauseKind of the unit
    document_kind: str  # DocumentKind of its document
    level: str
    jurisdiction: str | None
    status: str
    version_date: str | None
    work_title: str | None  # canonical title of the work, shared by its versions
    text: str
    span: tuple[int, int]
    code: str | None = None  # inspection item code (3-3-6) for scored rows
    bodies: tuple[str, ...] = ()  # body keys mentioned in the unit, plus the issuers
    cites: tuple[str, ...] = ()  # what the unit cites, as written: 《医疗机构管理条例》第二十条
    cite_refs: tuple[str, ...] = ()  # resolved article targets: "<document_id>#art_20"
    cite_docs: tuple[str, ...] = ()  # documents cited as a whole (no article named)
    effective: str | None = None  # 施行日期 of the document (ISO), for search as of a date

    def heading_text(self) -> str:
        """The path and locator, the context a reader needs to understand the text."""
        return " ".join((*self.path, self.locator))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> SearchUnit:
        values: dict[str, Any] = {f.name: row[f.name] for f in fields(cls) if f.name in row}
        for name in ("path", "bodies", "cites", "cite_refs", "cite_docs"):
            values[name] = tuple(values.get(name) or ())
        values["span"] = tuple(values["span"])
        return cls(**values)


def article_ref(document_id: str, clause_path: str) -> str | None:
    """``doc#art_20`` for a clause path that contains an article segment, else None."""
    for segment in clause_path.split("/"):
        if segment.startswith("art_"):
            return f"{document_id}#{segment}"
    return None


@dataclass(frozen=True, slots=True)
class CiteLinks:
    """Where a unit's citations lead: articles ("<document_id>#art_20") and whole documents."""

    refs: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


def cite_links(
    document_id: str, citations: Iterable[Citation], unit_of_clause: Mapping[str, str]
) -> dict[str, CiteLinks]:
    """Per citing unit, the targets of its citations, each once, in reading order: the one rule
    for building a unit and for relinking it when the graph moves its citations."""
    refs: dict[str, list[str]] = {}
    whole: dict[str, list[str]] = {}
    for citation in citations:
        citing = unit_of_clause.get(citation.clause_id or "")
        if citing is None:
            continue
        if citation.target_document_id and citation.article_path:
            if ref := article_ref(citation.target_document_id, citation.article_path):
                refs.setdefault(citing, []).append(ref)
        elif citation.target_document_id and citation.target_document_id != document_id:
            whole.setdefault(citing, []).append(citation.target_document_id)
    return {
        unit: CiteLinks(
            tuple(dict.fromkeys(refs.get(unit, ()))), tuple(dict.fromkeys(whole.get(unit, ())))
        )
        for unit in refs.keys() | whole.keys()
    }


def containing_unit(clause_id: str, unit_ids: Container[str]) -> str | None:
    """The unit holding a clause: the clause itself or the nearest ancestor that is a unit
    (a clause id is its document's id and its path, ``doc#ch_2/art_19/para_2``)."""
    document, _, path = clause_id.partition("#")
    parts = path.split("/")
    while parts:
        if (candidate := f"{document}#{'/'.join(parts)}") in unit_ids:
            return candidate
        parts.pop()
    return None


def _is_unit(clause: Clause, has_children: bool, in_article: bool) -> bool:
    if clause.kind is ClauseKind.ARTICLE:
        return True
    if in_article:
        return False
    return not has_children and bool(clause.text.strip())


def _heading(clause: Clause) -> str:
    if clause.heading and clause.heading not in clause.locator:
        return f"{clause.locator} {clause.heading}".strip()
    return clause.locator or (clause.heading or "")


def units_of(parsed: ParsedDocument) -> Iterator[SearchUnit]:
    """The units of one document: articles, and leaf clauses outside any article."""
    document = parsed.document
    by_id = {c.id: c for c in parsed.clauses}
    parents_with_children = {c.parent_id for c in parsed.clauses if c.parent_id}
    codes = {item.clause_id: item.code for item in parsed.inspection_items}
    mentions: dict[str, set[str]] = {}
    for mention in parsed.body_mentions:
        if mention.clause_id:
            mentions.setdefault(mention.clause_id, set()).add(mention.body_key)
    version = document.version_date.isoformat() if document.version_date else None

    def ancestors(clause: Clause) -> list[Clause]:
        chain = []
        parent = by_id.get(clause.parent_id) if clause.parent_id else None
        while parent is not None:
            chain.append(parent)
            parent = by_id.get(parent.parent_id) if parent.parent_id else None
        return chain[::-1]

    # A statute's text before its first article is the title and promulgation lines: it
    # would match every question naming the statute and answers none.
    has_articles = any(c.kind is ClauseKind.ARTICLE for c in parsed.clauses)
    unit_of_clause: dict[str, str] = {}
    units: list[tuple[Clause, list[Clause]]] = []
    for clause in parsed.clauses:
        if has_articles and clause.kind is ClauseKind.PREAMBLE:
            continue
        chain = ancestors(clause)
        in_article = any(a.kind is ClauseKind.ARTICLE for a in chain)
        if _is_unit(clause, clause.id in parents_with_children, in_article):
            units.append((clause, chain))
    unit_ids = {clause.id for clause, _ in units}
    for clause in parsed.clauses:
        # Map every clause to the unit that contains it (itself or an ancestor article).
        node: Clause | None = clause
        while node is not None and node.id not in unit_ids:
            node = by_id.get(node.parent_id or "")
        if node is not None:
            unit_of_clause[clause.id] = node.id

    unit_bodies: dict[str, set[str]] = {}
    for inner, unit_id in unit_of_clause.items():
        unit_bodies.setdefault(unit_id, set()).update(mentions.get(inner, ()))

    cites: dict[str, list[str]] = {}
    for citation in parsed.citations:
        if (citing := unit_of_clause.get(citation.clause_id or "")) is not None:
            cites.setdefault(citing, []).append(citation.raw)
    links = cite_links(document.id, parsed.citations, unit_of_clause)

    for clause, chain in units:
        bodies = set(document.issuers) | unit_bodies.get(clause.id, set())
        yield SearchUnit(
            id=clause.id,
            document_id=document.id,
            document_title=document.title,
            source=document.source,
            locator=clause.locator,
            path=tuple(h for a in chain if a.kind in _HEADED and (h := _heading(a))),
            kind=str(clause.kind),
            document_kind=str(document.kind),
            level=str(document.level),
            jurisdiction=document.jurisdiction,
            status=str(document.status),
            version_date=version,
            work_title=document.work_title,
            text=clause.text,
            span=(clause.span.start, clause.span.end),
            code=codes.get(clause.id),
            bodies=tuple(sorted(bodies)),
            cites=tuple(dict.fromkeys(cites.get(clause.id, ()))),
            cite_refs=links.get(clause.id, CiteLinks()).refs,
            cite_docs=links.get(clause.id, CiteLinks()).documents,
            effective=document.effective.isoformat() if document.effective else None,
        )


def lexical_text(unit: SearchUnit) -> str:
    """What BM25 sees: the title and headings above the unit (they carry its topic), its text.

    The title lets a question that names the law find its articles (dev set MRR +0.01).
    """
    return f"{unit.document_title} {unit.heading_text()}\n{unit.text}"


def dense_text(unit: SearchUnit) -> str:
    """What the encoder sees: the work's title and headings give a short article its subject."""
    return f"{unit.document_title} {unit.heading_text()}\n{unit.text}"


def units_from_documents(documents: Iterable[ParsedDocument]) -> list[SearchUnit]:
    """Units of every document, in document then clause order."""
    return [unit for parsed in documents for unit in units_of(parsed)]


def corpus_hash(units: Sequence[SearchUnit]) -> str:
    """Hash of the units as indexed: any change of id, text or metadata changes it."""
    digest = hashlib.sha256()
    for unit in units:
        digest.update(json.dumps(unit.to_json(), ensure_ascii=False, sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def write_units(units: Sequence[SearchUnit], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for unit in units:
            out.write(json.dumps(unit.to_json(), ensure_ascii=False) + "\n")


def read_units(path: Path) -> list[SearchUnit]:
    with path.open(encoding="utf-8") as lines:
        return [SearchUnit.from_json(json.loads(line)) for line in lines if line.strip()]
