"""Load an ``IngestBatch`` into the graph: a few documents per transaction, written with one
statement per kind of node or edge; a document that fails is written again alone and leaves nothing.

Re-loading a document (same id, or same source with new content) replaces its parts; citations
from elsewhere into it fall back to the work and are moved to the current version's article.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from graph import cypher
from graph.errors import GraphError
from graph.schema import CITES_PROPERTIES, NODE_TYPES, Label, Rel, regulation_key
from ingest.models import (
    Body,
    Citation,
    CitationKind,
    Document,
    IngestBatch,
    InspectionItem,
    ParsedDocument,
    Resolution,
)
from ingest.resolve import clean_title

if TYPE_CHECKING:
    from graph.store import GraphStore

CHUNK = 2000  # rows per UNWIND: large enough to amortise a round trip, small enough for memory
GROUP_ROWS = 2000  # nodes per write transaction: whole documents, at least one
_LOCAL_KINDS = {CitationKind.SELF, CitationKind.INTERNAL}
_ALIAS_RESOLUTIONS = {Resolution.ALIAS, Resolution.FUZZY, Resolution.NUMBER}


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)  # document ids
    failed: dict[str, str] = field(default_factory=dict)  # document id → one-line reason
    replaced: list[str] = field(default_factory=list)  # ids of older versions of a source removed
    seconds: float = 0.0


def work_key(document: Document) -> str:
    """The key of the work a document is a version of (its own title when ingest named none)."""
    return regulation_key(clean_title(document.work_title or document.title))


def _value(value: Any) -> Any:
    """Bolt carries str/int/float/bool/list; enums and dates travel as their text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    return value


def _props(label: Label, record: object, **extra: Any) -> dict[str, Any]:
    props = {p: _value(getattr(record, p, None)) for p in NODE_TYPES[label].properties}
    span = getattr(record, "span", None)
    if span is not None:
        props["start"], props["end"] = span.start, span.end
    props.update({k: _value(v) for k, v in extra.items()})
    return props


def _node_rows(label: Label, records: Iterable[object], **extra: Any) -> list[dict[str, Any]]:
    key = NODE_TYPES[label].key
    return [{"key": getattr(r, key), "props": _props(label, r, **extra)} for r in records]


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterable[Sequence[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i : i + CHUNK]


def _run(tx: ManagedTransaction, query: str, rows: Sequence[dict[str, Any]]) -> int:
    total = 0
    for chunk in _chunks(rows):
        record = tx.run(query, rows=list(chunk)).single()
        total += int(record["n"]) if record else 0
    return total


def _expect(tx: ManagedTransaction, query: str, rows: Sequence[dict[str, Any]], what: str) -> None:
    """Write rows that must all find their ends; a missing end fails the whole document."""
    written = _run(tx, query, rows)
    if written != len(rows):
        raise GraphError(f"{what}: {len(rows) - written} of {len(rows)} rows name a missing node")


def article_index(clauses: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Clause id by every path suffix that starts at a chapter or article (``art_20/para_2``),
    which is how a citation names the part of a document it cites."""
    index: dict[str, str] = {}
    for clause_id, path in clauses:
        segments = path.split("/")
        for i, segment in enumerate(segments):
            if segment.startswith(("art_", "ch_")):
                index.setdefault("/".join(segments[i:]), clause_id)
    return index


# -- one document ------------------------------------------------------------------------------
def _citation_edge(citation: Citation, own_articles: dict[str, str]) -> tuple[Label, str] | None:
    """Where a citation's edge ends at load time: its own document's article for 本法/本条,
    the work otherwise (relinking later moves it to the cited article of the current version)."""
    if citation.kind in _LOCAL_KINDS:
        target = own_articles.get(citation.article_path or "")
        return (Label.CLAUSE, target) if target else None
    if not citation.target_title:
        return None
    return Label.REGULATION, regulation_key(citation.target_title)


def _citation_source(
    citation: Citation, items: Sequence[InspectionItem]
) -> list[tuple[Label, str]]:
    if citation.clause_id is None:
        return [(Label.DOCUMENT, citation.document_id)]
    sources = [(Label.CLAUSE, citation.clause_id)]
    sources += [
        (Label.INSPECTION_ITEM, item.id)
        for item in items
        if item.clause_id == citation.clause_id
        and item.span.start <= citation.span.start < item.span.end
    ]
    return sources


def _citation_rows(
    parsed: ParsedDocument,
) -> tuple[dict[tuple[Label, Label], list[dict[str, Any]]], list[dict[str, Any]]]:
    own_articles = article_index((c.id, c.path) for c in parsed.clauses)
    edges: dict[tuple[Label, Label], list[dict[str, Any]]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    for citation in parsed.citations:
        end = _citation_edge(citation, own_articles)
        if end is None:
            continue
        target_key = (
            regulation_key(citation.target_title)
            if citation.target_title and citation.kind not in _LOCAL_KINDS
            else None
        )
        if target_key:
            aliases.setdefault(target_key, set())
            if citation.resolution in _ALIAS_RESOLUTIONS and citation.title:
                aliases[target_key].add(citation.title)
        props = {p: _value(getattr(citation, p, None)) for p in CITES_PROPERTIES}
        props.update(start=citation.span.start, end=citation.span.end, target_key=target_key)
        for label, source in _citation_source(citation, parsed.inspection_items):
            # An item repeats its clause's citation: its edge needs an id of its own.
            row_props = props if label is Label.CLAUSE else dict(props, id=f"{citation.id}@{label}")
            edges[(label, end[0])].append({"start": source, "end": end[1], "props": row_props})
    regulations = [{"key": k, "aliases": sorted(v - {k})} for k, v in sorted(aliases.items())]
    return edges, regulations


def _clause_rows(
    group: Sequence[ParsedDocument],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Clause properties and their PART_OF links by position in ``documents + clauses``."""
    clauses: list[dict[str, Any]] = []
    links = []
    for d, parsed in enumerate(group):
        doc_id = parsed.document.id
        first = len(group) + len(clauses)
        position = {c.id: first + i for i, c in enumerate(parsed.clauses)}
        for c in parsed.clauses:
            parent = position.get(c.parent_id, -1) if c.parent_id else d
            if parent < 0:
                raise GraphError(f"PART_OF {c.id}: its parent {c.parent_id} is a missing node")
            links.append(
                {
                    "child": position[c.id],
                    "parent": parent,
                    "child_id": c.id,
                    "parent_id": c.parent_id or doc_id,
                    "order": c.order,
                }
            )
        clauses += [_props(Label.CLAUSE, c) for c in parsed.clauses]
    return clauses, links


def _write_obligations(tx: ManagedTransaction, group: Sequence[ParsedDocument]) -> None:
    """Obligations with STATED_IN and BINDS edges; every row must find its clause and bodies."""
    obligations = [o for parsed in group for o in parsed.obligations]
    body_keys = sorted({k for o in obligations for k in o.body_keys})
    for stated in (True, False):
        rows = [
            _props(Label.OBLIGATION, o) for o in obligations if (o.clause_id is not None) is stated
        ]
        query = cypher.CREATE_STATED_OBLIGATIONS if stated else cypher.CREATE_UNSTATED_OBLIGATIONS
        for chunk in _chunks(rows):
            record = tx.run(query, rows=list(chunk), body_keys=body_keys).single()
            written, binds = (int(record["n"]), int(record["binds"] or 0)) if record else (0, 0)
            wanted = sum(len(set(r["body_keys"])) for r in chunk)
            if written != len(chunk) or binds != wanted:
                raise GraphError(
                    f"obligations: {len(chunk) - written} of {len(chunk)} rows name a missing "
                    f"clause, {wanted - binds} bindings a missing node"
                )


def remove_documents(tx: ManagedTransaction, ids: list[str]) -> None:
    """Delete documents with their parts, keeping other documents' citations into them."""
    tx.run(cypher.RELEASE_INCOMING_CITATIONS, ids=ids).consume()
    for label in cypher.DOCUMENT_PARTS:
        tx.run(cypher.delete_parts(label), ids=ids).consume()
    tx.run(cypher.DELETE_DOCUMENTS, ids=ids).consume()


def _documents_to_replace(
    tx: ManagedTransaction, group: Sequence[ParsedDocument]
) -> list[list[dict[str, Any]]]:
    """Each document's older versions (same source or id); an old one belongs to the first."""
    rows = [{"id": p.document.id, "source": p.document.source} for p in group]
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in tx.run(cypher.DOCUMENTS_TO_REPLACE, rows=rows):
        found[r["document_id"]][r["id"]] = {"id": r["id"], "work_key": r["work_key"]}
    taken: set[str] = set()
    old = []
    for parsed in group:
        mine = [v for k, v in found[parsed.document.id].items() if k not in taken]
        taken |= {v["id"] for v in mine}
        old.append(mine)
    return old


def _load_group(
    tx: ManagedTransaction, group: Sequence[ParsedDocument]
) -> list[list[dict[str, Any]]]:
    """Documents in one statement per kind (their nodes are created with their edges), after
    their older versions are deleted; each document's replaced versions, in order. One
    statement per group instead of per document saves a parse and a round trip each."""
    old = _documents_to_replace(tx, group)
    if any(old):
        remove_documents(tx, [r["id"] for rows in old for r in rows])
    # Each work's aliases in the order the documents gave them, as one document at a time did.
    aliases: dict[str, list[str]] = {}
    edges: dict[tuple[Label, Label], list[dict[str, Any]]] = defaultdict(list)
    documents, issuers = [], []
    for parsed in group:
        doc = parsed.document
        work = work_key(doc)
        aliases.setdefault(work, [])
        doc_edges, regulations = _citation_rows(parsed)
        for row in regulations:
            known = aliases.setdefault(row["key"], [])
            known += [a for a in row["aliases"] if a not in known]
        for ends, rows in doc_edges.items():
            edges[ends] += rows
        own = {"own_status": doc.status, "work_key": work, "is_current": True}
        documents.append({"work": work, "props": _props(Label.DOCUMENT, doc, **own)})
        issuers += [{"document_id": doc.id, "issuer": name} for name in doc.issuers]
    _run(tx, cypher.MERGE_REGULATIONS, [{"key": k, "aliases": v} for k, v in aliases.items()])
    _expect(tx, cypher.CREATE_DOCUMENTS, documents, "version link")
    _run(tx, cypher.LINK_ISSUERS, issuers)
    with_clauses = [p for p in group if p.clauses]
    if with_clauses:
        clauses, links = _clause_rows(with_clauses)
        written = tx.run(
            cypher.CREATE_CLAUSES,
            documents=[p.document.id for p in with_clauses],
            rows=clauses,
            links=links,
        ).single()
        if not written or written["n"] != len(links):
            missing = len(links) - (written["n"] if written else 0)
            raise GraphError(f"PART_OF: {missing} of {len(links)} rows name a missing node")
    items = [_props(Label.INSPECTION_ITEM, i) for p in group for i in p.inspection_items]
    _expect(tx, cypher.CREATE_ITEMS, items, "inspection items")
    _write_obligations(tx, group)
    for (start, end), rows in edges.items():
        _expect(tx, cypher.create_citations(start, end), rows, f"citation {start}→{end}")
    return old


def _body_rows(batch: IngestBatch) -> list[dict[str, Any]]:
    """The batch's bodies, plus a bare node for any key an obligation names without one."""
    bodies: dict[str, Body] = {b.key: b for b in batch.bodies}
    named = {k for p in batch.documents for o in p.obligations for k in o.body_keys}
    named |= {m.body_key for p in batch.documents for m in p.body_mentions}
    rows = _node_rows(Label.BODY, bodies.values())
    rows += [{"key": k, "props": {"key": k, "name": k}} for k in sorted(named - set(bodies))]
    return rows


def _load_bodies(tx: ManagedTransaction, batch: IngestBatch) -> None:
    _run(tx, cypher.merge_nodes(Label.BODY), _body_rows(batch))
    links = [
        {"start": b.key, "end": b.parent_key, "props": {}} for b in batch.bodies if b.parent_key
    ]
    _run(tx, cypher.merge_links(Rel.SUB_OF, Label.BODY, Label.BODY), links)


def _cited_works(parsed: ParsedDocument) -> set[str]:
    return {
        regulation_key(c.target_title)
        for c in parsed.citations
        if c.target_title and c.kind not in _LOCAL_KINDS
    }


def _failure(parsed: ParsedDocument, err: Exception) -> str:
    message = str(err).splitlines()[0] if str(err) else type(err).__name__
    return f"{parsed.document.source}: {message}"


def _groups(documents: Iterable[ParsedDocument]) -> Iterator[list[ParsedDocument]]:
    """Consecutive documents of about ``GROUP_ROWS`` nodes together, in batch order. Two
    documents of one source or id never share a group: the later one replaces the earlier."""
    group: list[ParsedDocument] = []
    names: set[tuple[str, str]] = set()
    rows = 0
    for parsed in documents:
        own = {("id", parsed.document.id), ("source", parsed.document.source)}
        if own & names:
            yield group
            group, names, rows = [], set(), 0
        group.append(parsed)
        names |= own
        rows += len(parsed.clauses) + len(parsed.obligations) + len(parsed.inspection_items)
        if rows >= GROUP_ROWS:
            yield group
            group, names, rows = [], set(), 0
    if group:
        yield group


def _write_group(
    store: GraphStore, group: list[ParsedDocument]
) -> list[list[dict[str, Any]] | str]:
    """Each document's replaced versions or why it failed. The group is written in one
    transaction; if any of it fails, that transaction leaves nothing and each document is
    written again on its own, so only the failing one is left out."""
    try:
        return list(store.write(lambda tx: _load_group(tx, group)))
    except (GraphError, Neo4jError, DriverError) as err:
        if len(group) == 1:
            return [_failure(group[0], err)]
    outcomes: list[list[dict[str, Any]] | str] = []
    for parsed in group:
        try:
            outcomes += store.write(lambda tx, p=parsed: _load_group(tx, [p]))  # type: ignore[misc]
        except (GraphError, Neo4jError, DriverError) as err:
            outcomes.append(_failure(parsed, err))
    return outcomes


def load(
    store: GraphStore, batch: IngestBatch, progress: Callable[[str], None] | None = None
) -> LoadReport:
    """Write ``batch`` into the graph; a document that fails leaves nothing of itself behind.

    Documents are written in batch order, a few in each transaction (one commit for about
    ``GROUP_ROWS`` nodes instead of one per document); a failing document is retried alone.
    Writing several transactions at once only trades CPU for conflicts on the works they all
    cite."""
    started = time.perf_counter()
    report = LoadReport()
    store.ensure_schema()
    if batch.bodies or any(p.obligations for p in batch.documents):
        store.write(lambda tx: _load_bodies(tx, batch))
    works: set[str] = set()
    for group in _groups(batch.documents):
        for parsed, outcome in zip(group, _write_group(store, group), strict=True):
            doc = parsed.document
            if isinstance(outcome, str):
                report.failed[doc.id] = outcome
                continue
            report.loaded.append(doc.id)
            report.replaced += [r["id"] for r in outcome if r["id"] != doc.id]
            works |= {work_key(doc), *(r["work_key"] for r in outcome if r["work_key"])}
            works |= _cited_works(parsed)
            if progress:
                progress(f"graph: {doc.source}")
    store.refresh_works(sorted(works))
    report.seconds = time.perf_counter() - started
    return report
